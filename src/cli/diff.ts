// `claims diff [<rev>] [<rev2>]`: what a change does to the verdicts. Each side is checked by the same pipeline
// as `claims check`: the working tree where it is, a revision in a folder of our own that git's plumbing fills
// (src/diff/git.ts), never by a checkout of the user's tree.
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { loadConfig } from '../config/config.js';
import { ConfigError } from '../config/find.js';
import { containedConfig } from '../config/config.js';
import { discoverArgs, discoverInput, runCheck, type CheckResult } from '../check.js';
import { LedgerScope } from '../ledger/scope.js';
import { CheckCache, codeFingerprint, sha256 } from '../cache/cache.js';
import { openRunCache } from '../cache/run-cache.js';
import { openStore, type CacheStore } from '../cache/store.js';
import type { FileResult } from '../report/types.js';
import { asDiffReport, CHANGE_KINDS, compareReports, failingKinds, slimReport, type ChangeKind, type DiffReport, type Side } from '../diff/compare.js';
import { DIFF_FORMATS, formatDiff, type DiffFormat } from '../diff/format.js';
import { checkRevision, defaultBase, GitProblem, projectPrefix, resolveCommit, treeOf, writeTree } from '../diff/git.js';
import { closest, inert, listWords } from '../util/text.js';
import { UsageError } from './errors.js';
import { forLog, useColor, type IO } from './io.js';

/** --fail-on: change kinds, each checked, with a did-you-mean for a misspelt one. */
export function parseDiffFailOn(value: unknown): ChangeKind[] {
  if (value === undefined) return [];
  const names = String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) {
    if ((CHANGE_KINDS as readonly string[]).includes(n)) continue;
    const [near] = closest(n, CHANGE_KINDS, 1);
    throw new UsageError(`--fail-on: "${n}" is not a kind of change.${near ? ` Did you mean "${near}"?` : ''} Use ${listWords([...CHANGE_KINDS], 'or')}.`);
  }
  return names as ChangeKind[];
}

/**
 * The cache of the working tree, for reading only: an old revision's files that are the same as the working
 * tree's (same name, same bytes) reuse their results, and nothing the old side computes replaces an entry of
 * the working tree's.
 */
class ReadOnlyCache extends CheckCache {
  override putFile(): void {}
  override putRun(): void {}
  override putDiscovery(): void {}
  override saveStatIndex(): void {}
  override saveQuoteMemo(): void {}
}

/** One side as the comparison needs it: the slim report, and each file's hash (for renames). */
interface Checked {
  report: DiffReport;
  files: Array<[file: string, sha256: string]>;
}

/** Told what a stage did, under --debug. */
type Debug = ((stage: string, detail: string) => void) | undefined;

/** Bumped when what a stored side holds changes. */
const SIDE_FORMAT = 1;

const hashes = (files: readonly FileResult[]): Array<[string, string]> => files.flatMap((f) => (f.sha256 === undefined ? [] : [[f.file, f.sha256] as [string, string]]));

/** A side read back from the cache, when it is one. */
function asChecked(text: string | undefined): Checked | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Partial<Checked>;
    const report = asDiffReport(v.report);
    const files = Array.isArray(v.files) && v.files.every((f) => Array.isArray(f) && typeof f[0] === 'string' && typeof f[1] === 'string') ? v.files : undefined;
    return report && files ? { report, files } : undefined;
  } catch {
    return undefined;
  }
}

/** Check the project folder of `config`. */
async function check(config: Config, cache: CheckCache | undefined, debug: Debug): Promise<{ checked: Checked; result: CheckResult }> {
  const result = await runCheck({ config, cwd: config.root, paths: [], lean: true, ...(cache && { fileStage: { cache } }), ...(debug && { trace: debug }) });
  return { checked: { report: slimReport(result.report), files: hashes(result.files) }, result };
}

/**
 * The working tree, checked as `claims check` checks it (its cache, written as usual); its slim report is kept
 * in the whole-run cache, so that a diff of a working tree that did not change since the last diff checks nothing.
 */
async function checkWorkingTree(config: Config, store: CacheStore | undefined, debug: Debug): Promise<Checked> {
  const cache = store && new CheckCache(store, config.root);
  const input = { config, cwd: config.root, paths: [] };
  const runCache = cache && (await openRunCache(cache, config, { args: discoverArgs(input), discover: () => discoverInput(input) }, ['claims diff', SIDE_FORMAT]));
  const replayed = asChecked(runCache?.hit?.outputs[0]);
  if (replayed) {
    debug?.('cache', 'the working tree is as at the last diff: its verdicts come from the cache');
    return replayed;
  }
  const { checked, result } = await check(config, cache, debug);
  await runCache?.prepare(result).store({ exitCode: 0, outputs: [JSON.stringify(checked)] });
  await cache?.flush();
  return checked;
}

/**
 * The project as it was at `commit`: from the cache when this machine has checked the same tree (git's id of the
 * project folder at that commit) with the same code and local exclude file; else written into a temporary folder (removed afterwards)
 * and checked there, its files' results taken from the working tree's cache where the bytes are the same.
 */
async function checkRevisionTree(root: string, prefix: string, commit: string, side: Side, role: 'from' | 'to', store: CacheStore | undefined, debug: Debug): Promise<Checked> {
  const tree = await treeOf(root, commit, prefix);
  const slot = `diff/${sha256(JSON.stringify([root, role]))}.json`;
  const exclude = localExclude(root);
  const key = sha256(JSON.stringify([codeFingerprint(), SIDE_FORMAT, prefix, tree ?? null, exclude === undefined ? null : sha256(exclude)]));
  const stored = store?.read(slot);
  if (stored !== undefined && stored.startsWith(`${key}\n`)) {
    const memo = asChecked(stored.slice(key.length + 1));
    if (memo) {
      debug?.('cache', `the verdicts of ${side.rev} come from the cache (tree ${tree?.slice(0, 12) ?? 'without the project'})`);
      return memo;
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-diff-'));
  let checked: Checked;
  try {
    const started = performance.now();
    if (tree !== undefined) await writeTree(root, commit, prefix, dir);
    writeExclude(dir, exclude);
    debug?.('git', `the files of ${side.rev} written to a temporary folder (${Math.round(performance.now() - started)} ms)`);
    let config: Config;
    try {
      config = await containedConfig(loadConfig(dir), dir);
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(`the configuration at ${side.rev} cannot be used: ${err.message.split(dir + path.sep).join('')}`);
      throw err;
    }
    const view = store && new ReadOnlyCache(store, root);
    checked = (await check(config, view, debug)).checked;
    await view?.flush();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  try {
    await store?.write(slot, `${key}\n${JSON.stringify(checked)}`);
  } catch {
    // The cache is only an optimisation.
  }
  return checked;
}

/**
 * The project's own .git/info/exclude (local to this clone, never in a revision): it goes with the revision's
 * files, so that a document it names is refused on both sides alike. Only a regular file (not a link) of a size
 * an ignore file may have is taken.
 */
function localExclude(root: string): Buffer | undefined {
  const from = path.join(root, '.git', 'info', 'exclude');
  const st = lstatSync(from, { throwIfNoEntry: false });
  if (st === undefined || !st.isFile() || st.size > 256 * 1024) return undefined;
  try {
    return readFileSync(from);
  } catch {
    return undefined;
  }
}

/** Write the local exclude file into the revision's folder (a revision cannot hold .git: its paths are left out). */
function writeExclude(dir: string, bytes: Buffer | undefined): void {
  if (bytes === undefined) return;
  mkdirSync(path.join(dir, '.git', 'info'), { recursive: true });
  writeFileSync(path.join(dir, '.git', 'info', 'exclude'), bytes, { flag: 'wx' });
}

/** Files that only moved: a name gone on the right and a new name with the same bytes. */
function renamesOf(before: Checked['files'], after: Checked['files']): Map<string, string> {
  const now = new Set(after.map(([file]) => file));
  const was = new Set(before.map(([file]) => file));
  const bySha = new Map<string, string[]>();
  for (const [file, sha] of after) if (!was.has(file)) bySha.set(sha, [...(bySha.get(sha) ?? []), file]);
  const out = new Map<string, string>();
  for (const [file, sha] of before) {
    if (now.has(file)) continue;
    const to = bySha.get(sha)?.shift();
    if (to !== undefined) out.set(file, to);
  }
  return out;
}

/**
 * `claims diff [<rev>] [<rev2>]`: exit 1 when the diff has a kind of change named by --fail-on, else 0 (errors in
 * the ledger are `claims check`'s to fail on); 2 for a usage, git or configuration problem.
 */
export async function diffCommand(revs: string[], opts: Record<string, unknown>, io: IO): Promise<number> {
  const format = String(opts['format'] ?? 'text');
  if (!(DIFF_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}" for diff. Use ${listWords([...DIFF_FORMATS], 'or')}.`);
  const failOn = parseDiffFailOn(opts['failOn']);
  if (revs.length > 2) throw new UsageError('claims diff takes at most two revisions: the one before and the one after (default: the working tree).');
  const debug: Debug = opts['debug'] === true ? (stage, detail) => io.stderr(`claims: debug: ${stage}: ${detail}\n`) : undefined;
  try {
    for (const r of revs) checkRevision(r);
    const config = await containedConfig(loadConfig(io.cwd, opts['config'] as string | undefined), io.cwd, opts['config'] as string | undefined);
    const root = config.root;
    const prefix = await projectPrefix(root);
    const location = opts['cacheLocation'];
    const opened = opts['cache'] === false ? undefined : openStore(root, typeof location === 'string' ? path.resolve(io.cwd, location) : undefined, io.env);
    const store = opened && 'store' in opened ? opened.store : undefined;
    if (opened && 'problem' in opened) debug?.('cache', `off for this run: ${inert(opened.problem)}`);
    const from: Side = revs[0] !== undefined ? { rev: revs[0], commit: await resolveCommit(root, revs[0]) } : await defaultBase(root);
    const to: Side = revs[1] !== undefined ? { rev: revs[1], commit: await resolveCommit(root, revs[1]) } : { rev: 'working tree' };
    // One ledger for both sides: the second is the first's, updated with the files that differ (src/ledger/scope.ts).
    const scope = new LedgerScope();
    const after = await scope.run(() => (to.commit !== undefined ? checkRevisionTree(root, prefix, to.commit, to, 'to', store, debug) : checkWorkingTree(config, store, debug)));
    const before = await scope.run(() => checkRevisionTree(root, prefix, from.commit!, from, 'from', store, debug));
    const diff = compareReports(before.report, after.report, { from, to, renames: renamesOf(before.files, after.files) });
    const output = opts['output'] as string | undefined;
    const toFile = output !== undefined && output !== '-';
    const color = !toFile && format === 'text' && useColor(opts['color'] as boolean | undefined, io.env, io.stdoutIsTTY);
    const text = formatDiff(diff, format as DiffFormat, color);
    // A file (the comment a workflow posts) gets the diff as it is; standard output in a CI log is wrapped.
    if (toFile) await (await import('./check.js')).writeOutput(output, text, io, root);
    else io.stdout(forLog(text, format !== 'json', io.env));
    return failingKinds(diff, failOn).length > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof GitProblem) throw new UsageError(err.message);
    throw err;
  }
}
