import { defineRule } from '../rule.js';

export const yamlUnclosedQuote = defineRule({
  id: 'yaml/unclosed-quote',
  severity: 'error',
  short: 'A quoted value is never closed.',
  full: 'A missing closing quote makes the rest of the file part of one value, so the file cannot be read.',
  help: 'Add the closing quote at the end of the value.',
});
