import { defineRule } from '../rule.js';

export const schemaInvalid = defineRule({
  id: 'schema/invalid',
  severity: 'error',
  short: 'A value breaks a rule of the file format.',
  full: 'The value does not fit the file format in a way none of the other schema rules names.',
  help: 'Compare the entry with the examples in the README and the file format, and rewrite the value.',
});
