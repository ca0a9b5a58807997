import { defineRule } from '../rule.js';

export const schemaTooLong = defineRule({
  id: 'schema/too-long',
  severity: 'error',
  short: 'A value is too long.',
  full: 'The field has a maximum length.',
  help: 'Shorten the value.',
});
