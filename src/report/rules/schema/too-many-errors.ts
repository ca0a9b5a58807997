import { defineRule } from '../rule.js';

export const schemaTooManyErrors = defineRule({
  id: 'schema/too-many-errors',
  severity: 'error',
  short: 'More schema errors in the file than are shown.',
  full: 'Only a bounded number of schema errors are reported per file.',
  help: 'Fix the errors shown and check again.',
});
