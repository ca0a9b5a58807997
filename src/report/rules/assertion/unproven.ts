import { defineRule } from '../rule.js';

export const assertionUnproven = defineRule({
  id: 'assertion/unproven',
  severity: 'warning',
  short: 'An assertion does not count: none of its quotes is verified.',
  full: 'Only proven voices count: an assertion adds its source\'s voice only when at least one of its quotes is found in a local document text. Without one, the verdict would rest on nothing an editor can check.',
  help: 'Add a verbatim quote from a document with a local text, fix the quote that was not found, or (for documents with only a URL) set corroboration.count_unverified: true.',
});
