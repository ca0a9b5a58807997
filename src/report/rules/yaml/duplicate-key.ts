import { defineRule } from '../rule.js';

export const yamlDuplicateKey = defineRule({
  id: 'yaml/duplicate-key',
  severity: 'error',
  short: 'A key appears twice in one map.',
  full: 'YAML keeps only one of two identical keys; the other value would be lost silently.',
  help: 'Remove or rename one of the two keys.',
});
