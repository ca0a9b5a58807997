// The cache's storage: a folder the tool opened itself (src/cache/safe-io.ts), whose every entry is signed with
// this machine's key (src/cache/key.ts). An entry is used only when it is a regular file, not a link, within its
// size limit, and carries the HMAC-SHA-256 of its content, its name and the project it belongs to; anything else
// (forged, copied from another machine or project, committed, damaged) is a miss and is counted for --debug.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { lstatSync, readdirSync, realpathSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { loadKey, userCacheFolder } from './key.js';
import { openFolder, readRegularFile, SubFolders, writeNewFile, writeNewFileSync } from './safe-io.js';

/** No entry the tool writes is larger; a larger file is refused before anything of it is read. */
export const MAX_ENTRY_BYTES = 256 * 1024 * 1024;

const MAGIC = 'claims-cache ';
/** "claims-cache <64 hex digits>\n", then the entry. */
const HEADER_BYTES = MAGIC.length + 64 + 1;

type Env = Record<string, string | undefined>;

/** A file's times must be at least this much older than the clock for its stat to vouch for its bytes. */
const RACY_MS = 2_000;
/** Entries verified by readBytes(rel, true), by project and file, with the stat they were verified under. */
const VERIFIED = new Map<string, { stamp: string; body: Buffer }>();

/** The stat that vouches for a file's bytes, or undefined when it cannot (a link, not there, or written too lately). */
function stampOf(file: string, now: number): string | undefined {
  try {
    const st = lstatSync(file, { bigint: true });
    if (!st.isFile()) return undefined;
    const limit = BigInt(now - RACY_MS) * 1_000_000n;
    if (st.mtimeNs >= limit || st.ctimeNs >= limit) return undefined;
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  } catch {
    return undefined;
  }
}

export interface StoreCounts {
  /** Entries whose signature is missing or wrong: not made by this machine for this place. */
  unsigned: number;
  /** Links, devices, pipes, folders and oversized files where an entry should be. */
  refused: number;
}

export class CacheStore {
  readonly counts: StoreCounts = { unsigned: 0, refused: 0 };
  private readonly folders: SubFolders;

  constructor(
    /** The cache folder's real path. */
    readonly dir: string,
    private readonly key: Buffer,
    /** The project's real path: an entry is signed for one project. */
    private readonly project: string,
  ) {
    this.folders = new SubFolders(dir);
  }

  private mac(rel: string, body: Uint8Array): Buffer {
    return createHmac('sha256', this.key).update(`${this.project}\0${rel}\0`).update(body).digest();
  }

  /** True when the sub-folder `rel` exists as a real folder (no entry can be read otherwise). */
  has(rel: string): boolean {
    return this.folders.get(rel, false) !== undefined;
  }

  /** The content of the entry `rel` ('/'-separated), when it is there and signed for it by this machine's key. */
  read(rel: string): string | undefined {
    return this.readBytes(rel)?.toString('utf8');
  }

  /**
   * read(), as the entry's bytes (for large entries read in parts: the cache's packs). With `keep` (a long-lived
   * process: `check --watch`), an entry verified before is given back without being read or verified again while
   * its file's device, inode, size, mtime and ctime are all as they were (a write changes the ctime, which cannot be
   * set back; a replaced file has a new inode); a stat is kept only when both times are older than RACY_MS, as the
   * stat index keeps them, so that a write within one timestamp tick of the stat is never missed.
   */
  readBytes(rel: string, keep = false): Buffer | undefined {
    const slash = rel.lastIndexOf('/');
    const dir = slash === -1 ? this.dir : this.folders.get(rel.slice(0, slash), false);
    if (dir === undefined) return undefined;
    const file = path.join(dir, rel.slice(slash + 1));
    const at = Date.now();
    const stamp = keep ? stampOf(file, at) : undefined;
    const memoKey = `${this.project}\0${file}`;
    if (stamp !== undefined) {
      const known = VERIFIED.get(memoKey);
      if (known !== undefined && known.stamp === stamp) return known.body;
    }
    VERIFIED.delete(memoKey);
    const got = readRegularFile(file, MAX_ENTRY_BYTES);
    if (got === undefined) return undefined;
    if (typeof got === 'string') {
      this.counts.refused++;
      return undefined;
    }
    const sig = got.length >= HEADER_BYTES && got.toString('latin1', 0, MAGIC.length) === MAGIC && got[HEADER_BYTES - 1] === 0x0a ? Buffer.from(got.toString('latin1', MAGIC.length, HEADER_BYTES - 1), 'hex') : undefined;
    const body = got.subarray(HEADER_BYTES);
    if (sig === undefined || sig.length !== 32 || !timingSafeEqual(sig, this.mac(rel, body))) {
      this.counts.unsigned++;
      return undefined;
    }
    if (stamp !== undefined) VERIFIED.set(memoKey, { stamp, body });
    return body;
  }

  /**
   * The names in the sub-folder `rel` that `pattern` matches, sorted (none when the folder is missing or refused).
   * Only names: each entry is still read, checked and verified by read() or readBytes().
   */
  list(rel: string, pattern: RegExp): string[] {
    const dir = this.folders.get(rel, false);
    if (dir === undefined) return [];
    try {
      return readdirSync(dir)
        .filter((n) => pattern.test(n))
        .sort();
    } catch {
      return [];
    }
  }

  /** Delete the entry `rel` (a link there is removed, never followed); false when it could not be. */
  remove(rel: string): boolean {
    const slash = rel.lastIndexOf('/');
    const dir = slash === -1 ? this.dir : this.folders.get(rel.slice(0, slash), false);
    if (dir === undefined) return false;
    try {
      unlinkSync(path.join(dir, rel.slice(slash + 1)));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * What sealing needs, for the cache's writer thread (src/cache/cache.ts), which signs entries off the main
   * thread exactly as seal() does: the key, the project, the signature line's start and the size limit.
   */
  sealing(): { key: Buffer; project: string; magic: string; headerBytes: number; maxBytes: number } {
    return { key: this.key, project: this.project, magic: MAGIC, headerBytes: HEADER_BYTES, maxBytes: MAX_ENTRY_BYTES };
  }

  /** The entry as stored: its signature line, then the content. Undefined when it is too large to be stored. */
  seal(rel: string, body: string): string | undefined {
    if (body.length * 3 + HEADER_BYTES > MAX_ENTRY_BYTES && Buffer.byteLength(body, 'utf8') + HEADER_BYTES > MAX_ENTRY_BYTES) return undefined;
    const mac = createHmac('sha256', this.key).update(`${this.project}\0${rel}\0`).update(body, 'utf8').digest('hex');
    return `${MAGIC}${mac}\n${body}`;
  }

  /** The folder an entry goes in (made if needed) and its name, or undefined when a link or file is in the way. */
  place(rel: string): { dir: string; name: string } | undefined {
    const slash = rel.lastIndexOf('/');
    const dir = slash === -1 ? this.dir : this.folders.get(rel.slice(0, slash), true);
    return dir === undefined ? undefined : { dir, name: rel.slice(slash + 1) };
  }

  /** Store an entry now; false when it cannot be (the caller stops writing). */
  writeSync(rel: string, body: string): boolean {
    const at = this.place(rel);
    const data = this.seal(rel, body);
    if (at === undefined) return false;
    if (data === undefined) return true;
    writeNewFileSync(at.dir, at.name, data);
    return true;
  }

  /** writeSync with the promise API. */
  async write(rel: string, body: string): Promise<boolean> {
    const at = this.place(rel);
    const data = this.seal(rel, body);
    if (at === undefined) return false;
    if (data === undefined) return true;
    await writeNewFile(at.dir, at.name, data);
    return true;
  }

  /** What --debug says about entries that were not used, if any. */
  notes(): string[] {
    const out: string[] = [];
    const n = (k: number) => `${k.toLocaleString('en-US')} ${k === 1 ? 'entry' : 'entries'}`;
    if (this.counts.unsigned > 0) out.push(`${n(this.counts.unsigned)} rejected (not signed by this machine's key)`);
    const refused = this.counts.refused + this.folders.refused;
    if (refused > 0) out.push(`${n(refused)} refused (a symbolic link, device, pipe, folder or oversized file where an entry should be)`);
    return out;
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The cache folder used when none is given: node_modules/.cache/claims in the project, else one in the user's cache folder. */
export function defaultCacheFolder(project: string, realProject: string, env: Env): string {
  if (isRealFolder(path.join(project, 'node_modules'))) return path.join(project, 'node_modules', '.cache', 'claims');
  return path.join(userCacheFolder(env), 'projects', sha256(realProject).slice(0, 32));
}

function isRealFolder(p: string): boolean {
  try {
    return realpathSync.native(p) === path.join(realpathSync.native(path.dirname(p)), path.basename(p));
  } catch {
    return false;
  }
}

export type OpenedStore = { store: CacheStore } | { problem: string };

/**
 * The cache of the project at `project`, in `location` (absolute, from --cache-location) or the default folder.
 * Opened only with this machine's key and a folder that no link leads away from; otherwise the run is uncached.
 */
export function openStore(project: string, location: string | undefined, env: Env): OpenedStore {
  try {
    return openStoreOrThrow(project, location, env);
  } catch (err) {
    // An optimisation that cannot start is no error: the run is uncached.
    return { problem: `the cache cannot be opened (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
}

function openStoreOrThrow(project: string, location: string | undefined, env: Env): OpenedStore {
  let realProject: string;
  try {
    realProject = realpathSync.native(project);
  } catch (err) {
    return { problem: `the project folder ${project} cannot be resolved (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  const key = loadKey(env, project);
  if ('problem' in key) return key;
  const dir = location ?? defaultCacheFolder(project, realProject, env);
  const folder = openFolder(dir, project);
  if ('problem' in folder) return { problem: `the cache folder ${folder.problem}` };
  return { store: new CacheStore(folder.dir, key.key, realProject) };
}
