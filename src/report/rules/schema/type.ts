import { defineRule } from '../rule.js';

export const schemaType = defineRule({
  id: 'schema/type',
  severity: 'error',
  short: 'A value has the wrong type.',
  full: 'A field expects text, a number, a list or a map, and got something else.',
  help: 'Write the value with the type named in the message.',
});
