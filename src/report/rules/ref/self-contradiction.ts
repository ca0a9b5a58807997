import { defineRule } from '../rule.js';

export const refSelfContradiction = defineRule({
  id: 'ref/self-contradiction',
  severity: 'error',
  short: 'A claim contradicts itself.',
  full: 'contradicts names the claims that cannot be true together with this one; a claim is always true together with itself.',
  help: 'Remove the claim\'s own id from its contradicts.',
});
