import { defineRule } from '../rule.js';

export const schemaPattern = defineRule({
  id: 'schema/pattern',
  severity: 'error',
  short: 'A value does not have the expected form.',
  full: 'Ids, dates, language tags and hashes must follow a fixed form.',
  help: 'Rewrite the value as the message shows (ids: lowercase words joined by hyphens; dates: YYYY-MM-DD).',
});
