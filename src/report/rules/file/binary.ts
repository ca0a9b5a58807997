import { defineRule } from '../rule.js';

export const fileBinary = defineRule({
  id: 'file/binary',
  severity: 'error',
  short: 'A file looks binary, not YAML text.',
  full: 'A file in the corpus contains NUL bytes, so it is not a text file.',
  help: 'Remove the file from the corpus folder or give it an extension other than .yaml.',
});
