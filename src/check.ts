// The pipeline: discover (paths -> YAML files) -> file results (bytes -> entities and findings, from a FileSource:
// plain, pooled or cached) -> analyse (references, documents and quotes, verdicts -> Report). Every read of the file
// system on the way is told to one recorder (CheckInput.reads), which the whole-run cache replays.
import { lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { readRegularInside, relPosix, type InsideRead, type RealDirs } from './util/fs.js';
import { excluder, hiddenWhy, type Excluder } from './config/exclude.js';
import type { Config } from './config/config.js';
import { discoverCheck, type DiscoverArgs, type Discovery, type FoundFile } from './load/discover.js';
import { tooLarge } from './load/decode.js';
import type { FileResult, Finding } from './report/types.js';
import type { FileBytes, FileStageOptions } from './parallel/check-files.js';
import type { ReadRecorder } from './util/reads.js';
import type { KeptFiles } from './ledger/kept-files.js';
import type { ReadCarrier, RecordedRead } from './ledger/ledger.js';
import type { LedgerSnapshot } from './cache/ledger-store.js';
import { errPrint, kindPrint } from './util/reads.js';
import type { CheckResult, Trace } from './report/result.js';
import { mergeResults, selectResult } from './report/build.js';
import { makeFinding } from './report/rules/index.js';

// The pipeline's modules (and the YAML parser behind them) are loaded only when a check really runs, not when
// the whole run is replayed from the cache.

export type { CheckResult, Trace } from './report/result.js';
export { sortFindings } from './report/build.js';

export interface CheckInput {
  config: Config;
  cwd: string;
  /** Paths from the command line; empty means the configured corpus. */
  paths: string[];
  /** A file given on standard input ("-"), with the name to report it under. */
  stdin?: { name: string; bytes: Uint8Array };
  /** --ignore-pattern: gitignore-style patterns of YAML files left out of folder walks and globs. */
  ignorePatterns?: string[];
  /** --no-ignore: no pattern and no .gitignore leaves a file out. */
  noIgnore?: boolean;
  /** Cache, worker threads and progress for the per-file stage (src/parallel/check-files.ts). */
  fileStage?: FileStageOptions;
  /**
   * The caller needs the report only (`claims check`): each claim's entities are let go as soon as it is judged,
   * so that a large corpus never holds all entities and all verdicts at once. The result's `corpus.claims` and the
   * files' `claims` then come back empty.
   */
  lean?: boolean;
  /** Told what each stage did and how long it took (`claims check --debug`). */
  trace?: Trace;
  /**
   * Told every read the check makes of the file system (src/util/reads.ts), for the whole-run cache. Without it,
   * the recorder of a whole-run cache opened on `fileStage.cache`, if any.
   */
  reads?: ReadRecorder;
  /**
   * What the last check left in the cache (src/cache/ledger-store.ts): texts kept by their stat and quote outcomes,
   * restored into the analysis of the ledger. Given after the whole-run key is made: it changes how the check runs,
   * never what it reports.
   */
  carry?: LedgerSnapshot;
}

/** A trace that adds the time since the previous stage ended. */
function timed(trace: Trace | undefined): Trace | undefined {
  if (!trace) return undefined;
  let last = performance.now();
  return (stage, detail) => {
    const now = performance.now();
    trace(stage, `${detail} (${Math.round(now - last).toLocaleString('en-US')} ms)`);
    last = now;
  };
}

const n = (count: number, what: string) => `${count.toLocaleString('en-US')} ${what}${count === 1 ? '' : 's'}`;

const at1 = { line: 1, column: 1, endLine: 1, endColumn: 1 };


/**
 * Read one file in one step with its checks (readRegularInside): a regular file whose real path is inside the
 * project (anywhere, for a path the user named outside it), size checked before a byte is read, so that a file
 * swapped for a link or a pipe after discovery is never read.
 */
async function readOne(f: FoundFile, maxBytes: number, realRoot: string, dirs: RealDirs, excluded: Excluder, reads: ReadRecorder | undefined): Promise<FileResult | FileBytes> {
  const named = f.file.startsWith('../') || path.isAbsolute(f.file);
  // Inside the project, a hidden name (.git, .env) is refused as written, and where a link leads is refused if excluded.
  const nameWhy = named ? undefined : hiddenWhy(f.file);
  let why: string | undefined = nameWhy;
  const r: InsideRead = nameWhy !== undefined ? { ok: false, why: 'excluded' } : readRegularInside(named ? path.parse(f.abs).root : realRoot, f.abs, maxBytes, dirs, named ? undefined : (realRel) => realRel !== f.file && (why = excluded(realRel)) !== undefined, reads);
  if (r.ok) return { bytes: r.bytes, ...(r.sha256 !== undefined && { sha256: r.sha256 }) };
  if (r.why === 'excluded') {
    const to = r.real !== undefined && relPosix(realRoot, r.real) !== f.file ? ` leads to ${relPosix(realRoot, r.real)}, which` : '';
    return { file: f.file, loaded: false, sources: [], documents: [], claims: [], findings: [makeFinding('file/excluded', { file: f.file, ...at1, message: `This file${to} was not read: ${why ?? 'it is excluded'}. Remove the link, or copy the claims into an ordinary file of the corpus folder.` })] };
  }
  if (r.code === 'EFBIG') return { file: f.file, loaded: false, sources: [], documents: [], claims: [], findings: [{ ...tooLarge(r.size ?? maxBytes + 1, maxBytes), file: f.file }] };
  const code = r.code ?? r.why;
  const finding: Finding = makeFinding(r.why === 'outside' ? 'file/outside-project' : 'file/unreadable', {
    file: f.file,
    ...at1,
    message:
      r.why === 'outside' ? 'This file leads outside the project folder, so it was not read.'
      : r.why === 'not-file' ? 'This is not a regular file (it is a pipe, socket or device), so it was not read. Remove it from the corpus folder.'
      : code === 'EACCES' || code === 'EPERM' ? 'This file cannot be read: permission denied. Check its permissions (chmod).'
      : `This file could not be read (${code}).`,
  });
  return { file: f.file, loaded: false, sources: [], documents: [], claims: [], findings: [finding] };
}


type DiscoverInput = Pick<CheckInput, 'config' | 'cwd' | 'paths' | 'stdin' | 'ignorePatterns' | 'noIgnore'>;

/** The YAML files a check reads, each read of the walk told to `reads`. */
export async function discoverInput(input: DiscoverInput, reads?: ReadRecorder): Promise<Discovery> {
  return discoverCheck(discoverArgs(input), reads);
}

/**
 * What discovery is given for this input: the configured ledger when nothing is named; otherwise the paths named
 * (from the working folder) with the ledger as their context (absolute paths, from the project folder).
 */
export function discoverArgs(input: DiscoverInput): DiscoverArgs {
  const { config } = input;
  const named = input.paths.filter((p) => p !== '-');
  const ignore = config.ignore ?? [];
  const trustedIgnore = input.ignorePatterns ?? [];
  const whole = named.length === 0 && !input.stdin;
  return {
    root: config.root,
    base: whole ? config.root : input.cwd,
    paths: whole ? config.corpus : named,
    ...(config.file !== undefined && { configFile: config.file }),
    ...(!whole && { ledger: config.corpus.map((c) => path.resolve(config.root, c)) }),
    ...(ignore.length > 0 && { ignore }),
    ...(trustedIgnore.length > 0 && { trustedIgnore }),
    ...(input.noIgnore && { noIgnore: true }),
    ...(input.stdin && { stdinName: input.stdin.name }),
  };
}

/** The project's real folder, told to `reads`. */
function realRootOf(root: string, reads: ReadRecorder | undefined): string {
  try {
    const real = realpathSync.native(root);
    reads?.record('real', root, real);
    return real;
  } catch (err) {
    reads?.record('real', root, errPrint(err));
    return path.resolve(root);
  }
}

/** The file stage: each found file read (contained, in one step) and its result taken from the stage's FileSource. */
async function fileResults(input: CheckInput, found: Discovery, reads: ReadRecorder | undefined, trace: Trace | undefined): Promise<FileResult[]> {
  const { config } = input;
  const [{ checkFiles, fileSourceFor }, { checkFileBytes }, { keptFiles, changedHint }] = await Promise.all([import('./parallel/check-files.js'), import('./validate/file.js'), import('./ledger/scope.js')]);
  const stage = input.fileStage ?? {};
  const realRoot = realRootOf(config.root, reads);
  const dirs: RealDirs = new Map();
  // Whether the exclusion rules were consulted for the file being read (their reads are not the file's alone).
  let ruled = false;
  const rules = input.noIgnore ? hiddenWhy : excluder(realRoot, config.ignore ?? [], dirs, reads);
  const excluded: Excluder = (rel) => {
    ruled = true;
    return rules(rel);
  };
  const source = fileSourceFor(stage, config.limits, found.files.length);
  // Under `check --watch`, a file read again with the same bytes gets its last result back, and a file none of whose
  // reads the watcher names as changed is not read at all (src/ledger/kept-files.ts).
  const kept = keptFiles();
  kept?.begin(JSON.stringify([config.limits, realRoot, config.ignore ?? [], input.noIgnore === true]));
  // The watcher's paths are under the project folder as configured; reads are under its real path: both must agree.
  const changed = realRoot === path.resolve(config.root) ? changedHint() : undefined;
  const carrier = reads as (ReadRecorder & Partial<ReadCarrier>) | undefined;
  const carry = (list: readonly RecordedRead[]) => {
    if (carrier?.carry !== undefined) carrier.carry(list);
    else for (const r of list) carrier?.record(...r);
  };
  const read = (f: FoundFile) => readOne(f, config.limits.maxFileBytes, realRoot, dirs, excluded, reads);
  const readKept = async (f: FoundFile, k: KeptFiles): Promise<FileResult | FileBytes> => {
    const last = k.unchanged(f.file, f.abs, changed, carry);
    if (last !== undefined) return last;
    const list: RecordedRead[] = [];
    const rec: ReadRecorder | undefined = reads && { record: (...r) => void (list.push(r), reads.record(...r)) };
    ruled = false;
    const got = await readOne(f, config.limits.maxFileBytes, realRoot, dirs, excluded, rec);
    // The file's folder resolved for an earlier file is still a read this file rests on.
    const dir = path.dirname(f.abs);
    const real = dirs.get(dir);
    if (real !== undefined && !list.some((r) => r[0] === 'real' && r[1] === dir)) list.unshift(['real', dir, typeof real === 'string' ? real : errPrint(real)]);
    return k.reuse(f.file, f.abs, got, list, !ruled);
  };
  const files = await checkFiles(found.files, kept ? (f) => readKept(f, kept) : read, source, {
    ...(stage.onProgress && { onProgress: stage.onProgress }),
    onStats: (s) => {
      stage.onStats?.(s);
      trace?.('files', `${n(s.checked, 'file')} checked, with ${n(s.workers, 'worker thread')}; ${n(s.cached, 'file')} from the cache${kept ? `; ${n(kept.reused, 'file')} unchanged since the last check (${n(kept.unread, 'file')} not read again)` : ''}`);
    },
  });
  kept?.end(files);
  if (input.stdin) files.push(checkFileBytes(input.stdin.name, input.stdin.bytes, config.limits));
  return files;
}

/**
 * Everything after the files (src/ledger/analyse.ts): the whole ledger judged; named files inside it shown alone,
 * named files outside it judged on their own.
 */
async function judged(input: CheckInput, found: Discovery, files: FileResult[], reads: ReadRecorder | undefined, trace: Trace | undefined): Promise<CheckResult> {
  const { config } = input;
  const stage = input.fileStage ?? {};
  const { analyse } = await import('./ledger/analyse.js');
  const opts: import('./ledger/analyse.js').AnalyseOptions = { ...(input.lean !== undefined && { lean: input.lean }), ...(stage.workers !== undefined && { workers: stage.workers }), ...(stage.cache && { cache: stage.cache }), ...(reads && { reads }), ...(trace && { trace }) };
  // The snapshot is the ledger's: it is carried into the analysis of the ledger only, not of files checked alone.
  if (input.carry) input.carry.reads = reads;
  const ledgerOpts = input.carry ? { ...opts, carry: input.carry } : opts;
  const usage = { unmatched: found.unmatched ?? [], alone: found.alone ?? [] };
  if (found.selected === undefined) return { ...(await analyse(config, files, found.findings, found.missing, ledgerOpts)), ...usage };
  const alone = new Set(usage.alone);
  const selected = new Set(found.selected);
  const solo = alone.size > 0 ? await analyse(config, files.filter((f) => alone.has(f.file)), found.findings.filter((f) => alone.has(f.file)), [], opts) : undefined;
  if (selected.size === 0 && solo) return { ...solo, missing: found.missing, ...usage };
  const inLedger = files.filter((f) => !alone.has(f.file));
  const main = await analyse(config, inLedger, found.findings.filter((f) => !alone.has(f.file)), found.missing, ledgerOpts);
  const picked = inLedger.every((f) => selected.has(f.file)) ? main : selectResult(main, (f) => selected.has(f.file));
  return { ...(solo ? mergeResults(picked, solo) : picked), ...usage };
}

/** What a read of discovery finds now (the kinds discovery makes of a file it finds); undefined for any other kind. */
function discoveryReadNow(kind: RecordedRead[0], abs: string): string | undefined {
  try {
    if (kind === 'kind') return kindPrint(lstatSync(abs));
    if (kind === 'stat') return kindPrint(statSync(abs));
    if (kind === 'real') return realpathSync(abs);
    return undefined;
  } catch (err) {
    return errPrint(err);
  }
}

/**
 * Discovery, or under `check --watch` the last one again (its reads carried to the recorder) when the watcher names
 * as changed only files that discovery found, each of whose reads by discovery still finds the same: no folder, no
 * ignore file, no configuration, no path it did not find (a file created, or a file's new name), no file deleted.
 */
async function discoverKept(input: CheckInput, reads: ReadRecorder | undefined): Promise<{ found: Discovery; kept: boolean }> {
  const { keptDiscovery, changedHint } = await import('./ledger/scope.js');
  const holder = keptDiscovery();
  if (holder === undefined) return { found: await discoverInput(input, reads), kept: false };
  const key = JSON.stringify(discoverArgs(input));
  const changed = changedHint();
  const last = holder.last;
  // The watcher's paths are under the project folder as configured; discovery's found files are too, but the
  // reads under a folder link are not: both must agree.
  let root: string;
  try {
    root = realpathSync.native(input.config.root);
  } catch {
    root = '';
  }
  const asBefore = (abs: string) => {
    const its = last!.files.get(abs);
    return its !== undefined && its.length > 0 && its.every((r) => discoveryReadNow(r[0], r[1]) === r[2]);
  };
  if (changed !== undefined && last !== undefined && last.key === key && root === path.resolve(input.config.root) && [...changed].every(asBefore)) {
    const carrier = reads as (ReadRecorder & Partial<ReadCarrier>) | undefined;
    if (carrier?.carry !== undefined) carrier.carry(last.reads);
    else for (const r of last.reads) carrier?.record(...r);
    return { found: last.found, kept: true };
  }
  const list: RecordedRead[] = [];
  const found = await discoverInput(input, { record: (...r) => void (list.push(r), reads?.record(...r)) });
  const files = new Map<string, RecordedRead[]>(found.files.map((f) => [f.abs, []]));
  for (const r of list) files.get(r[1])?.push(r);
  holder.last = { key, found, reads: list, files };
  return { found, kept: false };
}

/** Run the whole check and build the report: discover, then the file stage, then analyse. */
export async function runCheck(input: CheckInput): Promise<CheckResult> {
  const trace = timed(input.trace);
  const reads = input.reads ?? input.fileStage?.cache?.runReads;
  const { found, kept } = await discoverKept(input, reads);
  trace?.('discover', `${n(found.files.length, 'YAML file')} found${kept ? ', as in the last check' : ''}`);
  const files = await fileResults(input, found, reads, trace);
  return judged(input, found, files, reads, trace);
}
