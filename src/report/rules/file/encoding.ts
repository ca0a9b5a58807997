import { defineRule } from '../rule.js';

export const fileEncoding = defineRule({
  id: 'file/encoding',
  severity: 'error',
  short: 'A file is not valid UTF-8 text.',
  full: 'Claim files must be UTF-8. Files saved as UTF-16 or in a legacy encoding such as Windows-1252 cannot be read reliably.',
  help: 'Save the file as UTF-8 in your editor and check again.',
});
