import { defineRule } from '../rule.js';

export const quoteLanguageMismatch = defineRule({
  id: 'quote/language-mismatch',
  severity: 'warning',
  short: 'A quote is not in the language of its document.',
  full: 'Quotes are recorded in the original language; a translation belongs in "translation".',
  help: 'Quote the words in the document language and put your rendering in "translation".',
  // The language of a quote is guessed from its script and common words.
  precision: 'medium',
});
