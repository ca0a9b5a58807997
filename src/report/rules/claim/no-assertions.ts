import { defineRule } from '../rule.js';

export const claimNoAssertions = defineRule({
  id: 'claim/no-assertions',
  severity: 'warning',
  short: 'A claim has no assertions.',
  full: 'Without assertions no verdict can be given.',
  help: 'Record who asserts, corroborates, denies or disputes the claim.',
});
