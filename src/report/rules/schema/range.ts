import { defineRule } from '../rule.js';

export const schemaRange = defineRule({
  id: 'schema/range',
  severity: 'error',
  short: 'A number is out of range.',
  full: 'The field accepts only numbers within a range.',
  help: 'Use a number within the range given in the message.',
});
