// `claims diff [<rev>] [<rev2>]`: what a change does to the verdicts. Each side is checked by the same pipeline
// as `claims check`: the working tree where it is, a revision in a folder of our own that git's plumbing fills
// (src/diff/git.ts), never by a checkout of the user's tree.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { loadConfig } from '../config/config.js';
import { ConfigError } from '../config/find.js';
import { containedConfig } from '../config/contain.js';
import { runCheck } from '../check.js';
import { CheckCache } from '../cache/cache.js';
import { openStore } from '../cache/store.js';
import type { FileResult, Report } from '../report/types.js';
import { CHANGE_KINDS, compareReports, failingKinds, type ChangeKind, type Side } from '../diff/compare.js';
import { DIFF_FORMATS, formatDiff, type DiffFormat } from '../diff/format.js';
import { defaultBase, GitProblem, projectPrefix, resolveCommit, writeTree, checkRevision } from '../diff/git.js';
import { closest, listWords } from '../util/text.js';
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

interface Checked {
  report: Report;
  files: FileResult[];
}

/** Check the project folder at `root` with `config`: the report, and each file's hash (for renames). */
async function check(config: Config, cache: CheckCache | undefined): Promise<Checked> {
  const result = await runCheck({ config, cwd: config.root, paths: [], lean: true, ...(cache && { fileStage: { cache } }) });
  await cache?.flush();
  return { report: result.report, files: result.files };
}

/** The project as it was at `commit`, checked in a temporary folder that is removed afterwards. */
async function checkRevisionTree(root: string, prefix: string, commit: string, side: Side, cache: CheckCache | undefined): Promise<Checked> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-diff-'));
  try {
    await writeTree(root, commit, prefix, dir);
    let config: Config;
    try {
      config = await containedConfig(loadConfig(dir), dir);
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(`the configuration at ${side.rev} cannot be used: ${err.message.split(dir + path.sep).join('')}`);
      throw err;
    }
    return await check(config, cache);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Files that only moved: a name gone on the right and a new name with the same bytes. */
function renamesOf(before: readonly FileResult[], after: readonly FileResult[]): Map<string, string> {
  const now = new Set(after.map((f) => f.file));
  const was = new Set(before.map((f) => f.file));
  const bySha = new Map<string, string[]>();
  for (const f of after) if (f.sha256 !== undefined && !was.has(f.file)) bySha.set(f.sha256, [...(bySha.get(f.sha256) ?? []), f.file]);
  const out = new Map<string, string>();
  for (const f of before) {
    if (now.has(f.file) || f.sha256 === undefined) continue;
    const to = bySha.get(f.sha256)?.shift();
    if (to !== undefined) out.set(f.file, to);
  }
  return out;
}

export async function diffCommand(revs: string[], opts: Record<string, unknown>, io: IO): Promise<number> {
  const format = String(opts['format'] ?? 'text');
  if (!(DIFF_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}" for diff. Use ${listWords([...DIFF_FORMATS], 'or')}.`);
  const failOn = parseDiffFailOn(opts['failOn']);
  if (revs.length > 2) throw new UsageError('claims diff takes at most two revisions: the one before and the one after (default: the working tree).');
  try {
    for (const r of revs) checkRevision(r);
    const config = await containedConfig(loadConfig(io.cwd, opts['config'] as string | undefined), io.cwd, opts['config'] as string | undefined);
    const root = config.root;
    const prefix = await projectPrefix(root);
    const location = opts['cacheLocation'];
    const opened = opts['cache'] === false ? undefined : openStore(root, typeof location === 'string' ? path.resolve(io.cwd, location) : undefined, io.env);
    const store = opened && 'store' in opened ? opened.store : undefined;
    const from: Side = revs[0] !== undefined ? { rev: revs[0], commit: await resolveCommit(root, revs[0]) } : await defaultBase(root);
    const to: Side = revs[1] !== undefined ? { rev: revs[1], commit: await resolveCommit(root, revs[1]) } : { rev: 'working tree' };
    const view = store && new ReadOnlyCache(store, root);
    const after = to.commit !== undefined ? await checkRevisionTree(root, prefix, to.commit, to, view) : await check(config, store && new CheckCache(store, root));
    const before = await checkRevisionTree(root, prefix, from.commit!, from, view);
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
