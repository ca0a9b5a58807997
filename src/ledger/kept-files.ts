// The per-file stage's results kept by a long-running command (`check --watch`): a YAML file read again with the
// very bytes it had last time gets its last result back, without hashing it, reading the cache or parsing JSON.
// The file is still read (contained, in one step, as every check reads it), so the bytes decide, never the
// watcher's events or the file's timestamps: an edit within the same second that keeps the size is still seen.
import type { FileResult } from '../report/types.js';
import type { FileLimits } from '../validate/file.js';

/** What a read gave the file stage: bytes to check, or a result already (a file that could not be read). */
type Got = FileResult | { bytes: Uint8Array; sha256?: string };

export class KeptFiles {
  private last = new Map<string, { bytes: Uint8Array; result: FileResult }>();
  private read = new Map<string, Uint8Array>();
  private limitsKey = '';
  /** Files of this stage given their last result back. */
  reused = 0;

  /** Start a file stage under these limits (a result depends on its name, its bytes and the limits). */
  begin(limits: FileLimits): void {
    const key = JSON.stringify(limits);
    if (key !== this.limitsKey) this.last.clear();
    this.limitsKey = key;
    this.read = new Map();
    this.reused = 0;
  }

  /** The file's last result when `got` holds the same bytes as last time; otherwise `got`, its bytes noted. */
  reuse(file: string, got: Got): Got {
    if (!('bytes' in got)) return got;
    this.read.set(file, got.bytes);
    const old = this.last.get(file);
    if (old === undefined || !Buffer.from(old.bytes.buffer, old.bytes.byteOffset, old.bytes.byteLength).equals(got.bytes)) return got;
    this.reused++;
    return old.result;
  }

  /** The stage's results, kept with the bytes they were made from; files not read this time are forgotten. */
  end(results: readonly FileResult[]): void {
    const next = new Map<string, { bytes: Uint8Array; result: FileResult }>();
    for (const result of results) {
      const bytes = this.read.get(result.file);
      if (bytes !== undefined) next.set(result.file, { bytes, result });
    }
    this.last = next;
    this.read = new Map();
  }
}
