import { defineRule } from '../rule.js';

export const fileUnreadable = defineRule({
  id: 'file/unreadable',
  severity: 'error',
  short: 'A file or folder could not be read.',
  full: 'The file or folder exists but reading it failed (permissions or an I/O error), so its entries were not checked.',
  help: 'Check the permissions of the file (chmod) and that it is a regular file.',
});
