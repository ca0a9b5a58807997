import { defineRule } from '../rule.js';

export const refUnknownDocument = defineRule({
  id: 'ref/unknown-document',
  severity: 'error',
  short: 'A document id does not exist.',
  full: 'A quote or a translation names a document that no documents file defines.',
  help: 'Add the document to a documents file or fix the id (the message suggests the closest one).',
});
