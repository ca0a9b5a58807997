import { defineRule } from '../rule.js';

export const fileOutsideProject = defineRule({
  id: 'file/outside-project',
  severity: 'error',
  short: 'A symbolic link points outside the project folder.',
  full: 'Files outside the project are never read, so that a corpus cannot make the tool read arbitrary files.',
  help: 'Copy the file into the project instead of linking to it.',
});
