import { defineRule } from '../rule.js';

export const schemaUnknownField = defineRule({
  id: 'schema/unknown-field',
  severity: 'error',
  short: 'A field is not part of the file format.',
  full: 'Unknown fields are refused so that a misspelt field name cannot pass silently.',
  help: 'Fix the spelling (the message suggests the closest field) or remove the field.',
});
