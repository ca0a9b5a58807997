import { defineRule } from '../rule.js';

export const documentExcluded = defineRule({
  id: 'document/excluded',
  severity: 'error',
  short: 'A document path names a file that is never read as evidence.',
  full: 'Hidden files and folders (.git, .env...), and files that .gitignore or documents.exclude in claims.config.yaml name, hold settings and credentials, not evidence: they are not read, so that a corpus cannot make the tool print them.',
  help: 'Point the document at the text file of the article (for example under seeds/).',
});
