// The stat index: a file's SHA-256 remembered with what stat() said about it (device, inode, size, mtime, ctime),
// as git's index does, so that proving "nothing changed" does not have to read and hash every input again.
//
// The rule (documented in README, "Performance and cache"):
// - A remembered hash is used only when the file's device, inode, size, mtime and ctime are all exactly as
//   recorded. Any write changes ctime (which no user command can set back), and replacing a file changes its inode.
// - Racy timestamps: a timestamp has a granularity (a clock tick, up to 2 s on some file systems), so a file written
//   again within the same tick as the stat we recorded could keep the same stat with other bytes. A stat is
//   therefore recorded only when the file's mtime and ctime are both more than RACY_MARGIN_MS older than the moment
//   the stat was taken (before the bytes were read); a file changed more recently is read and hashed on every run
//   until it is older than that. (This assumes the file system's clock is within about a second of this machine's.)
// - The index is keyed by absolute path, carries a checksum of its entries, and is trusted only when it parses
//   and the checksum matches; anything else is ignored and rebuilt. In the cache it is also signed with this
//   machine's key like every entry (src/cache/store.ts), so a forged index is never read at all.
import { readFileSync, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';

export const STAT_INDEX_FORMAT = 1;
/** How much older than "now" a file's mtime and ctime must be before its stat is trusted. */
export const RACY_MARGIN_MS = 2000;
/** Entries kept at most (those looked up in this run first). */
const MAX_ENTRIES = 500_000;

/** [dev, ino, size, mtimeMs, ctimeMs, sha256] */
type Entry = [number, number, number, number, number, string];

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

const isEntry = (e: unknown): e is Entry =>
  Array.isArray(e) &&
  e.length === 6 &&
  typeof e[0] === 'number' &&
  typeof e[1] === 'number' &&
  typeof e[2] === 'number' &&
  typeof e[3] === 'number' &&
  typeof e[4] === 'number' &&
  typeof e[5] === 'string' &&
  e[5].length === 64;

export interface StatIndexOptions {
  /** The clock, for tests. */
  now?: () => number;
  /** The stored index's text (undefined: none), read by the caller (the cache, which checks its signature) instead of from `file`. */
  load?: () => string | undefined;
}

export class StatIndex {
  /** Files whose bytes were read and hashed (not answered from the index), for tests and --debug. */
  hashed = 0;
  /** True when the stored index could not be used (corrupt, wrong format) and was ignored. */
  rejected = false;
  private old = new Map<string, Entry>();
  private readonly used = new Map<string, Entry>();
  private dirty = false;
  private readonly now: () => number;

  constructor(
    /** Where the index is stored (undefined: in memory only). */
    readonly file: string | undefined,
    options: StatIndexOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    if (options.load !== undefined) this.load(options.load());
    else if (file !== undefined) {
      let text: string | undefined;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
      this.load(text);
    }
  }

  private load(text: string | undefined): void {
    if (text === undefined) return;
    // Stored exactly as serialize() writes it, so that the checksum is over the text as read.
    const head = /^\{"format":(\d+),"check":"([0-9a-f]{64})","entries":/.exec(text);
    try {
      if (head === null || Number(head[1]) !== STAT_INDEX_FORMAT || !text.endsWith('}')) throw new Error('shape');
      const body = text.slice(head[0].length, -1);
      if (sha256(body) !== head[2]) throw new Error('checksum');
      const entries = JSON.parse(body) as unknown;
      if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) throw new Error('shape');
      const m = new Map<string, Entry>();
      for (const k in entries) {
        const e = (entries as Record<string, unknown>)[k];
        if (!isEntry(e)) throw new Error('entry');
        m.set(k, e);
      }
      this.old = m;
    } catch {
      this.rejected = true;
      this.dirty = true;
    }
  }

  /**
   * The SHA-256 of the file at `abs`, whose stat (taken before reading) is `st`: from the index when the stat is
   * unchanged, else by reading it with `read` (which may throw; the error is passed on).
   */
  sha(abs: string, st: Stats, read: () => Uint8Array = () => readFileSync(abs)): string {
    const e = this.used.get(abs) ?? this.old.get(abs);
    if (e !== undefined && e[0] === st.dev && e[1] === st.ino && e[2] === st.size && e[3] === st.mtimeMs && e[4] === st.ctimeMs) {
      this.used.set(abs, e);
      return e[5];
    }
    const before = this.now();
    const digest = sha256(read());
    this.hashed++;
    if (Math.max(st.mtimeMs, st.ctimeMs) < before - RACY_MARGIN_MS) {
      this.used.set(abs, [st.dev, st.ino, st.size, st.mtimeMs, st.ctimeMs, digest]);
      this.dirty = true;
    } else if (this.old.delete(abs) || this.used.delete(abs)) {
      this.dirty = true;
    }
    return digest;
  }

  /**
   * Record a hash computed elsewhere, from bytes read after a stat `st` taken at time `at` (same racy rule). The
   * check reads every document text anyway: the cache then needs not read them again to fingerprint the run.
   */
  remember(abs: string, st: Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'>, at: number, digest: string): void {
    if (Math.max(st.mtimeMs, st.ctimeMs) < at - RACY_MARGIN_MS) {
      const e = this.used.get(abs) ?? this.old.get(abs);
      if (e !== undefined && e[0] === st.dev && e[1] === st.ino && e[2] === st.size && e[3] === st.mtimeMs && e[4] === st.ctimeMs && e[5] === digest) {
        this.used.set(abs, e);
        return;
      }
      this.used.set(abs, [st.dev, st.ino, st.size, st.mtimeMs, st.ctimeMs, digest]);
      this.dirty = true;
    }
  }

  /** True when the index should be written (new or changed entries, or a rejected index). */
  get changed(): boolean {
    return this.dirty;
  }

  /** The index as stored: this run's entries first, then older ones, up to a bound. */
  serialize(): string {
    const entries: Record<string, Entry> = {};
    let n = 0;
    for (const [k, e] of this.used) if (n++ < MAX_ENTRIES) entries[k] = e;
    for (const [k, e] of this.old) if (!this.used.has(k) && n++ < MAX_ENTRIES) entries[k] = e;
    this.dirty = false;
    const body = JSON.stringify(entries);
    return `{"format":${STAT_INDEX_FORMAT},"check":"${sha256(body)}","entries":${body}}`;
  }
}
