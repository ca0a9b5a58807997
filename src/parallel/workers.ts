import { existsSync } from 'node:fs';
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { FileResult } from '../report/types.js';
import { collectGarbage } from '../util/gc.js';

/** Worker threads to start by default: one less than the cores (the main thread works too), at most 7. */
export function defaultWorkers(): number {
  return Math.max(0, Math.min(7, (os.availableParallelism?.() ?? os.cpus().length) - 1));
}

/**
 * A pool of `n` workers running `file`, each given to `add` as it starts. Undefined when there is none to start
 * (n is 0, or the code runs from TypeScript sources under the tests and there is no compiled worker), or when a
 * thread cannot be started (a limit of the system): the pool is then stopped, and the main thread does all the work.
 */
export async function startWorkers<P extends { stop(): Promise<void> }>(file: string, n: number, pool: () => P, add: (pool: P, w: Worker) => void): Promise<P | undefined> {
  if (n <= 0 || !existsSync(file)) return undefined;
  const { Worker } = await import('node:worker_threads');
  const p = pool();
  try {
    for (let i = 0; i < n; i++) add(p, new Worker(file));
  } catch {
    await p.stop();
    return undefined;
  }
  return p;
}

/** A file this large that had findings went through the `yaml` library's Document, which takes ~80 bytes a byte. */
export const LARGE_FILE_BYTES = 1024 * 1024;

/**
 * After a large file with findings, collect its garbage at once (src/util/gc.ts): V8 would let the heap grow to
 * several times what is live before collecting, and four 5 MB files with schema errors then took 1.7 GB where
 * 0.9 GB is live at most.
 */
export function afterLargeFile(bytes: number, r: FileResult): void {
  if (bytes >= LARGE_FILE_BYTES && r.findings.length > 0) collectGarbage();
}
