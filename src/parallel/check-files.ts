// The per-file stage of a check: read each YAML file, take its result from the cache when its bytes are known,
// and check the others, in worker threads when there is enough work to pay for starting them.
import { fileURLToPath } from 'node:url';
import { afterLargeFile, defaultWorkers, startWorkers } from './workers.js';
import type { Worker } from 'node:worker_threads';
import type { FoundFile } from '../load/discover.js';
import type { FileResult } from '../report/types.js';
import { checkFileBytes, type FileLimits } from '../validate/file.js';
import { sha256, type CheckCache } from '../cache/cache.js';
import type { WorkerTask } from './worker.js';

export interface FileStageOptions {
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
const CHUNK = 256;
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
    w.on('message', (m: { id: number; json?: string; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.json !== undefined) p.resolve({ result: JSON.parse(m.json) as FileResult, json: m.json });
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

  run(worker: number, file: string, bytes: Uint8Array, limits: FileLimits): Promise<Checked> {
    const id = this.nextId++;
    // The bytes are copied, not handed over: if the worker fails, the main thread checks the file from them.
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[worker]!.postMessage({ id, file, bytes, limits } satisfies WorkerTask);
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

interface Task {
  index: number;
  file: string;
  bytes: Uint8Array;
}

/** A file's result, with its JSON text when it was made (the cache stores that text rather than make it again). */
interface Checked {
  result: FileResult;
  json?: string;
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

/** Check the tasks: each worker keeps two in flight, and the main thread takes the rest one by one. */
async function runTasks(tasks: Task[], pool: Pool | undefined, limits: FileLimits, done: (t: Task, c: Checked) => void, flatten: boolean): Promise<void> {
  let next = 0;
  const here = (t: Task): Checked => {
    const r = checkFileBytes(t.file, t.bytes, limits);
    afterLargeFile(t.bytes.length, r);
    // The strings of a result checked here are slices of the file's text, and keep all of it alive for the whole
    // run (about twice the YAML's size in memory): on a large corpus, copy the result as a worker's reply is
    // copied, through JSON (the cache's form of a result, which gives the same reports: test/cache.test.ts).
    if (!flatten) return { result: r };
    const json = JSON.stringify(r);
    return { result: JSON.parse(json) as FileResult, json };
  };
  const feeders: Array<Promise<void>> = [];
  if (pool) {
    for (let w = 0; w < pool.size; w++) {
      const feed = async (): Promise<void> => {
        while (next < tasks.length && !pool.failed) {
          const t = tasks[next++]!;
          // A worker that fails leaves its file to this thread (and the pool takes no more).
          done(t, await pool.run(w, t.file, t.bytes, limits).catch(() => here(t)));
        }
      };
      feeders.push(feed(), feed());
    }
  }
  while (next < tasks.length) {
    const t = tasks[next++]!;
    done(t, here(t));
    // Let worker replies and new postings through between two files.
    if (pool) await tick();
  }
  await Promise.all(feeders);
}

/**
 * FileResults for the found files, in their order. `read` gives a file's bytes, or a FileResult when the file
 * cannot be read or is too large. Results are the same with or without cache and workers: checkFileBytes is pure.
 */
export async function checkFiles(
  found: readonly FoundFile[],
  limits: FileLimits,
  read: (f: FoundFile) => Promise<FileResult | Uint8Array>,
  opts: FileStageOptions = {},
): Promise<FileResult[]> {
  const { cache, onProgress } = opts;
  const results = new Array<FileResult>(found.length);
  const total = found.length;
  let doneCount = 0;
  // On a large corpus (where memory counts), results share their short strings.
  // On a very large corpus (where memory counts), results share their short strings, and results checked on this
  // thread are copied out of their file's text (runTasks). Both cost time (about a tenth of a cold check of 10,000
  // claims) and save memory that matters only at that size.
  const memoryLean = found.length >= MEMORY_LEAN_FILES;
  const shared = memoryLean ? new Map<string, string>() : undefined;
  const finish = (i: number, r: FileResult) => {
    results[i] = shared ? intern(r, shared) : r;
    doneCount++;
    onProgress?.(doneCount, total);
  };
  const maxWorkers = opts.workers ?? defaultWorkers();
  let pool: Pool | undefined;
  let pendingBytes = 0;
  let cached = 0;
  let checked = 0;
  let workers = 0;
  try {
    for (let start = 0; start < found.length; start += CHUNK) {
      const chunk = found.slice(start, start + CHUNK);
      const tasks: Task[] = [];
      await Promise.all(
        chunk.map(async (f, k) => {
          const index = start + k;
          const r = await read(f);
          if (!(r instanceof Uint8Array)) return finish(index, r);
          if (cache) {
            const hit = await cache.getFile(f.file, sha256(r), limits);
            if (hit) return (cached++, finish(index, hit));
          }
          tasks.push({ index, file: f.file, bytes: r });
          checked++;
          pendingBytes += r.length;
        }),
      );
      tasks.sort((a, b) => a.index - b.index);
      if (!pool && maxWorkers > 0 && pendingBytes >= PARALLEL_MIN_BYTES && tasks.length >= 8) pool = await Pool.start(maxWorkers);
      await runTasks(
        tasks,
        pool,
        limits,
        (t, c) => {
          finish(t.index, c.result);
          cache?.putFile(c.result, limits, c.json);
        },
        memoryLean && pendingBytes >= PARALLEL_MIN_BYTES,
      );
    }
  } finally {
    workers = pool?.size ?? 0;
    await pool?.stop();
  }
  opts.onStats?.({ checked, cached, workers });
  return results;
}
