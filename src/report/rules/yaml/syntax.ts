import { defineRule } from '../rule.js';

export const yamlSyntax = defineRule({
  id: 'yaml/syntax',
  severity: 'error',
  short: 'YAML syntax error.',
  full: 'The file is not valid YAML, so none of its entries could be checked.',
  help: 'Fix the syntax at the position given (indentation, quotes, colons) and check again.',
});
