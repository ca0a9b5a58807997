import { defineRule } from '../rule.js';

export const fileDanglingSymlink = defineRule({
  id: 'file/dangling-symlink',
  severity: 'error',
  short: 'A symbolic link points at nothing.',
  full: 'The target of the link does not exist.',
  help: 'Remove the link or fix its target.',
});
