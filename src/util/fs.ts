import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  promises as fsp,
  readSync,
  readlinkSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { bigPrint, errPrint, NOT_FILE, seenOf, shaPrint, type ReadRecorder } from './reads.js';

export interface AtomicWriteOptions {
  /**
   * Flush the new file and its folder to the disk before returning (default true): after a crash or power cut
   * the target is the old file or the whole new one. The cache, which checks what it reads, passes false.
   */
  durable?: boolean;
  /**
   * The project folder: the folder the target really sits in (all links resolved) must be inside it, so that a
   * folder link committed in the project cannot send the write elsewhere.
   */
  root?: string;
  /**
   * The path was named by the user on the command line and lies outside the project: a link at it is followed,
   * and a pipe, terminal or /dev/stdout is written into (renaming over it would replace it). Default false.
   */
  trusted?: boolean;
}

/** Why a write was refused, in words for the person who asked for it (`reason` follows the path); `code` says which rule it broke. */
export class WriteRefused extends Error {
  constructor(
    file: string,
    readonly reason: string,
    readonly code: 'ESYMLINK' | 'ENOTREG' | 'EOUTSIDE',
  ) {
    super(`${file} ${reason}`);
  }
}

/**
 * Where a write to `file` may land: its real folder (every link resolved) and the name in it. A link at the name
 * itself is refused (it would be written through, or replaced), as is anything there that is not a regular file,
 * and, with a root, a real folder outside the project. Throws WriteRefused, or the error of the file system.
 */
async function writeTarget(file: string, root: string | undefined): Promise<{ target: string; st: Stats | undefined }> {
  const abs = path.resolve(file);
  const realDir = await fsp.realpath(path.dirname(abs));
  if (root !== undefined) {
    const realRoot = await fsp.realpath(root).catch(() => path.resolve(root));
    if (!isInside(realRoot, realDir)) throw new WriteRefused(file, 'leads outside the project folder through a symbolic link, so it was not written.', 'EOUTSIDE');
  }
  const target = path.join(realDir, path.basename(abs));
  const st = await fsp.lstat(target).catch(() => undefined);
  if (st?.isSymbolicLink()) throw new WriteRefused(file, 'is a symbolic link, so it was not written (a link in the project could send the write anywhere). Remove the link.', 'ESYMLINK');
  if (st?.isDirectory()) throw Object.assign(new Error(`${file} is a folder`), { code: 'EISDIR' });
  if (st !== undefined && !st.isFile()) throw new WriteRefused(file, 'is not a regular file (a pipe, socket or device), so it was not written.', 'ENOTREG');
  return { target, st };
}

/**
 * Write a file atomically: a temporary file in the real folder of the target, then a rename over the target. A
 * target that exists keeps its read, write and execute bits (a `claims hash` run does not make a private file
 * readable by others; set-user-id and the like are not carried over to new content). A link at the target, or
 * anything there but a regular file, is refused (WriteRefused), unless the path is `trusted` (see the options).
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const durable = options.durable ?? true;
  let target: string;
  let st: Stats | undefined;
  if (options.trusted === true) {
    // The user's own path: through a link (the link stays a link), into a pipe or terminal as it is.
    target = await fsp.realpath(file).catch(() => file);
    st = await fsp.stat(target).catch(() => undefined);
    if (st !== undefined && !st.isFile()) {
      if (st.isDirectory()) throw Object.assign(new Error(`${file} is a folder`), { code: 'EISDIR' });
      await fsp.writeFile(target, data);
      return;
    }
  } else {
    ({ target, st } = await writeTarget(file, options.root));
  }
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = st === undefined ? undefined : st.mode & 0o777;
  try {
    const handle = await fsp.open(tmp, 'wx', mode ?? 0o666);
    try {
      // The folder checked is the folder written: a folder swapped for a link since then is found here.
      if (options.trusted !== true) {
        const real = realOfDescriptor(handle.fd, tmp, await handle.stat());
        if (real === undefined || path.dirname(real) !== dir) throw new WriteRefused(file, 'leads outside the folder it was checked in (a folder was replaced while writing), so it was not written.', 'EOUTSIDE');
      }
      await handle.writeFile(data);
      // open() applies the umask; an existing file's mode is given back as it was.
      if (mode !== undefined) await handle.chmod(mode);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, target);
  } catch (err) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  if (durable) await syncFolder(dir);
}

/** Flush a folder's entries (the rename) to the disk, where the system allows it (not on Windows). */
async function syncFolder(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM/EINVAL on systems that cannot sync a folder: the rename itself is still atomic
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Forward-slash path of `file` relative to `base`, for reports that must read the same on every OS. */
export function relPosix(base: string, file: string): string {
  const rel = path.relative(base, file);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

/** True when `child` is `parent` or lies inside it (both absolute, normalised). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** What readRegularInside found: the bytes with where they really are, or why they were not read. */
export type InsideRead =
  | { ok: true; real: string; st: Stats; bytes: Buffer; /** The bytes' SHA-256 (hex), when the read was recorded (which hashes them). */ sha256?: string }
  | { ok: false; why: 'missing' | 'loop' | 'outside' | 'not-file' | 'excluded' | 'unreadable'; code?: string; size?: number; real?: string };

/** Real paths of the folders a run reads from, asked once per folder (a handful for thousands of texts). */
export type RealDirs = Map<string, string | NodeJS.ErrnoException>;

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** Where an open descriptor really is: what the kernel says (Linux), else the real path of `abs` if it is the same file. */
function realOfDescriptor(fd: number, abs: string, st: Stats): string | undefined {
  if (process.platform === 'linux') {
    try {
      const p = readlinkSync(`/proc/self/fd/${fd}`);
      if (path.isAbsolute(p)) return p;
    } catch {
      // no /proc: ask the path, below
    }
  }
  try {
    const real = realpathSync.native(abs);
    const again = statSync(real);
    return again.dev === st.dev && again.ino === st.ino ? real : undefined;
  } catch {
    return undefined;
  }
}

const errCode = (err: unknown) => (err as NodeJS.ErrnoException).code ?? 'error';

/** A failed realpath or open as an InsideRead: a link loop, nothing there, or another error. */
const failed = (err: unknown): InsideRead => {
  const code = errCode(err);
  return { ok: false, why: code === 'ELOOP' ? 'loop' : code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable', code };
};

/**
 * Read the file at `abs` only if it is a regular file whose real path is inside `realRoot`, at most `maxBytes`,
 * with the check and the read in one step: the file is opened (without following a link at its name, without
 * blocking on a pipe), and the opened descriptor is what is checked and read, so that swapping the file or a
 * folder above it between the check and the read changes nothing. `excluded` (given the real path relative to
 * `realRoot`) can refuse the file after it is opened and before a byte of it is read.
 */
export function readRegularInside(realRoot: string, abs: string, maxBytes: number, dirs: RealDirs = new Map(), excluded?: (realRel: string) => boolean, reads?: ReadRecorder): InsideRead {
  const dir = path.dirname(abs);
  let realDir = dirs.get(dir);
  if (realDir === undefined) {
    try {
      realDir = realpathSync.native(dir);
    } catch (err) {
      realDir = err as NodeJS.ErrnoException;
    }
    dirs.set(dir, realDir);
    reads?.record('real', dir, typeof realDir === 'string' ? realDir : errPrint(realDir));
  }
  if (typeof realDir !== 'string') return failed(realDir);
  // A folder link that leaves the project: nothing behind it is opened (not even a device's open side effects).
  if (!isInside(realRoot, realDir)) return { ok: false, why: 'outside' };
  let target = path.join(realDir, path.basename(abs));
  let fd: number;
  try {
    fd = openSync(target, OPEN_FLAGS);
  } catch (err) {
    if (errCode(err) !== 'ELOOP') {
      reads?.record('bytes', target, errPrint(err));
      return failed(err);
    }
    // A link at the name: followed only to a file inside the project, then opened as above.
    const link = target;
    try {
      target = realpathSync.native(target);
    } catch (err2) {
      reads?.record('real', link, errPrint(err2));
      return failed(err2);
    }
    reads?.record('real', link, target);
    if (!isInside(realRoot, target)) return { ok: false, why: 'outside' };
    try {
      fd = openSync(target, OPEN_FLAGS);
    } catch (err2) {
      reads?.record('bytes', target, errPrint(err2));
      return failed(err2);
    }
  }
  try {
    const at = Date.now();
    const st = fstatSync(fd);
    if (!st.isFile()) {
      reads?.record('bytes', target, NOT_FILE);
      return { ok: false, why: 'not-file' };
    }
    const real = realOfDescriptor(fd, target, st);
    // Where the opened file really is: the same answer as realpath of the name it was opened by.
    reads?.record('real', target, real ?? 'unknown');
    if (real === undefined || !isInside(realRoot, real)) return { ok: false, why: 'outside' };
    if (excluded?.(relPosix(realRoot, real))) return { ok: false, why: 'excluded', real };
    if (st.size > maxBytes) {
      reads?.record('bytes', real, bigPrint(st.size));
      return { ok: false, why: 'unreadable', code: 'EFBIG', size: st.size };
    }
    const bytes = readAtMost(fd, st.size, maxBytes);
    if (bytes === undefined) {
      reads?.record('bytes', real, bigPrint(maxBytes + 1));
      return { ok: false, why: 'unreadable', code: 'EFBIG', size: maxBytes + 1 };
    }
    if (reads === undefined) return { ok: true, real, st, bytes };
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    reads.record('bytes', real, shaPrint(sha256), seenOf(st, at));
    return { ok: true, real, st, bytes, sha256 };
  } catch (err) {
    reads?.record('bytes', target, errPrint(err));
    return { ok: false, why: 'unreadable', code: errCode(err) };
  } finally {
    closeSync(fd);
  }
}

/** All of an open file, expected to be `size` bytes; undefined if it grows past `max` while being read. */
function readAtMost(fd: number, size: number, max: number): Buffer | undefined {
  let buf = Buffer.allocUnsafe(size + 1);
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      if (n > max) return undefined;
      const bigger = Buffer.allocUnsafe(Math.min(max + 1, buf.length * 2));
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    const got = readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) break;
    n += got;
  }
  return n > max ? undefined : buf.subarray(0, n);
}
