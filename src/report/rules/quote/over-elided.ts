import { defineRule } from '../rule.js';

export const quoteOverElided = defineRule({
  id: 'quote/over-elided',
  severity: 'error',
  short: 'An elided quote leaves out too much to be checked.',
  full: 'A quote cut into many short parts, or with far more left out than kept, can be pieced together from scattered letters or words of a text that never says it.',
  help: 'Quote the passage with at most 5 elisions, each kept part at least two words.',
});
