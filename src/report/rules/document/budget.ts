import { defineRule } from '../rule.js';

export const documentBudget = defineRule({
  id: 'document/budget',
  severity: 'error',
  short: 'A document text was not checked: the run had read its limit of document texts.',
  full: 'One run reads at most 256 MiB of document texts, so that a ledger cannot make a check run without end; the quotes of documents past it are not verified.',
  help: 'Split the ledger into smaller projects, or remove documents whose texts repeat.',
});
