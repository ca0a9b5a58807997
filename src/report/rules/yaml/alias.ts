import { defineRule } from '../rule.js';

export const yamlAlias = defineRule({
  id: 'yaml/alias',
  severity: 'error',
  short: 'A YAML alias is invalid.',
  full: 'An alias (*name) refers to an anchor (&name) that does not exist or is used wrongly.',
  help: 'Define the anchor before the alias, or write the value out.',
});
