import { defineRule } from '../rule.js';

export const quoteUnverifiable = defineRule({
  id: 'quote/unverifiable',
  severity: 'info',
  short: 'A quote cannot be verified.',
  full: 'Its document has only a URL and no local text file.',
  help: 'Save the article text in the project and set "path" on the document.',
});
