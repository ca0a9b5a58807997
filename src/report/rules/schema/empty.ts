import { defineRule } from '../rule.js';

export const schemaEmpty = defineRule({
  id: 'schema/empty',
  severity: 'error',
  short: 'A field or list is empty.',
  full: 'An empty value records nothing.',
  help: 'Write something in the field or remove it.',
});
