import { defineRule } from '../rule.js';

export const refUnknownParty = defineRule({
  id: 'ref/unknown-party',
  severity: 'error',
  short: 'A party is not listed in the configuration.',
  full: 'A misspelt party would count as a separate voice and change verdicts.',
  help: 'Use one of the parties listed in claims.config.yaml, or add the party there.',
});
