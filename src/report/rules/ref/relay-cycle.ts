import { defineRule } from '../rule.js';

export const refRelayCycle = defineRule({
  id: 'ref/relay-cycle',
  severity: 'error',
  short: 'Sources relay each other in a circle.',
  full: 'A chain of relays must end at an original speaker, or no voice can be counted.',
  help: 'Remove "relays" from the source that spoke first.',
});
