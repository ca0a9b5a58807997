import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { configFileFor } from '../config/find.js';
import { containedConfig } from '../config/config.js';
import { loadConfigCached } from '../cache/config-cache.js';
import { runCheck, type CheckInput } from '../check.js';
import { CheckCache } from '../cache/cache.js';
import { openStore, type CacheStore } from '../cache/store.js';
import { openRunCache } from '../cache/run-cache.js';
import { openLedgerSnapshot } from '../cache/ledger-store.js';
import { Ledger } from '../ledger/ledger.js';
import { createProgress } from './progress.js';
import { FORMAT_NAMES, isFormatName, isHuman, loadFormatter, type FormatName, type FormatOptions } from '../format/index.js';
import type { ClaimReviewOptions } from '../format/claimreview.js';
import { requirePublish } from '../config/publish.js';
import { isInside, relPosix, writeFileAtomic, WriteRefused } from '../util/fs.js';
import { STATUSES, type Report, type Status } from '../report/types.js';
import { gateExitCode, gateOf } from '../report/gate.js';
import { inert, listWords } from '../util/text.js';
import { forLog, terminalWidth, useColor, type IO } from './io.js';
import { quoteContextsOf } from './quote-contexts.js';
import { UsageError } from './errors.js';
import type { ReadRecorder } from '../util/reads.js';

export function parseFailOn(value: unknown, option = '--fail-on'): Status[] {
  if (value === undefined) return [];
  const names = commaList(value);
  for (const n of names) {
    if (!(STATUSES as readonly string[]).includes(n)) throw new UsageError(`${option}: "${inert(n)}" is not a status. Use ${listWords([...STATUSES], 'or')}.`);
  }
  return names as Status[];
}

const commaList = (value: unknown): string[] =>
  String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** --claims, --status and --allow-provisional: they choose what --format claimreview exports, and mean nothing without it. */
function reviewSelection(opts: Record<string, unknown>, targets: readonly OutputTarget[]): { claims?: string[]; statuses?: Status[]; allowProvisional: boolean } | undefined {
  const given = ['claims', 'status', 'allowProvisional'].filter((k) => opts[k] !== undefined);
  if (!targets.some((t) => t.format === 'claimreview')) {
    if (given.length > 0) throw new UsageError(`${given.map((k) => (k === 'allowProvisional' ? '--allow-provisional' : `--${k}`)).join(', ')} choose${given.length === 1 ? 's' : ''} the claims of --format claimreview: add --format claimreview.`);
    return undefined;
  }
  return {
    ...(opts['claims'] !== undefined && { claims: commaList(opts['claims']) }),
    ...(opts['status'] !== undefined && { statuses: parseFailOn(opts['status'], '--status') }),
    allowProvisional: opts['allowProvisional'] === true,
  };
}

/** --max-warnings N: a whole number from -1 (no limit, as ESLint's) up. */
export function parseMaxWarnings(value: unknown): number {
  if (value === undefined) return -1;
  const text = String(value).trim();
  if (!/^(-1|\d{1,9})$/.test(text)) throw new UsageError(`--max-warnings: "${inert(text.slice(0, 40))}" is not a number of warnings. Give a whole number (0 fails on any warning), or -1 for no limit.`);
  return Number(text);
}

/** One report to produce: a format, and the file it goes to (undefined: standard output). */
export interface OutputTarget {
  format: FormatName;
  file?: string;
}

/**
 * Pair --format and --output options in order: the nth --output receives the nth --format; formats without an
 * --output (or with "-") go to standard output, which can take only one of them. With no --format, one --output
 * receives the text report.
 */
export function planOutputs(formats: readonly string[], outputs: readonly string[]): OutputTarget[] {
  const names = formats.length > 0 ? [...formats] : ['text'];
  for (const f of names) if (!isFormatName(f)) throw new UsageError(`unknown format "${f}". Use one of: ${FORMAT_NAMES.join(', ')}.`);
  if (outputs.length > names.length) {
    throw new UsageError(`${outputs.length} --output options but only ${names.length} --format: give one --format for each --output (they pair in order).`);
  }
  const targets = names.map((format, i) => {
    const out = outputs[i];
    return { format: format as FormatName, ...(out !== undefined && out !== '-' && { file: out }) };
  });
  const toStdout = targets.filter((t) => t.file === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`only one report can go to standard output, but ${listWords(toStdout.map((t) => t.format))} would: add an --output <file> for each of the others (the nth --output goes with the nth --format).`);
  }
  const files = targets.flatMap((t) => (t.file !== undefined ? [t.file] : []));
  const twice = files.find((f, i) => files.indexOf(f) !== i);
  if (twice !== undefined) throw new UsageError(`--output "${twice}" is given twice.`);
  return targets;
}

/** When the check ran, and where: reproducible (epoch, "localhost") when SOURCE_DATE_EPOCH is set. */
function runStamp(env: IO['env']): { timestamp: Date; hostname: string } {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && /^\d+$/.test(epoch)) return { timestamp: new Date(Number(epoch) * 1000), hostname: 'localhost' };
  return { timestamp: new Date(), hostname: os.hostname() };
}

/**
 * "-" reads one file from standard input and checks it in the context of the ledger (and of the other paths
 * given), so that its sources and documents resolve. A file on disk with the same name (--stdin-filename) is left
 * out: standard input replaces it, as an editor buffer replaces its file.
 */
async function stdinInput(paths: string[], opts: Record<string, unknown>, config: Config, io: IO): Promise<{ paths: string[]; stdin: { name: string; bytes: Uint8Array } }> {
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('"-" (standard input) can be given only once.');
  const given = opts['stdinFilename'];
  const name = given === undefined ? '<stdin>' : relPosix(config.root, path.resolve(io.cwd, String(given)));
  const bytes = await io.readStdin();
  return { paths: paths.filter((p) => p !== '-'), stdin: { name, bytes } };
}

/** --ignore-pattern (repeatable) and --no-ignore, as the check input takes them. */
function ignoreOptions(opts: Record<string, unknown>): { ignorePatterns?: string[]; noIgnore?: boolean } {
  const patterns = (opts['ignorePattern'] as string[] | undefined) ?? [];
  return { ...(patterns.length > 0 && { ignorePatterns: patterns }), ...(opts['ignore'] === false && { noIgnore: true }) };
}

/** The stderr note, said once, that named files outside the ledger were checked without it. */
function aloneNote(alone: readonly string[], config: Config): string {
  if (alone.length === 0) return '';
  const shown = alone.slice(0, 5).map((f) => inert(f));
  const more = alone.length > 5 ? ` and ${alone.length - 5} more` : '';
  const ledger = config.file === undefined ? 'no claims.config.yaml was found, and the default ledger is ./claims' : `${inert(path.basename(config.file))} names ${listWords(config.corpus.map((c) => inert(c)))}`;
  return `claims: note: ${listWords(shown)}${more} ${alone.length === 1 ? 'is' : 'are'} outside the ledger (${ledger}), so ${alone.length === 1 ? 'it was' : 'they were'} checked alone, without the ledger's sources and documents.\n`;
}

/**
 * Write a report where --output says. Inside the project (by its letters) the write never follows a link, at the
 * file or at a folder above it that leads out, and replaces only a regular file: a checkout cannot send the report
 * elsewhere. A path outside the project was chosen by the user alone, so it is written as given (a link there is
 * followed; a pipe or /dev/stdout is written into).
 */
export async function writeOutput(file: string, text: string, io: IO, root: string): Promise<void> {
  const target = path.resolve(io.cwd, file);
  const realRoot = await fsp.realpath(root).catch(() => root);
  const inside = isInside(path.resolve(root), target) || isInside(realRoot, target);
  try {
    await makeFolders(file, path.dirname(target), inside ? realRoot : undefined);
    await writeFileAtomic(target, text, inside ? { root } : { trusted: true });
  } catch (err) {
    if (err instanceof WriteRefused) throw new UsageError(`--output: ${inert(file)} ${err.reason}`);
    throw new UsageError(`cannot write ${inert(file)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/**
 * The folders missing on the way to an --output (`-o reports/claims.sarif`), made one at a time from the last that
 * exists. Inside the project each is made in the real folder above it, and only while that real folder is inside
 * the project: a folder link out met on the way makes nothing outside, and the write is refused.
 */
async function makeFolders(file: string, dir: string, realRoot: string | undefined): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; (await fsp.lstat(at).catch(() => undefined)) === undefined; at = path.dirname(at)) {
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const d of missing) {
    const parent = await fsp.realpath(path.dirname(d)).catch(() => undefined);
    if (parent === undefined) return;
    if (realRoot !== undefined && !isInside(realRoot, parent)) throw new WriteRefused(file, 'leads outside the project folder through a symbolic link, so it was not written.', 'EOUTSIDE');
    await fsp.mkdir(path.join(parent, path.basename(d))).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  }
}

/** GitHub shows few annotations per step: with --format github, also append a Markdown summary to $GITHUB_STEP_SUMMARY. */
async function writeStepSummary(report: Report, options: FormatOptions, io: IO): Promise<void> {
  const file = io.env['GITHUB_STEP_SUMMARY'];
  if (file === undefined || file === '') return;
  const { markdownWithin } = await import('../format/markdown.js');
  try {
    await fsp.appendFile(path.resolve(io.cwd, file), `${markdownWithin(report, options, 1000 * 1024)}\n`);
  } catch (err) {
    io.stderr(`claims: warning: could not write the step summary to ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
  }
}

/** Told what a stage did, under --debug. */
type Debug = ((stage: string, detail: string) => void) | undefined;

/**
 * The cache of the project at `root`, unless --no-cache: in --cache-location, else outside the working tree
 * (src/cache/store.ts). Without this machine's key or a safe folder the run is uncached, and --debug says why.
 */
function openCacheStore(opts: Record<string, unknown>, root: string, io: IO, debug: Debug): CacheStore | undefined {
  if (opts['cache'] === false) return undefined;
  const location = opts['cacheLocation'];
  const opened = openStore(root, typeof location === 'string' ? path.resolve(io.cwd, location) : undefined, io.env);
  if ('problem' in opened) {
    debug?.('cache', `off for this run: ${inert(opened.problem)}`);
    return undefined;
  }
  return opened.store;
}

/** The configuration, from the cache when its file is unchanged (src/cache/config-cache.ts), and the cache it came from. */
async function checkConfig(opts: Record<string, unknown>, io: IO, debug: Debug): Promise<{ config: Config; store: CacheStore | undefined }> {
  const explicit = opts['config'] as string | undefined;
  const file = configFileFor(io.cwd, explicit);
  const store = file === undefined ? undefined : openCacheStore(opts, path.dirname(file), io, debug);
  const config = await containedConfig(await loadConfigCached(io.cwd, explicit, file, store), io.cwd, explicit);
  if (store !== undefined && file !== undefined && config.root === path.dirname(file)) return { config, store };
  return { config, store: openCacheStore(opts, config.root, io, debug) };
}

/** Format options that note whether a formatter read the run's time or host: such output cannot be replayed. */
function watchStamp(options: FormatOptions, seen: { stamp: boolean }): FormatOptions {
  const o = { ...options };
  for (const k of ['timestamp', 'hostname'] as const) {
    const v = o[k];
    Object.defineProperty(o, k, { enumerable: true, get: () => ((seen.stamp = true), v) });
  }
  return o;
}

/**
 * What the claimreview export says on stderr (provisional claims left out, statements too long for Google), one
 * "claims: " line each, none under --quiet; --claims naming no claim is a usage error, before any report is written.
 */
async function claimReviewStderr(report: Report, o: ClaimReviewOptions, quiet: boolean): Promise<string> {
  const { planReviews, claimReviewNotes } = await import('../format/claimreview.js');
  const plan = planReviews(report, o);
  if (plan.unknown.length > 0) throw new UsageError(`--claims: no claim has the id ${listWords(plan.unknown.map((id) => `"${inert(id)}"`), 'or')}.`);
  if (quiet) return '';
  return claimReviewNotes(plan)
    .map((n) => `claims: ${inert(n)}\n`)
    .join('');
}

/** Most worker threads CLAIMS_WORKERS may ask for (each is a whole JavaScript engine with its own heap). */
const MAX_WORKERS = 64;

/** How `check --watch` runs a check (src/cli/watch.ts). */
export interface Watching {
  /**
   * A check again, after one in the same ledger scope: no whole-run cache is opened or stored. The scope keeps
   * texts whose stat is unchanged without reading them (src/validate/documents.ts, KeptTexts), so such a run's
   * reads are not all its inputs, and its report is not replayed by a later run.
   */
  again: boolean;
  /** Given the writes to the cache, to run once the report is shown (off the redraw's path); without it they run before the check returns. */
  later?: (work: () => Promise<void>) => void;
  /**
   * Told every read the check makes (as the whole-run cache is): what the watcher polls, so that a change to
   * anything the report depends on is seen even when no file-system event tells of it. A run replayed from the
   * whole-run cache makes no read, and tells it nothing.
   */
  reads?: ReadRecorder;
}

/** One recorder telling two. */
const bothReads = (a: ReadRecorder, b: ReadRecorder): ReadRecorder => ({ record: (...r) => (a.record(...r), b.record(...r)) });

export async function checkCommand(paths: string[], opts: Record<string, unknown>, io: IO, watching?: Watching): Promise<number> {
  const targets = planOutputs((opts['format'] as string[] | undefined) ?? [], (opts['output'] as string[] | undefined) ?? []);
  const failOn = parseFailOn(opts['failOn']);
  const maxWarnings = parseMaxWarnings(opts['maxWarnings']);
  const debug: Debug = opts['debug'] === true ? (stage: string, detail: string) => io.stderr(`claims: debug: ${stage}: ${detail}\n`) : undefined;
  const { config, store } = await checkConfig(opts, io, debug);
  const selection = reviewSelection(opts, targets);
  const publish = selection && requirePublish(config, io.cwd);
  const input = { ...(paths.includes('-') ? await stdinInput(paths, opts, config, io) : { paths }), ...ignoreOptions(opts) };
  const colors = targets.map((t) => t.format === 'text' && t.file === undefined && useColor(opts['color'] as boolean | undefined, io.env, io.stdoutIsTTY));
  // Text on a terminal is wrapped to its width; piped or in a file, lines are whole.
  const widths = targets.map((t) => (t.format === 'text' && t.file === undefined ? terminalWidth(io) : undefined));
  const cache = store && new CheckCache(store, config.root);
  // A whole run is replayed only when it has no side channel (standard input, GitHub step summary).
  const summary = targets.some((t) => t.format === 'github') && Boolean(io.env['GITHUB_STEP_SUMMARY']);
  const workers = io.env['CLAIMS_WORKERS'] || undefined;
  if (workers !== undefined && !(/^\d{1,2}$/.test(workers) && Number(workers) <= MAX_WORKERS)) {
    throw new UsageError(`CLAIMS_WORKERS must be a number of worker threads from 0 (none) to ${MAX_WORKERS}, not ${JSON.stringify(workers.slice(0, 40))}.`);
  }
  // A Markdown report cut to fit a comment points at a whole report this run writes to a file, if there is one.
  const fullReport = targets.find((t) => t.file !== undefined && !['markdown', 'compact', 'github'].includes(t.format))?.file;
  const quiet = Boolean(opts['quiet']);
  // What each formatter is given, but for what only the finished check knows (the corpus's documents and sources,
  // quote contexts) and the time and host of the run: the run key is made of these very objects.
  type Given = Omit<FormatOptions, 'claimReview'> & { claimReview?: Omit<ClaimReviewOptions, 'sources' | 'documents'> };
  const shared: Given = { color: false, failOn, quiet, ...(fullReport !== undefined && { fullReport }), ...(publish && selection && { claimReview: { publish, ...selection } }) };
  // Colour only for text on a terminal (or when asked for); never in a file.
  const given = targets.map((t, i) => {
    const width = widths[i];
    const options: Given = { ...shared, color: colors[i]!, ...(width !== undefined && { width }) };
    return { target: t, options };
  });
  const gateOptions = { failOn, maxWarnings };
  const checkInput: CheckInput = { config, cwd: io.cwd, ...input, lean: true };
  const runCache = cache && !('stdin' in input) && !summary && !watching?.again ? await openRunCache(cache, config, checkInput, { given, gateOptions }) : undefined;
  if (runCache?.hit) {
    debug?.('cache', 'nothing changed since a run with these arguments: its reports are replayed');
    for (const note of cache?.notes() ?? []) debug?.('cache', note);
    const { outputs, exitCode } = runCache.hit;
    for (const [i, t] of targets.entries()) if (t.file !== undefined) await writeOutput(t.file, outputs[i] ?? '', io, config.root);
    const out = targets.findIndex((t) => t.file === undefined);
    if (out !== -1) io.stdout(forLog(outputs[out] ?? '', isHuman(targets[out]!.format), io.env));
    // The notes for stderr are stored after the outputs.
    if (outputs.length > targets.length) io.stderr(outputs[targets.length] ?? '');
    return exitCode;
  }
  // What the last check of this ledger left (src/cache/ledger-store.ts); not under --watch, which keeps its ledger.
  const from = io.env['CLAIMS_SNAPSHOT_FROM'];
  const carry = cache && !watching ? openLedgerSnapshot(cache, config, Ledger.policyKey(config), from !== undefined && /^\d{1,9}$/.test(from) ? Number(from) : undefined) : undefined;
  if (carry && (carry.restored || carry.refused !== undefined)) debug?.('cache', carry.describe());
  const progress = createProgress(io);
  // Only the report (and what the cache needs) outlives this block: the corpus's entities can be let go while
  // the reports are written, which on a large corpus is what keeps the peak of memory down.
  const { report, cited, entities, alone, texts } = await (async () => {
    const result = await runCheck({
      ...checkInput,
      ...(carry && { carry }),
      fileStage: { ...(cache && { cache }), ...(progress && { onProgress: progress.onProgress }), ...(workers !== undefined && { workers: Number(workers) }) },
      ...(debug && { trace: debug }),
      ...((runCache || watching?.reads) && { reads: runCache && watching?.reads ? bothReads(runCache.reads, watching.reads) : (runCache?.reads ?? watching!.reads!) }),
    });
    progress?.end();
    if (result.unmatched.length > 0) throw new UsageError(result.unmatched.join('\n'));
    // The HTML report cites documents and shows each quote in its sentence: what the report alone does not carry.
    const cited = targets.some((t) => t.format === 'html') ? { documents: result.corpus.documents, quoteContexts: quoteContextsOf(result.report, result.texts) } : {};
    // The ClaimReview export names who made each claim and where: the corpus's sources and documents.
    const entities = publish && { sources: result.corpus.sources, documents: result.corpus.documents };
    return { report: result.report, cited, entities, alone: result.alone, texts: carry ? [...result.texts.values()] : [] };
  })();
  // On a very large corpus, collect what was just let go before the reports are built (src/util/gc.ts).
  if (report.claims.length >= 20_000) (await import('../util/gc.js')).collectGarbage();
  const gate = gateOf(report, gateOptions);
  if (gate) report.gate = gate;
  const stamp = runStamp(io.env);
  const optionsOf = ({ claimReview, ...o }: Given): FormatOptions => ({ ...o, ...stamp, ...cited, ...(claimReview && entities && { claimReview: { ...claimReview, ...entities } }) });
  const base = optionsOf(shared);
  // What goes to stderr besides the reports (stored with them, for a replay).
  const notes = (base.quiet ? '' : aloneNote(alone, config)) + (base.claimReview ? await claimReviewStderr(report, base.claimReview, base.quiet) : '');
  const seen = { stamp: false };
  const outputs: string[] = [];
  let stdout: string | undefined;
  for (const { target: t, options } of given) {
    const formatter = await loadFormatter(t.format);
    const text = formatter(report, watchStamp(optionsOf(options), seen));
    outputs.push(text);
    if (t.file !== undefined) await writeOutput(t.file, text, io, config.root);
    else stdout = forLog(text, isHuman(t.format), io.env);
  }
  if (targets.some((t) => t.format === 'github')) await writeStepSummary(report, base, io);
  if (stdout !== undefined) io.stdout(stdout);
  if (notes) io.stderr(notes);
  const exitCode = gateExitCode(report, gateOptions);
  const stored = async () => {
    if (runCache && !seen.stamp) await runCache.store({ exitCode, outputs: notes === '' ? outputs : [...outputs, notes] });
    await carry?.save(texts);
    await cache?.flush();
    for (const note of cache?.notes() ?? []) debug?.('cache', note);
  };
  if (watching?.later) watching.later(stored);
  else await stored();
  return exitCode;
}
