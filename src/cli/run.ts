import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/find.js';
import { HOMEPAGE, VERSION } from '../version.js';
import { inert } from '../util/text.js';
import type { IO } from './io.js';
import { errorLine, UsageError } from './errors.js';
// Each command's module is loaded only when that command runs, so that start-up stays fast.

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];


const EXIT_CODES = `
Exit codes:
  0  no errors (and no claim with a status --fail-on names, no more warnings than --max-warnings)
  1  errors in the files, a claim with a status --fail-on names, or too many warnings
  2  usage or configuration error (a bad option, a path that matches nothing, an unreadable config)`;

const README_LINK = `\nDocumentation: ${HOMEPAGE}#readme`;

// What "claims check --help" shows after the options: the runs people type most, then what the exit code means.
const CHECK_HELP = `
Examples:
  claims check                                  check the ledger claims.config.yaml names
  claims check claims/badghis.yaml              one file, with the rest of the ledger as its context
  claims check 'claims/**/*.yaml' --fail-on contested
  claims check -f compact                       one clickable line a finding: path:line:col
  claims check -f github -f sarif -o - -o reports/claims.sarif
  claims check -f junit -f gitlab -o claims-junit.xml -o claims-codequality.json   (GitLab CI)
  claims check -f markdown -o comment.md        a pull-request comment (at most 60,000 characters)
${EXIT_CODES}
${README_LINK}`;

const PROGRAM_HELP = `
Examples:
  claims init                    start a ledger here
  claims check                   check it and print every verdict
  claims show <claim-id>         the evidence behind one claim
  claims check --help            every option of check, with more examples
${EXIT_CODES}
${README_LINK}`;

/** Run the CLI with `argv` (without "node claims"). Returns the exit code; never calls process.exit. */
export async function run(argv: readonly string[], io: IO): Promise<number> {
  let code: number = EXIT.ok;
  const debug = argv.includes('--debug');
  const program = new Command()
    .name('claims')
    .description('A fact-checking ledger for conflict reporting: checks YAML claim files and says which claims are contested and which are corroborated.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .addHelpText('after', PROGRAM_HELP);

  program
    .command('check', { isDefault: false })
    .description('validate claim files and report the verdict of every claim')
    .argument('[paths...]', 'files, folders or globs to check (default: the corpus named in claims.config.yaml, or ./claims); the whole ledger is read as their context; "-" reads one file from standard input')
    .option('-f, --format <name>', 'output format: text, json, sarif, junit, github, gitlab, compact, markdown, html or claimreview (repeatable; default text)', collect)
    .option('-o, --output <file>', 'write the report to this file ("-" for stdout); the nth --output goes with the nth --format (repeatable)', collect)
    .option('-c, --config <file>', 'configuration file (default: claims.config.yaml in this folder or above)')
    .option('--fail-on <statuses>', 'exit 1 when a claim has one of these statuses (comma-separated, e.g. contested,single-source)')
    .option('--claims <ids>', 'with --format claimreview: export only these claims (comma-separated ids)')
    .option('--status <statuses>', 'with --format claimreview: export only claims with these statuses (comma-separated)')
    .option('--allow-provisional', 'with --format claimreview: also export provisional verdicts, marked "Provisional"')
    .option('--max-warnings <n>', 'exit 1 when there are more than this many warnings (-1: no limit, the default)')
    .option('--ignore-pattern <pattern>', 'leave out YAML files matching this .gitignore-style pattern when walking folders and globs (repeatable)', collect)
    .option('--no-ignore', 'check every YAML file found: no .gitignore, no ignore: setting, no --ignore-pattern')
    .option('-q, --quiet', 'report errors only')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .option('--stdin-filename <name>', 'name under which a file read from standard input ("-") is reported')
    .option('--cache', 'use the cache (the default; accepted in ESLint\'s spelling)')
    .option('--no-cache', 'neither read nor write the cache (by default unchanged files and runs are reused, from entries signed by this machine only)')
    .option('--cache-location <dir>', 'folder of the cache (default: node_modules/.cache/claims, or the user cache folder)')
    .option('--debug', 'print on stderr what each stage did, how long it took and which threads worked, and the stack of an internal error')
    .addHelpText('after', CHECK_HELP)
    .option('-w, --watch', 'check again on every save, redrawing the report (unchanged files come from the cache); Ctrl-C stops')
    .action(async (paths: string[], opts: Record<string, unknown>) => {
      code = opts['watch'] ? await (await import('./watch.js')).watchCommand(paths, opts, io) : await (await import('./check.js')).checkCommand(paths, opts, io);
    });

  program
    .command('show')
    .description('show the evidence behind one claim: its verdict, the voices on each side, and every quote in its sentence')
    .argument('<claim-id>', 'the id of the claim')
    .argument('[paths...]', 'files or folders to read (default: the configured corpus)')
    .addOption(new Option('-f, --format <name>', 'output format: text or json').default('text'))
    .option('-c, --config <file>', 'configuration file')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .option('--debug', 'print stack traces of internal errors')
    .action(async (id: string, paths: string[], opts: Record<string, unknown>) => {
      code = await (await import('./show.js')).showCommand(id, paths, opts, io);
    });

  program
    .command('diff')
    .description('what a change does to the verdicts: claims added and removed, status, flag, grade and provisional changes, voices gained and lost and why, new and fixed findings')
    .argument('[revs...]', 'the revision before (default: the merge base with the default branch, else HEAD) and the one after (default: the working tree)')
    .addOption(new Option('-f, --format <name>', 'output format: text, json or markdown').default('text'))
    .option('-o, --output <file>', 'write the diff to this file ("-" for stdout)')
    .option('-c, --config <file>', 'configuration file of the working tree (default: claims.config.yaml in this folder or above)')
    .option('--fail-on <kinds>', 'exit 1 when the diff has one of these kinds of change (comma-separated, e.g. status-lowered,new-errors,voice-lost,became-provisional)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .option('--no-cache', 'neither read nor write the cache')
    .option('--cache-location <dir>', 'folder of the cache')
    .option('--debug', "print on stderr what each side's check did (or that it came from the cache), and the stack of an internal error")
    .action(async (revs: string[], opts: Record<string, unknown>) => {
      code = await (await import('./diff.js')).diffCommand(revs, opts, io);
    });

  program
    .command('hash')
    .description("record or update the SHA-256 of each document's text file in its documents YAML, in place")
    .argument('[paths...]', 'documents files or folders (default: the configured corpus)')
    .option('-c, --config <file>', 'configuration file')
    .option('-n, --dry-run', 'print what would change, write nothing')
    .option('--debug', 'print stack traces of internal errors')
    .action(async (paths: string[], opts: Record<string, unknown>) => {
      code = await (await import('./hash.js')).hashCommand(paths, opts, io);
    });

  program
    .command('schema')
    .description('print the JSON Schema of one kind of file (claims, sources, documents, config, report, diff), or list them')
    .argument('[kind]', 'which schema; none lists them')
    .option('--path', "print the schema file's path instead of its content")
    .action(async (kind: string | undefined, opts: Record<string, unknown>) => {
      code = await (await import('./schema.js')).schemaCommand(kind, opts, io);
    });

  program
    .command('init')
    .description('start a new ledger: configuration, empty sources and documents, an example claim, a GitHub Actions workflow, and claims pinned in package.json')
    .argument('[dir]', 'folder to create it in (default: this folder)')
    .option('--force', 'overwrite files that already exist, and the claims entry of package.json')
    .option('--package-spec <spec>', 'what package.json pins claims to: a version, a git spec (github:owner/claims#v1.0.0) or a tarball (file:vendor/claims-1.0.0.tgz); default this version')
    .action(async (dir: string | undefined, opts: Record<string, unknown>) => {
      code = await (await import('./init.js')).initCommand(dir, opts, io);
    });

  program
    .command('add')
    .description('add a claim, a source or a document to the ledger: asks for the fields on a terminal, or takes them as flags; the id is made from the statement or name (-2, -3… when taken)')
    .argument('<type>', 'claim, source or document')
    .option('--id <id>', 'the id (default: made from the statement, name or title; an id that exists is refused)')
    .option('--file <file>', 'the file to add it to (a claim: required when not on a terminal; default: the corpus\'s sources or documents file)')
    .option('--statement <text>', 'claim: the proposition, in one sentence')
    .option('--date <date>', 'claim: date of the event (YYYY-MM-DD, YYYY-MM or YYYY)')
    .option('--places <list>', 'claim: places, comma-separated')
    .option('--favours <parties>', 'claim: parties it is in the interest of, comma-separated')
    .option('--tags <list>', 'claim: tags, comma-separated')
    .option('--name <text>', 'source: how the reporting names the source')
    .option('--role <text>', 'source: role or title')
    .option('--kind <kind>', 'source: person, group, institution or outlet')
    .option('--party <party>', 'source: the party it speaks for')
    .option('--anonymous', 'source: identity withheld')
    .option('--reliability <grade>', 'source: Admiralty reliability, A to F')
    .option('--title <text>', 'document: headline')
    .option('--path <file>', 'document: its text file in the project (its SHA-256 is recorded)')
    .option('--url <url>', 'document: where it was published')
    .option('--publisher <text>', 'document: who published it')
    .option('--language <tag>', 'document: language of the text (fr, en, ps…)')
    .option('--published <date>', 'document: publication date')
    .option('-c, --config <file>', 'configuration file')
    .option('--debug', 'print stack traces of internal errors')
    .action(async (type: string, opts: Record<string, unknown>) => {
      code = await (await import('./add.js')).addCommand(type, opts, io);
    });

  program
    .command('quote')
    .description("find words in a document's text (typography-tolerant, as check matches) and print a ready YAML quote, or add it to a claim's assertion")
    .argument('<document-id>', 'the document whose text to search')
    .argument('<words...>', 'the words to find (quoted or not; "..." or [...] for an elision)')
    .option('--claim <id>', 'add the quote to this claim')
    .option('--source <id>', 'with --claim: the source that said it')
    .option('--stance <stance>', 'with --claim: asserts, corroborates, denies or disputes')
    .option('--translation <text>', 'a translation to record with the quote')
    .option('-c, --config <file>', 'configuration file')
    .option('--debug', 'print stack traces of internal errors')
    .action(async (doc: string, words: string[], opts: Record<string, unknown>) => {
      code = await (await import('./quote.js')).quoteCommand(doc, words, opts, io);
    });

  program
    .command('list')
    .description('list the claims, sources, documents or parties of the ledger')
    .argument('<what>', 'claims, sources, documents or parties')
    .addOption(new Option('-f, --format <name>', 'output format: text or json').default('text'))
    .option('--status <statuses>', 'claims with these statuses (comma-separated)')
    .option('--party <party>', 'claims with an assertion by a source of this party; sources of this party')
    .option('--document <id>', 'claims quoting this document; sources quoted from it')
    .option('-c, --config <file>', 'configuration file')
    .option('--debug', 'print stack traces of internal errors')
    .action(async (what: string, opts: Record<string, unknown>) => {
      code = await (await import('./list.js')).listCommand(what, opts, io);
    });

  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof ConfigError) {
      io.stderr(errorLine(`configuration error: ${err.message}`, { keepNewlines: true }));
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.stderr(errorLine(err.message, { keepNewlines: true }));
      return EXIT.usage;
    }
    const e = err as Error;
    io.stderr(errorLine(`internal error: ${e?.message ?? String(err)}. This is a bug in claims; please report it at ${HOMEPAGE}/issues${debug ? '' : ' (run again with --debug to see the details)'}.`));
    if (debug && e?.stack) io.stderr(`${inert(e.stack, { keepNewlines: true })}\n`);
    return EXIT.usage;
  }
}
