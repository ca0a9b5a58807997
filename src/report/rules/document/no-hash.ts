import { defineRule } from '../rule.js';

export const documentNoHash = defineRule({
  id: 'document/no-hash',
  severity: 'info',
  short: 'A document records no SHA-256 of its text.',
  full: 'Without a hash, later edits to the document text go unnoticed.',
  help: 'Run "claims hash" to record the hash.',
});
