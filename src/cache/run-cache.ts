// The whole-run cache: a finished `claims check` replayed while nothing it depends on has changed.
//
// What it depends on is known two ways, neither of them predicted: the key is the check's input and the options
// given to the formatters, serialized whole (a new option is in the key without anyone listing it); and the run
// itself tells a ReadLog every read it makes of the file system (discovery's listings, kinds and real paths, each
// YAML file, the ignore files, every document text and the folder listings of its "did you mean" hint). A stored
// run is replayed only when each of those reads, done again, finds the same. The bytes of files are vouched for by
// the stat index (src/cache/stat-index.ts), so that a replay reads and hashes only files that changed.
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import type { Config } from '../config/config.js';
import { bigPrint, errPrint, inodePrint, kindPrint, listPrint, NOT_FILE, shaPrint, type ReadKind, type ReadRecorder, type SeenStat } from '../util/reads.js';
import { CheckCache, sha256, type RecordedRead, type RunOutput } from './cache.js';
import type { StatIndex } from './stat-index.js';
import { collectGarbage } from '../util/gc.js';

/**
 * The reads of one run, each kept once, in the order first told. A path read twice with different answers (it
 * changed during the run) keeps both, so that the stored run can never be replayed. A file's stat before its bytes
 * were read goes to the stat index at once: the replay then needs not read the file again to know its hash.
 * A large check tells about a hundred thousand reads, kept until the run is stored: they are indexed by path alone
 * (the path's reads, usually one to three, compared one by one), so that no key string is made for each.
 */
export class ReadLog implements ReadRecorder {
  private readonly reads: RecordedRead[] = [];
  /** The reads of each path: one, or several. */
  private readonly byPath = new Map<string, RecordedRead | RecordedRead[]>();
  /** Reads told so far. */
  told = 0;

  constructor(private readonly index: StatIndex) {}

  record(kind: ReadKind, abs: string, fingerprint: string, seen?: SeenStat): void {
    this.told++;
    const had = this.byPath.get(abs);
    const same = (r: RecordedRead) => r[0] === kind && r[2] === fingerprint;
    if (had === undefined || (isRead(had) ? !same(had) : !had.some(same))) {
      // One copy of each path string is kept, however many reads of it are told.
      const path = had === undefined ? abs : (isRead(had) ? had : had[0]!)[1];
      const read: RecordedRead = [kind, path, fingerprint];
      this.reads.push(read);
      if (had === undefined) this.byPath.set(abs, read);
      else if (isRead(had)) this.byPath.set(abs, [had, read]);
      else had.push(read);
    }
    if (seen !== undefined && kind === 'bytes' && fingerprint.startsWith('sha:')) this.index.remember(abs, seen, seen.at, fingerprint.slice(4));
  }

  get entries(): RecordedRead[] {
    return [...this.reads];
  }
}

/** One read, as opposed to the list of a path's reads. */
const isRead = (r: RecordedRead | RecordedRead[]): r is RecordedRead => typeof r[0] === 'string';

/** What stat() said of each path in one replay (a text is located, sized and read: one stat answers all three). */
export type StatMemo = Map<string, Stats | Error>;

function statOf(abs: string, memo: StatMemo | undefined): Stats {
  let st = memo?.get(abs);
  if (st === undefined) {
    try {
      st = statSync(abs);
    } catch (err) {
      st = err as Error;
    }
    memo?.set(abs, st);
  }
  if (st instanceof Error) throw st;
  return st;
}

/**
 * The read `kind` of `abs` done again, as its fingerprint. `recorded` says what was found before, so that a file
 * that was too large is compared by size and only a file whose bytes were hashed is hashed (through the index).
 * Synchronous on purpose: thousands of small reads are several times faster so, and on a replay nothing waits.
 */
export function readAgain(kind: ReadKind, abs: string, recorded: string, index: StatIndex, memo?: StatMemo): string {
  try {
    switch (kind) {
      case 'bytes': {
        const st = statOf(abs, memo);
        if (!st.isFile()) return NOT_FILE;
        if (recorded.startsWith('big:')) return bigPrint(st.size);
        return recorded.startsWith('sha:') ? shaPrint(index.sha(abs, st)) : 'file';
      }
      case 'list':
        return listPrint(readdirSync(abs, { withFileTypes: true }));
      case 'kind':
        return kindPrint(lstatSync(abs));
      case 'stat':
        return kindPrint(statOf(abs, memo));
      case 'real':
        return realpathSync.native(abs);
      case 'inode':
        return inodePrint(statOf(abs, memo));
    }
  } catch (err) {
    return errPrint(err);
  }
}

/** Parts of the check input that change how it runs (cache, threads, progress, tracing, recording), never what it reports. */
export const RUNTIME_ONLY = ['fileStage', 'trace', 'reads'] as const;

/** Serialized whole: maps and sets by their entries, bytes by their hash; functions are left out. */
function keyValue(_k: string, v: unknown): unknown {
  if (v instanceof Map) return { map: [...v.entries()] };
  if (v instanceof Set) return { set: [...v.values()] };
  if (v instanceof Uint8Array) return { sha256: sha256(v) };
  return v;
}

/**
 * The run key: the configuration, the check input (without its runtime parts) and `outputs` (what is given to
 * the formatters, and anything else the output depends on), each serialized as the objects the run uses.
 */
export function runKey(config: Config, input: object, outputs: unknown): string {
  const rest: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const k of RUNTIME_ONLY) delete rest[k];
  return JSON.stringify([config, rest, outputs], keyValue);
}

/** Outputs of at least this many characters in all (a report of tens of thousands of claims) are large. */
export const LARGE_OUTPUT_CHARS = 4 * 1024 * 1024;

const outputChars = (out: RunOutput): number => out.outputs.reduce((n, o) => n + o.length, 0);

export interface RunCache {
  cache: CheckCache;
  /** The stored outputs, when a run with this key made reads that all still find the same. */
  hit?: RunOutput;
  /** Give this to the check (CheckInput.reads): what it reads is what the stored run is checked against. */
  reads: ReadLog;
  /** Save the outputs with the run's reads (nothing is stored for a run that was not given `reads`). */
  store: (out: RunOutput) => Promise<void>;
  /** For a caller that holds the check's result: `store` (the reads were recorded as the check made them). */
  prepare: (_result?: unknown) => { store: (out: RunOutput) => Promise<void> };
}

/**
 * Look up a run: the key is made of `config`, `input` (the check input, or what stands for it) and `outputs`
 * (see runKey). A miss gives the ReadLog the check must be run with, and `store` for its outputs.
 */
export async function openRunCache(cache: CheckCache, config: Config, input: object, outputs: unknown): Promise<RunCache> {
  const index = cache.statIndex();
  const key = runKey(config, input, outputs);
  const memo: StatMemo = new Map();
  const hit = cache.getRun(key, (reads) => reads.every(([kind, abs, fp]) => readAgain(kind, abs, fp, index, memo) === fp));
  cache.saveStatIndex();
  await cache.flush();
  const reads = new ReadLog(index);
  // The configuration file is part of the key as the Config it made; its file is read again too, as every input.
  if (config.file !== undefined) {
    const real = readAgain('real', config.file, '', index);
    reads.record('real', config.file, real);
    if (!real.startsWith('err:')) reads.record('bytes', real, readAgain('bytes', real, 'sha:', index));
  }
  const before = reads.told;
  // A check given this cache without the log (an older caller) still records into it.
  cache.runReads = reads;
  const store = async (out: RunOutput): Promise<void> => {
    if (cache.runReads === reads) cache.runReads = undefined;
    if (reads.told === before) return;
    cache.saveStatIndex();
    // The entry is made of the outputs again (as JSON, then signed): for reports this large, the garbage left by
    // formatting them is collected first, so that the entry's copies do not pile up on top of it (src/util/gc.ts).
    if (outputChars(out) >= LARGE_OUTPUT_CHARS) collectGarbage();
    cache.putRun(key, reads.entries, out);
    await cache.flush();
  };
  return { cache, ...(hit && { hit }), reads, store, prepare: () => ({ store }) };
}
