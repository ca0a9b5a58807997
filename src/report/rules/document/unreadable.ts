import { defineRule } from '../rule.js';

export const documentUnreadable = defineRule({
  id: 'document/unreadable',
  severity: 'error',
  short: 'The text file of a document could not be read.',
  full: 'The document text could not be read, so its quotes cannot be verified.',
  help: 'Check the file and its permissions.',
});
