import { defineRule } from '../rule.js';

export const documentNotEvidence = defineRule({
  id: 'document/not-evidence',
  severity: 'error',
  short: 'A document path names a ledger or data file, not a text of the evidence.',
  full: 'A claim, sources or documents file, the configuration, or any .yaml, .yml or .json file is not an article: quoting it would let a claim file be its own evidence.',
  help: 'Point the document at the text file of the article (for example under seeds/).',
});
