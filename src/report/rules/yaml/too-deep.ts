import { defineRule } from '../rule.js';

export const yamlTooDeep = defineRule({
  id: 'yaml/too-deep',
  severity: 'error',
  short: 'A file is nested too deeply.',
  full: 'Deep nesting is refused to read hostile input safely; claim files need only a few levels.',
  help: 'Flatten the structure.',
});
