import { existsSync } from 'node:fs';
import os from 'node:os';
import type { Worker } from 'node:worker_threads';

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
