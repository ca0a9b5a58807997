// Worker thread: checks files sent by the main thread (src/parallel/check-files.ts) and sends back their
// FileResults. The work is the pure checkFileBytes, so a file gives the same result here as in the main thread.
import { parentPort } from 'node:worker_threads';
import { checkFileBytes, type FileLimits } from '../validate/file.js';
import { afterLargeFile } from './workers.js';

export interface WorkerTask {
  id: number;
  file: string;
  bytes: Uint8Array;
  limits: FileLimits;
}

parentPort?.on('message', (t: WorkerTask) => {
  try {
    // As JSON (the form the cache keeps results in, and gives back identically): parsed in the main thread, its
    // objects are laid out compactly, where a structured clone's carry spare property storage.
    const r = checkFileBytes(t.file, t.bytes, t.limits);
    parentPort!.postMessage({ id: t.id, json: JSON.stringify(r) });
    afterLargeFile(t.bytes.length, r);
  } catch (err) {
    parentPort!.postMessage({ id: t.id, error: String((err as Error)?.stack ?? err) });
  }
});
