import { defineRule } from '../rule.js';

export const claimSingleDocument = defineRule({
  id: 'claim/single-document',
  severity: 'warning',
  short: 'All support for a claim comes from one article.',
  full: 'Corroboration quoted from a single article and its translations is fragile.',
  help: 'Look for a second, independent document.',
  // One article may really hold independent voices.
  precision: 'high',
});
