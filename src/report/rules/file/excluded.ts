import { defineRule } from '../rule.js';

export const fileExcluded = defineRule({
  id: 'file/excluded',
  severity: 'error',
  short: 'A corpus file leads to a file that is never read.',
  full: 'Hidden files and folders (.git, .env...) and files that .gitignore names hold settings and credentials, not claims: a corpus file at such a name, or a link to one, is not read, so that a corpus cannot make the tool print them.',
  help: 'Remove the link, or copy the claims into an ordinary file of the corpus folder.',
});
