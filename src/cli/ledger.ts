// The whole ledger as `claims add`, `quote` and `list` need it: the configuration, every file's entities, the
// verdicts, and safe reads and writes of one ledger file.
import path from 'node:path';
import { realpathSync } from 'node:fs';
import { loadConfig, type Config } from '../config/config.js';
import { runCheck, type CheckResult } from '../check.js';
import { isInside, readRegularInside, relPosix, writeFileAtomic, WriteRefused } from '../util/fs.js';
import { closest, inert, listWords } from '../util/text.js';
import { UsageError } from './errors.js';
import type { IO } from './io.js';

export interface Ledger {
  config: Config;
  result: CheckResult;
}

/** Load the configured ledger (all of it: the commands that edit it need every id and file). */
export async function loadLedger(opts: Record<string, unknown>, io: IO): Promise<Ledger> {
  const config = loadConfig(io.cwd, opts['config'] as string | undefined);
  const result = await runCheck({ config, cwd: io.cwd, paths: [] });
  return { config, result };
}

/** A usage error for an id that is not in `ids`, with the nearest ones suggested. */
export function unknownId(what: string, id: string, ids: Iterable<string>): UsageError {
  const list = [...ids];
  const near = closest(id, list, 3);
  const partial = list.filter((x) => x.includes(id) && !near.includes(x)).slice(0, 3 - near.length);
  const hints = [...near, ...partial];
  return new UsageError(`no ${what} has the id "${inert(id)}".${hints.length ? ` Did you mean ${listWords(hints.map((h) => `"${h}"`), 'or')}?` : ` Run "claims list ${what === 'party' ? 'parties' : `${what}s`}" to see them.`}`);
}

const realOf = (p: string): string => {
  try {
    return realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
};

/** A ledger file's text, read contained (a regular file whose real path is in the project); undefined when it does not exist. */
export function readLedgerFile(config: Config, rel: string): string | undefined {
  const abs = path.resolve(config.root, rel);
  const r = readRegularInside(realOf(config.root), abs, config.limits.maxFileBytes);
  if (r.ok) return new TextDecoder('utf-8', { fatal: true }).decode(r.bytes);
  if (r.why === 'missing') return undefined;
  throw new UsageError(`${inert(rel)} cannot be edited: ${r.why === 'outside' ? 'it leads outside the project folder' : r.why === 'not-file' ? 'it is not a regular file' : `it could not be read (${r.code ?? r.why})`}.`);
}

/** Write a ledger file atomically, never through a link. */
export async function writeLedgerFile(config: Config, rel: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(path.resolve(config.root, rel), text, { root: config.root });
  } catch (err) {
    if (err instanceof WriteRefused) throw new UsageError(`${inert(rel)}: ${err.reason}; nothing was written.`);
    throw err;
  }
}

/** A --file argument as a project-relative path, refused unless it is a YAML file inside one of the corpus folders. */
export function corpusFile(config: Config, cwd: string, given: string): string {
  const abs = path.resolve(cwd, given);
  const rel = relPosix(config.root, abs);
  if (!/\.ya?ml$/i.test(rel)) throw new UsageError(`--file ${inert(given)}: a ledger file ends in .yaml or .yml.`);
  const inCorpus = config.corpus.some((c) => {
    const folder = path.resolve(config.root, c);
    return folder === abs || isInside(folder, abs);
  });
  if (!isInside(config.root, abs) || !inCorpus) throw new UsageError(`--file ${inert(given)} is not in the corpus (${listWords(config.corpus)}), so "claims check" would not read it. Name a file under ${config.corpus[0] ?? 'claims'}/.`);
  return rel;
}
