import { defineRule } from '../rule.js';

export const quoteNotFound = defineRule({
  id: 'quote/not-found',
  severity: 'error',
  short: 'A quote does not appear in its document.',
  full: 'Every quote must be verbatim text of the document it is tied to. A quote that is not there may be misattributed or altered.',
  help: 'Copy the words exactly as printed in the document, or tie the quote to the right document.',
});
