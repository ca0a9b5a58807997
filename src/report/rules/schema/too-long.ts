import { defineRule } from '../rule.js';

export const schemaTooLong = defineRule({
  id: 'schema/too-long',
  severity: 'error',
  short: 'A value or a list is too long.',
  full: 'The field has a maximum length, or the list a maximum number of values.',
  help: 'Shorten the value, or list fewer values.',
});
