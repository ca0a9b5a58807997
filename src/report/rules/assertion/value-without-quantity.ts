import { defineRule } from '../rule.js';

export const assertionValueWithoutQuantity = defineRule({
  id: 'assertion/value-without-quantity',
  severity: 'error',
  short: 'An assertion gives a value, but its claim has no quantity.',
  full: 'A figure means nothing without saying what it counts, and it is left out of the verdict.',
  help: 'Add quantity: {what: …, unit: …} to the claim.',
});
