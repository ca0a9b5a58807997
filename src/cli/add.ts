import { createHash } from 'node:crypto';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Config } from '../config/config.js';
import { appendToList, type Json } from '../edit/yaml-list.js';
import { slugify, uniqueId } from '../edit/slug.js';
import { checkFileBytes } from '../validate/file.js';
import { documentReader, maxDocumentBytes, readDocument } from '../validate/documents.js';
import type { FileKind } from '../report/types.js';
import { relPosix } from '../util/fs.js';
import { didYouMean, inert, listWords } from '../util/text.js';
import { UsageError } from './errors.js';
import type { IO } from './io.js';
import { corpusFile, loadLedger, readLedgerFile, writeLedgerFile, type Ledger } from './ledger.js';

export const ADD_TYPES = ['claim', 'source', 'document'] as const;
type AddType = (typeof ADD_TYPES)[number];

/** One question at a time on a terminal; undefined when the user gave up (Ctrl-C, Ctrl-D). */
export interface Prompter {
  ask(question: string): Promise<string | undefined>;
  close(): void;
}

/** Prompts on standard error (standard output stays for what the command prints), read from the terminal. */
export async function terminalPrompter(): Promise<Prompter> {
  const readline = await import('node:readline/promises');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const stop = new AbortController();
  rl.on('SIGINT', () => stop.abort());
  rl.on('close', () => stop.abort());
  return {
    ask: async (q) => {
      if (stop.signal.aborted) return undefined;
      try {
        return await rl.question(q, { signal: stop.signal });
      } catch {
        return undefined;
      }
    },
    close: () => rl.close(),
  };
}

const PARTIAL_DATE = /^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** A field of a new entry: its flag (also its key unless `key` says otherwise), how it is asked, how it is checked. */
interface Field {
  flag: string;
  key?: string;
  label: string;
  required?: boolean;
  initial?: string;
  choices?: readonly string[];
  /** A comma-separated list. */
  list?: boolean;
  yesNo?: boolean;
  /** Why the value is refused, or undefined. */
  check?: (value: string) => string | undefined;
}

const partyCheck = (config: Config) => (v: string): string | undefined => {
  if (!SLUG.test(v)) return `"${v}" is not a party id (lowercase words joined by hyphens, such as afghan-government).`;
  if (config.parties && !config.parties.includes(v)) return `"${v}" is not one of the parties in claims.config.yaml (${listWords(config.parties, 'or')}).${didYouMean(v, config.parties)} Add it there first if it is a new party.`;
  return undefined;
};

function fieldsOf(type: AddType, config: Config): Field[] {
  const date = (v: string) => (PARTIAL_DATE.test(v) ? undefined : `"${v}" is not a date: write YYYY-MM-DD, YYYY-MM or YYYY.`);
  switch (type) {
    case 'source':
      return [
        { flag: 'name', label: 'Name (as the reporting names or describes the source)', required: true },
        { flag: 'role', label: 'Role or title, as reported' },
        { flag: 'kind', label: 'Kind', initial: 'person', choices: ['person', 'group', 'institution', 'outlet'] },
        { flag: 'party', label: `Party it speaks for (empty for an independent voice)${config.parties ? `: ${config.parties.join(', ')}` : ''}`, check: partyCheck(config) },
        { flag: 'anonymous', label: 'Identity withheld? (y/N)', yesNo: true },
        { flag: 'reliability', label: 'Admiralty reliability (A to F, empty for F: cannot be judged)', choices: ['A', 'B', 'C', 'D', 'E', 'F'] },
      ];
    case 'document':
      return [
        { flag: 'title', label: 'Headline or title' },
        { flag: 'path', label: 'Text file of the document, relative to the project folder (for example seeds/article.txt)' },
        { flag: 'url', label: 'URL where it was published (never fetched)', check: (v) => (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v) ? undefined : `"${v}" is not a URL (https://…).`) },
        { flag: 'publisher', label: 'Publisher', required: true },
        { flag: 'language', label: 'Language of the text (BCP 47: fr, en, ps, fa-AF…)', required: true, check: (v) => (LANG.test(v) ? undefined : `"${v}" is not a language tag: write fr, en, ps, fa-AF…`) },
        { flag: 'published', label: 'Publication date (YYYY-MM-DD, YYYY-MM or YYYY)', check: date },
      ];
    case 'claim':
      return [
        { flag: 'statement', label: 'Statement (one sentence that can be true or false)', required: true },
        { flag: 'date', key: 'event.date', label: 'Date of the event (YYYY-MM-DD, YYYY-MM or YYYY)', check: date },
        { flag: 'places', key: 'event.places', label: 'Places (comma-separated)', list: true },
        { flag: 'favours', label: 'Parties it is in the interest of (comma-separated)', list: true, check: partyCheck(config) },
        { flag: 'tags', label: 'Tags (comma-separated)', list: true },
      ];
  }
}

/** Every field flag of every type, so that a flag given for the wrong type is named. */
const ALL_FLAGS = new Map<string, AddType>();
for (const t of ADD_TYPES) for (const f of fieldsOf(t, { root: '', corpus: [], threshold: 2, limits: { maxFileBytes: 0, maxFindingsPerFile: 0 } })) if (!ALL_FLAGS.has(f.flag)) ALL_FLAGS.set(f.flag, t);

const splitList = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Why a value is refused for a field, or undefined (lists are checked item by item). */
function refuse(f: Field, value: string): string | undefined {
  if (f.choices && !f.choices.includes(value)) return `"${value}" is not one of ${listWords([...f.choices], 'or')}.${didYouMean(value, f.choices)}`;
  if (!f.check) return undefined;
  for (const v of f.list ? splitList(value) : [value]) {
    const why = f.check(v);
    if (why) return why;
  }
  return undefined;
}

/** The answers: from the flags, then from the prompts for what the flags left out. Undefined when the user gave up. */
async function gather(type: AddType, fields: Field[], opts: Record<string, unknown>, prompter: Prompter | undefined, io: IO): Promise<Map<string, string> | undefined> {
  const values = new Map<string, string>();
  for (const f of fields) {
    const v = opts[f.flag];
    if (v === undefined) continue;
    const s = typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v).trim();
    const why = s === '' && f.required ? `a ${type} needs a ${f.flag}.` : s === '' ? undefined : refuse(f, s);
    if (why) throw new UsageError(`--${f.flag}: ${inert(why)}`);
    values.set(f.flag, s);
  }
  const need = (f: Field) => f.required || (type === 'document' && f.flag === 'path' && values.get('url') === undefined);
  if (!prompter) {
    const missing = fields.filter((f) => need(f) && !values.has(f.flag));
    if (type === 'document' && !values.has('path') && !values.has('url')) {
      throw new UsageError(`missing --path or --url: a document needs its local text (--path, for quotes to be verified) or where it was published (--url). On a terminal, claims add asks for each field.`);
    }
    if (missing.length > 0) throw new UsageError(`missing ${listWords(missing.map((f) => `--${f.flag}`))}: a ${type} needs ${missing.length === 1 ? 'it' : 'them'}. On a terminal, claims add asks for each field.`);
    return values;
  }
  for (const f of fields) {
    if (values.has(f.flag) || opts[f.flag] !== undefined) continue;
    for (;;) {
      const hint = f.choices && !f.label.includes('(') ? ` (${f.choices.join(', ')})` : '';
      const answer = await prompter.ask(`${f.label}${hint}${f.initial ? ` [${f.initial}]` : ''}: `);
      if (answer === undefined) return undefined;
      const s = answer.trim() || f.initial || '';
      if (s === '') {
        if (type === 'document' && f.flag === 'url' && !values.has('path')) {
          io.stderr('  A document needs a text file or a URL.\n');
          continue;
        }
        if (f.required) {
          io.stderr(`  A ${type} needs this.\n`);
          continue;
        }
        break;
      }
      const value = f.yesNo ? (/^(y|yes|o|oui|true)$/i.test(s) ? 'yes' : /^(n|no|non|false)$/i.test(s) ? 'no' : '') : s;
      const why = f.yesNo && value === '' ? 'Answer y or n.' : refuse(f, value);
      if (why) {
        io.stderr(`  ${inert(why)}\n`);
        continue;
      }
      values.set(f.flag, value);
      break;
    }
  }
  return values;
}

/** The new entry, keys in the schema's order, from the answers (and the text file's hash for a document). */
function entryOf(type: AddType, id: string, values: Map<string, string>, fields: Field[], extra: Record<string, Json>): Record<string, Json> {
  const entry: Record<string, Json> = { id };
  for (const f of fields) {
    const v = values.get(f.flag);
    if (v === undefined) continue;
    const value: Json = f.list ? splitList(v) : f.yesNo ? v === 'yes' : f.flag === 'path' && typeof extra['path'] === 'string' ? extra['path'] : v;
    if (f.yesNo && value === false) continue;
    const [head, sub] = (f.key ?? f.flag).split('.') as [string, string | undefined];
    if (sub === undefined) entry[head] = value;
    else ((entry[head] ??= {}) as Record<string, Json>)[sub] = value;
  }
  if (extra['sha256'] !== undefined) entry['sha256'] = extra['sha256'];
  if (type === 'claim') entry['assertions'] = [];
  return entry;
}

/** Where a new entry of `kind` goes: --file, the first file of that kind in the corpus, or a new one. */
async function targetFile(kind: FileKind, ledger: Ledger, opts: Record<string, unknown>, io: IO, prompter: Prompter | undefined): Promise<string | undefined> {
  const { config, result } = ledger;
  const given = opts['file'] as string | undefined;
  if (given !== undefined) return corpusFile(config, io.cwd, given);
  const files = result.files.filter((f) => f.kind === kind && f.loaded).map((f) => f.file);
  const folder = config.corpus[0] ?? 'claims';
  if (kind !== 'claims') return files[0] ?? `${folder}/${kind}.yaml`;
  if (!prompter) {
    throw new UsageError(`missing --file: which claims file the claim goes in${files.length ? ` (${listWords(files.slice(0, 5), 'or')}${files.length > 5 ? '…' : ''})` : ''}; a new file under ${folder}/ is made if it does not exist. On a terminal, claims add asks.`);
  }
  const initial = files[0] ?? `${folder}/claims.yaml`;
  if (files.length > 0) io.stderr(`Claims files: ${files.map((f) => inert(f)).join(', ')}\n`);
  for (;;) {
    const answer = await prompter.ask(`Claims file (an existing one, or a new one under ${folder}/) [${initial}]: `);
    if (answer === undefined) return undefined;
    try {
      return corpusFile(config, config.root, answer.trim() || initial);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      io.stderr(`  ${err.message.replace(/^--file /, '')}\n`);
    }
  }
}

/** The id: --id as given (refused when taken), else one made from the statement or name, with -2, -3… when taken. */
function chooseId(type: AddType, values: Map<string, string>, taken: ReadonlySet<string>, opts: Record<string, unknown>): string {
  const given = opts['id'] as string | undefined;
  if (given !== undefined) {
    if (!SLUG.test(given)) throw new UsageError(`--id "${inert(given)}" is not an id: lowercase letters and digits in words joined by single hyphens${slugify(given) ? ` (such as "${slugify(given)}")` : ''}.`);
    if (taken.has(given)) throw new UsageError(`--id "${inert(given)}" is taken: a ${type} with that id exists. Choose another id, or leave --id out to have one made (${uniqueId(given, taken)}).`);
    return given;
  }
  const from = type === 'claim' ? values.get('statement') : type === 'source' ? values.get('name') : values.get('title') ?? `${values.get('publisher') ?? ''} ${values.get('published') ?? ''} ${path.basename(values.get('path') ?? '', path.extname(values.get('path') ?? ''))}`;
  return uniqueId(slugify(from ?? '') || type, taken);
}

/** A document's text file: contained and readable as check reads it, with its hash; the path relative to the project. */
function documentText(config: Config, cwd: string, given: string): { path: string; sha256: string } {
  const rel = relPosix(config.root, path.resolve(cwd, given));
  const read = readDocument(documentReader(config.root, maxDocumentBytes(config.limits.maxFileBytes), config.exclude ?? []), rel);
  if (read.ok) return { path: rel, sha256: createHash('sha256').update(read.bytes).digest('hex') };
  throw new UsageError(`--path: ${read.missing ? `there is no file ${inert(rel)}. Put the document's text there first (a plain text file), or give --url alone.` : inert(read.message)}`);
}

/** Schema problems of the entry alone, as the check would say them. */
function schemaProblems(kind: FileKind, entry: Record<string, Json>, config: Config): string[] {
  const text = stringify({ [kind]: [entry] }, { lineWidth: 0 });
  const r = checkFileBytes(`new-${kind}.yaml`, new TextEncoder().encode(text), config.limits);
  return r.findings.filter((f) => f.severity === 'error').map((f) => f.message);
}

/**
 * `claims add claim|source|document`: a new entry in the right file, with a readable id that no entry has. On a
 * terminal the fields are asked for (flags given are not asked again); otherwise they come from the flags. The
 * entry is checked against the schema, and the file is edited in place (comments, order, CRLF kept) and written
 * atomically. Ctrl-C at a prompt writes nothing (exit 130).
 */
export async function addCommand(type: string, opts: Record<string, unknown>, io: IO, prompterFor?: () => Promise<Prompter | undefined>): Promise<number> {
  if (!(ADD_TYPES as readonly string[]).includes(type)) throw new UsageError(`cannot add "${inert(type)}": claims add takes claim, source or document.${didYouMean(type, ADD_TYPES)}`);
  const t = type as AddType;
  const ledger = await loadLedger(opts, io);
  const { config, result } = ledger;
  const fields = fieldsOf(t, config);
  const wrong = [...ALL_FLAGS.keys()].filter((f) => opts[f] !== undefined && !fields.some((x) => x.flag === f));
  if (wrong.length > 0) throw new UsageError(`${listWords(wrong.map((f) => `--${f}`))} ${wrong.length === 1 ? 'is' : 'are'} not a field of a ${t} (its fields: ${fields.map((f) => `--${f.flag}`).join(', ')}).`);
  const prompter = await (prompterFor ?? (async () => (process.stdin.isTTY && io.stderrIsTTY ? terminalPrompter() : undefined)))();
  const cancelled = () => {
    io.stderr('\nclaims: cancelled; nothing was written.\n');
    return 130;
  };
  try {
    const kind: FileKind = `${t}s`;
    const values = await gather(t, fields, opts, prompter, io);
    if (!values) return cancelled();
    const extra = t === 'document' && values.has('path') ? documentText(config, io.cwd, values.get('path')!) : undefined;
    const { corpus } = result;
    const taken = new Set(t === 'claim' ? corpus.claims.map((c) => c.id) : t === 'source' ? corpus.sources.keys() : corpus.documents.keys());
    let id = chooseId(t, values, taken, opts);
    if (prompter && opts['id'] === undefined) {
      for (;;) {
        const answer = await prompter.ask(`Id [${id}]: `);
        if (answer === undefined) return cancelled();
        const a = answer.trim();
        if (a === '') break;
        const why = !SLUG.test(a) ? 'An id is lowercase letters and digits in words joined by single hyphens.' : taken.has(a) ? `A ${t} with the id "${a}" exists.` : undefined;
        if (why) {
          io.stderr(`  ${why}\n`);
          continue;
        }
        id = a;
        break;
      }
    }
    const entry = entryOf(t, id, values, fields, extra ? { path: extra.path, sha256: extra.sha256 } : {});
    const problems = schemaProblems(kind, entry, config);
    if (problems.length > 0) throw new UsageError(`the new ${t} would not pass the check: ${problems.map((p) => inert(p)).join(' ')}`);
    const file = await targetFile(kind, ledger, opts, io, prompter);
    if (file === undefined) return cancelled();
    const before = readLedgerFile(config, file) ?? `${kind}: []\n`;
    const edit = appendToList(before, [kind], entry);
    if ('error' in edit) throw new UsageError(`${inert(file)}: ${edit.error}; nothing was written.`);
    await writeLedgerFile(config, file, edit.text);
    io.stdout(`added ${t} "${id}" to ${inert(relPosix(io.cwd, path.resolve(config.root, file)))}:${edit.line}\n`);
    const next = t === 'document' ? (extra ? `claims quote ${id} "<words>"` : undefined) : t === 'claim' ? `claims quote <document-id> "<words>" --claim ${id} --source <source-id> --stance asserts` : undefined;
    if (next) io.stderr(`Next: ${next}\n`);
    return 0;
  } finally {
    prompter?.close();
  }
}
