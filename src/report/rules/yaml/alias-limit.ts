import { defineRule } from '../rule.js';

export const yamlAliasLimit = defineRule({
  id: 'yaml/alias-limit',
  severity: 'error',
  short: 'A file expands too many YAML aliases.',
  full: 'Expanding aliases without bound is an "alias bomb" that can exhaust memory.',
  help: 'Write the values out instead of using aliases.',
});
