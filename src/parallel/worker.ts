// Worker thread: checks files sent by the main thread (src/parallel/check-files.ts) and sends back their
// FileResults. The work is the pure checkFileBytes, so a file gives the same result here as in the main thread.
import { parentPort } from 'node:worker_threads';
import { checkFileBytes, type FileLimits } from '../validate/file.js';

export interface WorkerTask {
  id: number;
  file: string;
  bytes: Uint8Array;
  limits: FileLimits;
}

parentPort?.on('message', (t: WorkerTask) => {
  try {
    parentPort!.postMessage({ id: t.id, result: checkFileBytes(t.file, t.bytes, t.limits) });
  } catch (err) {
    parentPort!.postMessage({ id: t.id, error: String((err as Error)?.stack ?? err) });
  }
});
