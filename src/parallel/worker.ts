// Worker thread: checks batches of files sent by the main thread (src/parallel/check-files.ts) and sends back
// their FileResults, one reply a batch. The work is the pure checkFileBytes, so a file gives the same result here
// as in the main thread.
import { parentPort } from 'node:worker_threads';
import { checkFileBytes, type FileLimits } from '../validate/file.js';
import { afterLargeFile } from './workers.js';

/** A batch of files to check: one message instead of one a file, so that the main thread posts less often. */
export interface WorkerTask {
  id: number;
  files: Array<{ file: string; bytes: Uint8Array }>;
  limits: FileLimits;
}

/** Each file's result as JSON, in the batch's order; null where checking it failed (the main thread checks it then). */
export interface WorkerReply {
  id: number;
  json: Array<string | null>;
}

parentPort?.on('message', (t: WorkerTask) => {
  const json: Array<string | null> = [];
  for (const f of t.files) {
    try {
      // As JSON (the form the cache keeps results in, and gives back identically): parsed in the main thread, its
      // objects are laid out compactly, where a structured clone's carry spare property storage.
      const r = checkFileBytes(f.file, f.bytes, t.limits);
      json.push(JSON.stringify(r));
      afterLargeFile(f.bytes.length, r);
    } catch {
      json.push(null);
    }
  }
  parentPort!.postMessage({ id: t.id, json } satisfies WorkerReply);
});
