import { defineRule } from '../rule.js';

export const schemaEnum = defineRule({
  id: 'schema/enum',
  severity: 'error',
  short: 'A value is not one of the allowed values.',
  full: 'Fields such as "stance" take one of a fixed list of values.',
  help: 'Use one of the values listed in the message; it suggests the closest one.',
});
