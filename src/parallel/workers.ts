import os from 'node:os';

/** Worker threads to start by default: one less than the cores (the main thread works too), at most 7. */
export function defaultWorkers(): number {
  return Math.max(0, Math.min(7, (os.availableParallelism?.() ?? os.cpus().length) - 1));
}
