// The per-file stage's results kept by a long-running command (`check --watch`): a YAML file read again with the
// very bytes it had last time gets its last result back, without hashing it, reading the cache or parsing JSON.
// When the caller knows what may have changed (the watcher's events and poll, LedgerScope.changed), a file none of
// whose reads is named there, nor a folder above one of them, is not even read: its last result stands, and the
// reads it was made from are told again (carried) so that the watcher's poll still stats them. Without that
// knowledge every file is read (contained, in one step, as every check reads it), so the bytes decide, never the
// timestamps: an edit within the same second that keeps the size is still seen.
import path from 'node:path';
import type { FileResult } from '../report/types.js';
import type { RecordedRead } from './ledger.js';

/** What a read gave the file stage: bytes to check, or a result already (a file that could not be read). */
type Got = FileResult | { bytes: Uint8Array; sha256?: string };

/** One file's last result, the bytes it was made from, and every read of the file system that made them. */
interface Kept {
  bytes: Uint8Array;
  result: FileResult;
  /** The reads, as told to the check's recorder (the same list each time, so that a carrier keeps its stats). */
  reads: readonly RecordedRead[];
  /** Every path those reads named, and the file's own path. */
  paths: readonly string[];
  /** False when the result rests on more than these reads (an exclusion rule was consulted): always read again. */
  whole: boolean;
}

/** True when `changed` names `p` or a folder above it. */
function named(changed: ReadonlySet<string>, p: string): boolean {
  for (let at = p; ; ) {
    if (changed.has(at)) return true;
    const up = path.dirname(at);
    if (up === at) return false;
    at = up;
  }
}

export class KeptFiles {
  private last = new Map<string, Kept>();
  /** This stage's files so far; a result is filled in at the end for a file whose bytes were new. */
  private now = new Map<string, Omit<Kept, 'result'> & { result: FileResult | undefined }>();
  private key = '';
  /** Files of this stage given their last result back (read with the same bytes, or not read at all). */
  reused = 0;
  /** Files of this stage not read at all (none of their reads named as changed). */
  unread = 0;

  /** Start a file stage under this key: everything a result depends on besides its name, its bytes and its reads. */
  begin(key: string): void {
    if (key !== this.key) this.last.clear();
    this.key = key;
    this.now = new Map();
    this.reused = this.unread = 0;
  }

  /**
   * The file's last result without reading it, when `changed` (absolute paths) is known and names none of the
   * paths its last reads named nor a folder above them; the reads are handed to `carry`. Otherwise undefined.
   */
  unchanged(file: string, abs: string, changed: ReadonlySet<string> | undefined, carry: (reads: readonly RecordedRead[]) => void): FileResult | undefined {
    if (changed === undefined) return undefined;
    const old = this.last.get(file);
    if (old === undefined || !old.whole || named(changed, abs) || old.paths.some((p) => named(changed, p))) return undefined;
    carry(old.reads);
    this.now.set(file, old);
    this.reused++;
    this.unread++;
    return old.result;
  }

  /**
   * The file's last result when `got` holds the same bytes as last time; otherwise `got`, its bytes noted.
   * `reads`: the reads this read made; `whole`: whether they are all that the result rests on.
   */
  reuse(file: string, abs: string, got: Got, reads: readonly RecordedRead[] = [], whole = false): Got {
    if (!('bytes' in got)) return got;
    const old = this.last.get(file);
    const same = old !== undefined && Buffer.from(old.bytes.buffer, old.bytes.byteOffset, old.bytes.byteLength).equals(got.bytes);
    const paths = [...new Set([abs, ...reads.map((r) => r[1])])];
    this.now.set(file, { bytes: got.bytes, result: same ? old.result : undefined, reads, paths, whole });
    if (!same) return got;
    this.reused++;
    return old.result;
  }

  /** The stage's results, kept with the bytes and reads they were made from; files not in the stage are forgotten. */
  end(results: readonly FileResult[]): void {
    const next = new Map<string, Kept>();
    for (const result of results) {
      const k = this.now.get(result.file);
      if (k !== undefined) next.set(result.file, { ...k, result });
    }
    this.last = next;
    this.now = new Map();
  }
}
