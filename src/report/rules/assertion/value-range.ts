import { defineRule } from '../rule.js';

export const assertionValueRange = defineRule({
  id: 'assertion/value-range',
  severity: 'error',
  short: 'A value range has its low figure above its high one.',
  full: 'The range is empty, so the figure is left out of the verdict.',
  help: 'Swap low and high.',
});
