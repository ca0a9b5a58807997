// File access for the cache that never follows a symbolic link and never reads anything but a regular file of
// bounded size: the cache folder may lie in a checkout, where any file, link or device name is untrusted.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, promises as fsp, readSync, realpathSync, renameSync, rmSync, writeSync, type Stats } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { isInside } from '../util/fs.js';

/** 0 where the system has no such flag (Windows): then a lstat before the open and a dev/ino comparison stand in. */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** Opening a FIFO for reading would wait for a writer: never wait. */
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/** Why a cache file was not read. */
export type Refusal = 'link' | 'not-a-file' | 'too-large' | 'unreadable';

/**
 * The bytes of the regular file at `file`, checked and read in one step (open without following a link, then
 * fstat of what was opened): undefined when there is no such file, a Refusal for a link, a device, a pipe, a
 * folder, or a file over `maxBytes` (nothing of it is read then).
 */
export function readRegularFile(file: string, maxBytes: number): Buffer | Refusal | undefined {
  let before: Stats | undefined;
  if (O_NOFOLLOW === 0) {
    try {
      before = lstatSync(file);
    } catch {
      return undefined;
    }
    if (before.isSymbolicLink()) return 'link';
  }
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    // ELOOP (Linux), EMLINK (FreeBSD), EFTYPE (macOS): the last component is a link.
    return code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE' ? 'link' : 'unreadable';
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return 'not-a-file';
    if (before !== undefined && (before.dev !== st.dev || before.ino !== st.ino)) return 'link';
    if (st.size > maxBytes) return 'too-large';
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return got === st.size ? buf : buf.subarray(0, got);
  } catch {
    return 'unreadable';
  } finally {
    closeSync(fd);
  }
}

const tmpName = (dir: string, name: string) => path.join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
const NEW_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW;

/**
 * Write `name` in the folder `dir` (already checked to be a real folder): a new temporary file (O_EXCL: never an
 * existing file or link), then a rename over the name, which replaces a link there rather than writing through it.
 */
export function writeNewFileSync(dir: string, name: string, data: string | Uint8Array, mode = 0o600): void {
  const tmp = tmpName(dir, name);
  try {
    const fd = openSync(tmp, NEW_FILE, mode);
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path.join(dir, name));
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the first error is the one that matters
    }
    throw err;
  }
}

/** writeNewFileSync with the promise API, for the few large entries (runs, memos) written while other work waits. */
export async function writeNewFile(dir: string, name: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = tmpName(dir, name);
  try {
    const handle = await fsp.open(tmp, NEW_FILE, mode);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, path.join(dir, name));
  } catch (err) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** A folder made for the cache (or found), or why it cannot be used. */
export type Folder = { dir: string } | { problem: string };

/** True for a real folder (not a link to one). */
const isRealDir = (p: string): boolean | undefined => {
  try {
    const st = lstatSync(p);
    return st.isDirectory() && !st.isSymbolicLink();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return false;
  }
};

/** Make one folder (mode 0700); true when this call made it, false when it was there already. */
function mkdirOne(p: string): boolean {
  try {
    mkdirSync(p, { mode: 0o700 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** A folder this tool makes is never committed, even inside a git work tree (or a home folder kept in git). */
function ignoreAll(dir: string): void {
  try {
    writeNewFileSync(dir, '.gitignore', '*\n', 0o644);
  } catch {
    // only a courtesy: the folder works without it
  }
}

/**
 * Open (making it if needed, with a .gitignore of `*`) the cache folder `dir` for the project at `root`. Inside the
 * project (by its path as given or its real path), every folder from the project down to `dir` must be a real
 * folder, not a link: each is looked at before the next is made, so that nothing is ever made through a committed
 * link. Outside the project (a place the user chose), only `dir` itself must be a real folder. The answer is the
 * folder's real path, used for every later access.
 */
export function openFolder(dir: string, root: string): Folder {
  try {
    let created = false;
    let realRoot: string;
    try {
      realRoot = realpathSync.native(root);
    } catch {
      realRoot = root;
    }
    const base = isInside(root, dir) ? root : isInside(realRoot, dir) ? realRoot : undefined;
    if (base !== undefined && dir !== base) {
      let at = base;
      for (const part of path.relative(base, dir).split(path.sep)) {
        at = path.join(at, part);
        const ok = isRealDir(at);
        if (ok === false) return { problem: `${at} is a symbolic link or not a folder` };
        if (ok === undefined) created = mkdirOne(at) || created;
      }
      const real = realpathSync.native(dir);
      const expected = path.join(realRoot, path.relative(base, dir));
      if (real !== expected) return { problem: `${dir} leads to ${real} through a symbolic link` };
      if (created) ignoreAll(real);
      return { dir: real };
    }
    const made = mkdirSync(dir, { recursive: true, mode: 0o700 });
    created = made !== undefined;
    if (isRealDir(dir) !== true) return { problem: `${dir} is a symbolic link or not a folder` };
    const real = realpathSync.native(dir);
    if (created) ignoreAll(real);
    return { dir: real };
  } catch (err) {
    return { problem: `${dir} cannot be made (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
}

/**
 * The sub-folders of an open cache folder: each one is looked at (lstat) once per run and must be a real folder;
 * writes make missing ones, one level at a time. A link or a file in the way makes that part of the cache unused.
 */
export class SubFolders {
  private readonly ok = new Map<string, boolean>();
  /** Paths found to be links or not folders, for --debug. */
  refused = 0;

  constructor(readonly root: string) {}

  /** The absolute folder for `rel` ('/'-separated, inside root): undefined when missing (and not made) or refused. */
  get(rel: string, make: boolean): string | undefined {
    let at = this.root;
    for (const part of rel.split('/')) {
      at = `${at}${path.sep}${part}`;
      const known = this.ok.get(at);
      if (known === true) continue;
      if (known === false) return undefined;
      let real = isRealDir(at);
      if (real === undefined) {
        if (!make) return undefined;
        try {
          mkdirOne(at);
        } catch {
          return undefined;
        }
        real = isRealDir(at);
      }
      if (real !== true) {
        this.refused++;
        this.ok.set(at, false);
        return undefined;
      }
      this.ok.set(at, true);
    }
    return at;
  }
}
