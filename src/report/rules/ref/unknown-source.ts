import { defineRule } from '../rule.js';

export const refUnknownSource = defineRule({
  id: 'ref/unknown-source',
  severity: 'error',
  short: 'A source id does not exist.',
  full: 'An assertion or a relay names a source that no sources file defines.',
  help: 'Add the source to a sources file or fix the id (the message suggests the closest one).',
});
