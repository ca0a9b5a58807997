import { defineRule } from '../rule.js';

export const yamlTag = defineRule({
  id: 'yaml/tag',
  severity: 'error',
  short: 'A YAML tag is used.',
  full: 'Tags such as !!js/function are never interpreted: nothing is executed from YAML.',
  help: 'Remove the tag and write the value as plain text.',
});
