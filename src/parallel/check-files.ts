// The per-file stage of a check: read each YAML file and get its result from a FileSource, a strategy the stage
// is given: plain (this thread), pooled (worker threads too, when there is enough work to pay for starting them),
// or cached (results of known bytes from the cache, the others from the source it wraps, and stored).
import { fileURLToPath } from 'node:url';
import { afterLargeFile, defaultWorkers, startWorkers } from './workers.js';
import type { Worker } from 'node:worker_threads';
import type { FoundFile } from '../load/discover.js';
import type { FileResult } from '../report/types.js';
import { checkFileBytes, type FileLimits } from '../validate/file.js';
import { sha256, type CheckCache } from '../cache/cache.js';
import type { WorkerReply, WorkerTask } from './worker.js';

export interface FileStageOptions {
  /** Results of known bytes come from this cache, and new ones are stored in it. */
  cache?: CheckCache;
  /** Most worker threads to start (default: one less than the cores, at most 7; 0: none). */
  workers?: number;
  /** Called as files are done. */
  onProgress?: (done: number, total: number) => void;
  /** Told at the end how many files were checked, how many came from the cache, and how many workers helped. */
  onStats?: (stats: { checked: number; cached: number; workers: number }) => void;
}

/** Below this much YAML to check, worker start-up (loading the parser and validators again) costs more than it saves. */
export const PARALLEL_MIN_BYTES = 1024 * 1024;
const CHUNK = 512;
/** Files of the next chunk read each time the checking thread is between two files (see FileSource.check). */
const READ_AHEAD = 4;
const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));


/** Worker threads sharing the checking of files with the main thread. */
class Pool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (r: Checked) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  /** A worker failed (crashed, ran out of memory, exited): no more work is given to the pool. */
  failed = false;
  private stopping = false;

  static start(n: number): Promise<Pool | undefined> {
    return startWorkers(WORKER_FILE, n, () => new Pool(), (pool, w) => pool.add(w));
  }

  private add(w: Worker): void {
    w.on('message', (m: WorkerReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.json !== undefined) p.resolve({ result: JSON.parse(m.json) as FileResult, json: m.json, ...(m.utf8 !== undefined && { utf8: m.utf8 }) });
      else p.reject(new Error(m.error ?? 'worker failed'));
    });
    w.on('error', (e) => this.fail(e));
    w.on('exit', () => this.fail(new Error('worker exited')));
    this.workers.push(w);
  }

  /** Every file given to the pool and not answered comes back rejected: the main thread checks it instead. */
  private fail(e: Error): void {
    if (this.stopping) return;
    this.failed = true;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  run(worker: number, t: FileTask, limits: FileLimits, utf8: boolean): Promise<Checked> {
    const id = this.nextId++;
    // The bytes are copied, not handed over: if the worker fails, the main thread checks the file from them.
    const task: WorkerTask = { id, file: t.file, bytes: t.bytes, limits, ...(t.sha256 !== undefined && { sha256: t.sha256 }), ...(utf8 && { utf8 }) };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[worker]!.postMessage(task);
    });
  }

  get size(): number {
    return this.workers.length;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** A file's bytes as read, with their SHA-256 (hex) when the read made it already. */
export interface FileBytes {
  bytes: Uint8Array;
  sha256?: string;
}

/** One file to check: its place in the found files, its report name and its bytes. */
export interface FileTask extends FileBytes {
  index: number;
  file: string;
}

/** A file's result, with its JSON text when it was made (the cache stores that text rather than make it again). */
export interface Checked {
  result: FileResult;
  json?: string;
  /** `json` as UTF-8, when a worker encoded it (for the cache, which stores bytes). */
  utf8?: Uint8Array;
  /** It came from the cache. */
  cached?: true;
}

/** Where the results of files come from. Every source gives the same result for the same bytes (checkFileBytes is pure). */
export interface FileSource {
  /**
   * Results for `tasks`, each given to `done` as it is ready (in any order). `between`, when given, is called on
   * this thread between two files it checks itself while worker threads check others: the caller reads its next
   * files then, so that reading does not leave the workers without work.
   */
  check(tasks: readonly FileTask[], done: (t: FileTask, c: Checked) => void, between?: () => void): Promise<void>;
  /** How many worker threads helped. */
  readonly workers: number;
  /** Let go of what the source holds (threads). */
  close(): Promise<void>;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** From this many YAML files on, the file stage saves memory at some cost in time (see checkFiles). */
export const MEMORY_LEAN_FILES = 2000;

/** Strings up to this length are shared between results (ids, languages, stances, dates, file names...). */
const INTERN_MAX = 64;

/**
 * Replace every short string in a result by one shared copy from `pool`. A result copied from a worker (or the
 * cache) has its own copy of each "en", "asserts", source and document id: on a large corpus these add up to a
 * tenth of the memory the entities take. Values are unchanged.
 */
function intern<T>(value: T, pool: Map<string, string>): T {
  // The pooled copy of a short string (the string itself the first time it is seen).
  const share = (v: string): string => {
    if (v.length > INTERN_MAX) return v;
    const p = pool.get(v);
    if (p === undefined) pool.set(v, v);
    return p ?? v;
  };
  const walk = (o: Record<string, unknown> | unknown[]): void => {
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const v = o[i];
        if (typeof v === 'string') o[i] = share(v);
        else if (typeof v === 'object' && v !== null) walk(v as Record<string, unknown>);
      }
      return;
    }
    for (const k in o) {
      const v = o[k];
      if (typeof v === 'string') o[k] = share(v);
      else if (typeof v === 'object' && v !== null) walk(v as Record<string, unknown>);
    }
  };
  walk(value as Record<string, unknown>);
  return value;
}

/**
 * A file checked on this thread. With `flatten`, the result is copied as a worker's reply is copied, through JSON
 * (the cache's form of a result, which gives the same reports: test/cache.test.ts): the strings of a result checked
 * here are slices of the file's text, and would keep all of it alive for the whole run (about twice the YAML's size).
 */
function checkHere(t: FileTask, limits: FileLimits, flatten: boolean): Checked {
  const r = checkFileBytes(t.file, t.bytes, limits, 'auto', t.sha256);
  afterLargeFile(t.bytes.length, r);
  if (!flatten) return { result: r };
  const json = JSON.stringify(r);
  return { result: JSON.parse(json) as FileResult, json };
}

/** Every file checked on this thread, in order. */
export function plainSource(limits: FileLimits, flatten = false): FileSource {
  let bytes = 0;
  return {
    workers: 0,
    check: async (tasks, done) => {
      for (const t of tasks) bytes += t.bytes.length;
      const lean = flatten && bytes >= PARALLEL_MIN_BYTES;
      for (const t of tasks) done(t, checkHere(t, limits, lean));
    },
    close: async () => undefined,
  };
}

/** Files each worker has in flight: enough that it never waits while this thread checks a file of its own. */
const IN_FLIGHT = 16;

/**
 * Files checked on this thread and in up to `maxWorkers` worker threads, started once `PARALLEL_MIN_BYTES` of YAML
 * have come to check (in a batch of at least 8 files): each worker keeps IN_FLIGHT files in flight, this thread
 * takes the rest one by one (calling `between` after each), and a worker that fails leaves its files to this
 * thread. `flatten`: as plainSource, once the YAML checked passes PARALLEL_MIN_BYTES. `utf8`: workers also give
 * each result's JSON as UTF-8 bytes (for the cache), made on their thread rather than this one.
 */
export function pooledSource(limits: FileLimits, maxWorkers: number, flatten = false, utf8 = false): FileSource {
  let pool: Pool | undefined;
  let size = 0;
  let bytes = 0;
  return {
    get workers() {
      return size;
    },
    check: async (tasks, done, between) => {
      for (const t of tasks) bytes += t.bytes.length;
      if (!pool && maxWorkers > 0 && bytes >= PARALLEL_MIN_BYTES && tasks.length >= 8) pool = await Pool.start(maxWorkers);
      size = pool?.size ?? 0;
      const lean = flatten && bytes >= PARALLEL_MIN_BYTES;
      let next = 0;
      const here = (t: FileTask) => checkHere(t, limits, lean);
      const feeders: Array<Promise<void>> = [];
      const p = pool;
      if (p) {
        for (let w = 0; w < p.size; w++) {
          const feed = async (): Promise<void> => {
            while (next < tasks.length && !p.failed) {
              const t = tasks[next++]!;
              done(t, await p.run(w, t, limits, utf8).catch(() => here(t)));
            }
          };
          for (let k = 0; k < IN_FLIGHT; k++) feeders.push(feed());
        }
      }
      while (next < tasks.length) {
        const t = tasks[next++]!;
        done(t, here(t));
        if (p) {
          between?.();
          // Let worker replies and new postings through between two files.
          await tick();
        }
      }
      await Promise.all(feeders);
    },
    close: async () => {
      await pool?.stop();
    },
  };
}

/**
 * The results of bytes the cache knows (by hash), the others from `inner`, each stored in the cache as it comes.
 * The way textlint plugs in its cache: the source it wraps never sees a file whose result is known.
 */
export function cachedSource(cache: CheckCache, limits: FileLimits, inner: FileSource): FileSource {
  return {
    get workers() {
      return inner.workers;
    },
    check: async (tasks, done, between) => {
      const misses: FileTask[] = [];
      // An empty cache (a cold run) has nothing to look up: the bytes are then hashed by whoever checks them.
      const lookUp = cache.mayHoldFiles();
      for (const t of tasks) {
        if (!lookUp) {
          misses.push(t);
          continue;
        }
        const sha = t.sha256 ?? sha256(t.bytes);
        const hit = cache.getFileSync(t.file, sha, limits);
        if (hit) done(t, { result: hit, cached: true });
        else misses.push(t.sha256 === undefined ? { ...t, sha256: sha } : t);
      }
      if (misses.length === 0) return;
      await inner.check(
        misses,
        (t, c) => {
          cache.putFile(c.result, limits, c.json, c.utf8);
          done(t, c);
        },
        between,
      );
    },
    close: async () => {
      cache.filesDone();
      await inner.close();
    },
  };
}

/** The source a check's options ask for: pooled unless no worker may start, cached when there is a cache. */
export function fileSourceFor(opts: FileStageOptions, limits: FileLimits, files: number): FileSource {
  const maxWorkers = opts.workers ?? defaultWorkers();
  // On a very large corpus (where memory counts), results checked on this thread are copied out of their file's text.
  const flatten = files >= MEMORY_LEAN_FILES;
  const base = maxWorkers > 0 ? pooledSource(limits, maxWorkers, flatten, opts.cache !== undefined) : plainSource(limits, flatten);
  return opts.cache ? cachedSource(opts.cache, limits, base) : base;
}

/**
 * FileResults for the found files, in their order, from `source`. `read` gives a file's bytes, or a FileResult
 * when the file cannot be read or is too large. Files are checked CHUNK at a time; the next chunk is read while
 * one is checked, a few files at a time between the files this thread checks (reads are synchronous system calls
 * on this thread: read all at once, they would leave the workers idle).
 */
export async function checkFiles(
  found: readonly FoundFile[],
  read: (f: FoundFile) => Promise<FileResult | FileBytes>,
  source: FileSource,
  opts: Pick<FileStageOptions, 'onProgress' | 'onStats'> = {},
): Promise<FileResult[]> {
  const { onProgress } = opts;
  const results = new Array<FileResult>(found.length);
  const total = found.length;
  let doneCount = 0;
  // On a very large corpus (where memory counts), results share their short strings: this costs time (about a
  // tenth of a cold check of 10,000 claims) and saves memory that matters only at that size.
  const shared = found.length >= MEMORY_LEAN_FILES ? new Map<string, string>() : undefined;
  const finish = (i: number, r: FileResult) => {
    results[i] = shared ? intern(r, shared) : r;
    doneCount++;
    onProgress?.(doneCount, total);
  };
  let cached = 0;
  let checked = 0;
  let workers: number;
  // Reads started, by index: those of the next chunk are started while this one is checked (see `between`).
  const reading = new Array<Promise<FileResult | FileBytes> | undefined>(found.length);
  let started = 0;
  const startRead = (i: number): void => {
    const p = read(found[i]!);
    // Awaited in its turn; if checking fails first, that failure is the one reported.
    p.catch(() => undefined);
    reading[i] = p;
  };
  try {
    for (let start = 0; start < found.length; start += CHUNK) {
      const end = Math.min(found.length, start + CHUNK);
      while (started < end) startRead(started++);
      const tasks: FileTask[] = [];
      for (let i = start; i < end; i++) {
        const r = await reading[i]!;
        reading[i] = undefined;
        if ('bytes' in r) tasks.push({ index: i, file: found[i]!.file, ...r });
        else finish(i, r);
      }
      // Between two files of its own, this thread reads a few of the next chunk's files.
      const ahead = Math.min(found.length, end + CHUNK);
      const between = () => {
        for (let k = 0; k < READ_AHEAD && started < ahead; k++) startRead(started++);
      };
      await source.check(
        tasks,
        (t, c) => {
          if (c.cached) cached++;
          else checked++;
          finish(t.index, c.result);
        },
        between,
      );
    }
  } finally {
    workers = source.workers;
    await source.close();
  }
  opts.onStats?.({ checked, cached, workers });
  return results;
}
