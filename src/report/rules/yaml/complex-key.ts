import { defineRule } from '../rule.js';

export const yamlComplexKey = defineRule({
  id: 'yaml/complex-key',
  severity: 'error',
  short: 'A map key is not plain text.',
  full: 'Keys that are lists or maps (complex keys) have no meaning in claim files and are refused.',
  help: 'Write the key as plain text.',
});
