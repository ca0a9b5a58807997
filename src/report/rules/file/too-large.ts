import { defineRule } from '../rule.js';

export const fileTooLarge = defineRule({
  id: 'file/too-large',
  severity: 'error',
  short: 'A file is larger than the configured limit.',
  full: 'Very large files are not read, to keep a check fast and safe against hostile input.',
  help: 'Split the file into smaller files, or raise limits.maxFileBytes in claims.config.yaml.',
});
