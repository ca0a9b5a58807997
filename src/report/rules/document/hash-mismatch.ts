import { defineRule } from '../rule.js';

export const documentHashMismatch = defineRule({
  id: 'document/hash-mismatch',
  severity: 'error',
  short: 'The text of a document changed since the claims were recorded.',
  full: 'The quotes were checked against another version of the text.',
  help: 'Re-check the quotes against the new text, then run "claims hash" to accept it.',
});
