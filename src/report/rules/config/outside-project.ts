import { defineRule } from '../rule.js';

export const configOutsideProject = defineRule({
  id: 'config/outside-project',
  severity: 'error',
  short: 'A corpus path in claims.config.yaml leaves the project folder.',
  full: 'Corpus paths are relative to the folder of claims.config.yaml and may not leave it (an absolute path, "..", or a symbolic link out of it), so that a configuration cannot make the tool read arbitrary files. The check does not run.',
  help: 'Move the claim files into the project folder and name them with a relative path.',
});
