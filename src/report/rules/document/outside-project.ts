import { defineRule } from '../rule.js';

export const documentOutsideProject = defineRule({
  id: 'document/outside-project',
  severity: 'error',
  short: 'A document path leaves the project folder.',
  full: 'Document paths are relative to the project folder and may not escape it, so that a corpus cannot make the tool read arbitrary files.',
  help: 'Copy the text into the project and give a relative path.',
});
