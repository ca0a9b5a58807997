import { defineRule } from '../rule.js';

export const assertionNoQuote = defineRule({
  id: 'assertion/no-quote',
  severity: 'warning',
  short: 'An assertion has no quote.',
  full: 'Nothing proves the stance taken.',
  help: 'Add the words as printed, with the document they appear in.',
});
