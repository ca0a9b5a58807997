import { defineRule } from '../rule.js';

export const refSelfReference = defineRule({
  id: 'ref/self-reference',
  severity: 'error',
  short: 'A document is a translation or republication of itself.',
  full: 'A document cannot derive from itself.',
  help: 'Point translation_of or republication_of at the original document.',
});
