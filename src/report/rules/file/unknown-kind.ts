import { defineRule } from '../rule.js';

export const fileUnknownKind = defineRule({
  id: 'file/unknown-kind',
  severity: 'error',
  short: 'A file is not a claims, sources or documents file.',
  full: 'Every file must be a map with one top-level list: "claims:", "sources:" or "documents:". Otherwise it is not clear what it records.',
  help: 'Start the file with "claims:", "sources:" or "documents:" followed by a list of entries.',
});
