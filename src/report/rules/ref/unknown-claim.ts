import { defineRule } from '../rule.js';

export const refUnknownClaim = defineRule({
  id: 'ref/unknown-claim',
  severity: 'error',
  short: 'A claim id in contradicts does not exist.',
  full: 'A claim can only contradict a claim the ledger records; a misspelt id would leave the relation out of both verdicts.',
  help: 'Fix the id (the message suggests the closest one) or record that claim.',
});
