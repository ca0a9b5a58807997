import { defineRule } from '../rule.js';

export const schemaRequired = defineRule({
  id: 'schema/required',
  severity: 'error',
  short: 'A required field is missing.',
  full: 'The entry lacks a field the file format requires (for example "stance" in an assertion).',
  help: 'Add the missing field named in the message.',
});
