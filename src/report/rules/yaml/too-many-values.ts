import { defineRule } from '../rule.js';

export const yamlTooManyValues = defineRule({
  id: 'yaml/too-many-values',
  severity: 'error',
  short: 'A file holds too many YAML values to be read safely.',
  full: 'A file that needs the full YAML reader (tabs, Windows line endings, escapes, anchors) and holds more lines and list items than a claim file ever does is refused before parsing, because that reader takes about 2 KB of memory per value.',
  help: 'Split the file into smaller files, or save it with plain line endings and no tabs.',
});
