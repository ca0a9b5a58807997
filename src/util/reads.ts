// The reads a check makes of the file system, told to one recorder, so that a stored run can be replayed only while
// every read it made would still give the same answer (src/cache/run-cache.ts).

/** What kind of read: the bytes of a file, a folder's listing, what a path is (lstat), where it really leads. */
export type ReadKind = 'bytes' | 'list' | 'kind' | 'real';

export interface ReadRecorder {
  /** One read, with a fingerprint of what it found (for bytes: their SHA-256, or why they could not be read). */
  record(kind: ReadKind, abs: string, fingerprint: string): void;
}
