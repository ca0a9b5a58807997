import { defineRule } from '../rule.js';

export const fileSymlinkLoop = defineRule({
  id: 'file/symlink-loop',
  severity: 'error',
  short: 'A symbolic link leads back to itself.',
  full: 'A link loop cannot be followed, so nothing behind it was checked.',
  help: 'Remove the link or point it at a real file or folder.',
});
