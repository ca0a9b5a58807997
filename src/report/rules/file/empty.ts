import { defineRule } from '../rule.js';

export const fileEmpty = defineRule({
  id: 'file/empty',
  severity: 'warning',
  short: 'A file is empty or holds only comments.',
  full: 'There is nothing to check in the file.',
  help: 'Add entries under "claims:", "sources:" or "documents:", or delete the file.',
});
