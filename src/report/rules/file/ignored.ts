import { defineRule } from '../rule.js';

export const fileIgnored = defineRule({
  id: 'file/ignored',
  severity: 'warning',
  short: 'A YAML file in the ledger was left out of the check.',
  full: 'A .gitignore, .git/info/exclude, the ignore: setting, a hidden name or a node_modules folder made the folder walk skip it, so whatever it says was not checked; a pull request could otherwise hide a bad file this way.',
  help: 'Remove the pattern that names it, rename it without the leading dot or move it out of node_modules, or name it on the command line (or run with --no-ignore).',
});
