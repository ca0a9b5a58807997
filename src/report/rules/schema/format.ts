import { defineRule } from '../rule.js';

export const schemaFormat = defineRule({
  id: 'schema/format',
  severity: 'error',
  short: 'A value is not a valid URL, date or other format.',
  full: 'The field must hold a well-formed value of its format.',
  help: 'Write the value in full, for example a URL starting with https://.',
});
