import { defineRule } from '../rule.js';

export const refDuplicateId = defineRule({
  id: 'ref/duplicate-id',
  severity: 'error',
  short: 'An id is used twice.',
  full: 'Ids of sources, documents and claims must be unique across all files; otherwise references are ambiguous.',
  help: 'Rename one of the two entries.',
});
