// The reads a check makes of the file system, told to one recorder, so that a stored run is replayed only while
// every read it made would still give the same answer (src/cache/run-cache.ts reads each one again).
//
// A fingerprint never holds a timestamp: it is what the read found (a real path, a kind of file, a listing's names
// and kinds, the bytes' SHA-256), so that the same read done again gives the same text exactly when the pipeline
// would decide the same. The helpers below make the fingerprints on both sides, reading and replaying.
import { createHash } from 'node:crypto';
import type { Dirent, Stats } from 'node:fs';

/**
 * What kind of read: `bytes` the content of a file (at its real path); `list` a folder's entries (names and kinds);
 * `kind` what a path is without following a link (lstat); `stat` what it is through links; `real` where it really
 * leads (realpath); `inode` which file it is (device and inode: two paths to one file share a text).
 */
export type ReadKind = 'bytes' | 'list' | 'kind' | 'stat' | 'real' | 'inode';

/** What stat() said of a file just before its bytes were read, and the clock then (for src/cache/stat-index.ts). */
export interface SeenStat {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  at: number;
}

export interface ReadRecorder {
  /** One read, with the fingerprint of what it found; for bytes read in full, the stat taken before reading them. */
  record(kind: ReadKind, abs: string, fingerprint: string, seen?: SeenStat): void;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** A failed read: its error code. */
export const errPrint = (err: unknown): string => `err:${(err as NodeJS.ErrnoException | undefined)?.code ?? 'error'}`;

/** What an entry is, from lstat, stat or a folder listing. */
export function kindPrint(st: Pick<Stats | Dirent, 'isSymbolicLink' | 'isDirectory' | 'isFile'>): string {
  return st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
}

/** A folder's listing: its names with their kinds, in a fixed order whatever order the system gave. */
export function listPrint(entries: ReadonlyArray<Pick<Dirent, 'name' | 'isSymbolicLink' | 'isDirectory' | 'isFile'>>): string {
  const lines = entries.map((e) => `${kindPrint(e)}:${e.name}`).sort();
  return `list:${sha256(lines.join('\n'))}`;
}

/** Bytes read in full. */
export const bytesPrint = (bytes: Uint8Array): string => `sha:${sha256(bytes)}`;

/** Bytes of a hash already made. */
export const shaPrint = (hex: string): string => `sha:${hex}`;

/** A file not read because it is larger than the read's limit: its size is what decided (and what the finding says). */
export const bigPrint = (size: number): string => `big:${size}`;

/** A path that is there but is not a regular file, so its bytes were not read. */
export const NOT_FILE = 'not-file';

/** Which file a path is. */
export const inodePrint = (st: Pick<Stats, 'dev' | 'ino'>): string => `${st.dev}:${st.ino}`;

/** The stat of a file, as the recorder keeps it. */
export const seenOf = (st: Stats, at: number): SeenStat => ({ dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, at });
