import { defineRule } from '../rule.js';

export const assertionAfterDocument = defineRule({
  id: 'assertion/after-document',
  severity: 'error',
  short: 'An assertion is dated after the document that reports it.',
  full: 'A document cannot report a statement made after it was published: one of the two dates is wrong.',
  help: 'Fix the date of the assertion or the publication date of the document.',
});
