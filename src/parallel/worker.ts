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
  /** The bytes' SHA-256 (hex), when the main thread hashed them already as it read them. */
  sha256?: string;
  /** Send the result's JSON as UTF-8 bytes too (what the cache stores), so that the main thread need not encode it. */
  utf8?: true;
}

/** A file's result as JSON (and as its UTF-8 bytes when asked), or why it could not be checked. */
export interface WorkerReply {
  id: number;
  json?: string;
  utf8?: Uint8Array;
  error?: string;
}

const encoder = new TextEncoder();

parentPort?.on('message', (t: WorkerTask) => {
  try {
    // As JSON (the form the cache keeps results in, and gives back identically): parsed in the main thread, its
    // objects are laid out compactly, where a structured clone's carry spare property storage.
    const r = checkFileBytes(t.file, t.bytes, t.limits, 'auto', t.sha256);
    const json = JSON.stringify(r);
    if (t.utf8) {
      const utf8 = encoder.encode(json);
      parentPort!.postMessage({ id: t.id, json, utf8 } satisfies WorkerReply, [utf8.buffer as ArrayBuffer]);
    } else parentPort!.postMessage({ id: t.id, json } satisfies WorkerReply);
    afterLargeFile(t.bytes.length, r);
  } catch (err) {
    parentPort!.postMessage({ id: t.id, error: String((err as Error)?.stack ?? err) } satisfies WorkerReply);
  }
});
