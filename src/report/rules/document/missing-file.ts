import { defineRule } from '../rule.js';

export const documentMissingFile = defineRule({
  id: 'document/missing-file',
  severity: 'error',
  short: 'The text file of a document does not exist.',
  full: 'Quotes are verified against the local text of their document; without it they cannot be checked.',
  help: 'Fix the path (the message suggests the closest file) or add the text file.',
});
