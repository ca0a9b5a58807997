import { defineRule } from '../rule.js';

export const yamlTabIndent = defineRule({
  id: 'yaml/tab-indent',
  severity: 'error',
  short: 'A tab is used for indentation.',
  full: 'YAML allows only spaces for indentation.',
  help: 'Replace the tab with spaces.',
});
