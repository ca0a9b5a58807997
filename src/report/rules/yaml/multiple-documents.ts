import { defineRule } from '../rule.js';

export const yamlMultipleDocuments = defineRule({
  id: 'yaml/multiple-documents',
  severity: 'error',
  short: 'A file holds more than one YAML document.',
  full: 'Only the first document (before "---") is checked.',
  help: 'Put each document in its own file.',
});
