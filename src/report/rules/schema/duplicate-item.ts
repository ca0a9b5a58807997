import { defineRule } from '../rule.js';

export const schemaDuplicateItem = defineRule({
  id: 'schema/duplicate-item',
  severity: 'error',
  short: 'A list holds the same value twice.',
  full: 'Lists such as tags or parties must not repeat a value.',
  help: 'Remove the repeated value.',
});
