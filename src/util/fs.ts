import { lstatSync, promises as fsp, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteOptions {
  /**
   * Flush the new file and its folder to the disk before returning (default true): after a crash or power cut
   * the target is the old file or the whole new one. The cache, which checks what it reads, passes false.
   */
  durable?: boolean;
}

/**
 * Write a file atomically: a temporary file in the same folder, then a rename over the target. A target that
 * exists keeps its read, write and execute bits (a `claims hash` run does not make a private file readable by
 * others; set-user-id and the like are not carried over to new content). A target that exists and is not a regular
 * file (a terminal, a pipe, /dev/stdout) is written to directly: renaming over it would replace it.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const durable = options.durable ?? true;
  // Write through a symbolic link, so that the link stays a link.
  const target = await fsp.realpath(file).catch(() => file);
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const st = await fsp.stat(target).catch(() => undefined);
  if (st !== undefined && !st.isFile()) {
    if (st.isDirectory()) throw Object.assign(new Error(`${file} is a folder`), { code: 'EISDIR' });
    await fsp.writeFile(target, data);
    return;
  }
  const mode = st === undefined ? undefined : st.mode & 0o777;
  try {
    const handle = await fsp.open(tmp, 'wx', mode ?? 0o666);
    try {
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

/**
 * writeFileAtomic, synchronously, for many small files (a cold run's cache entries): a few system calls each,
 * without the promise file API's handles. Same result: only a link as the last component is followed (a link in a
 * folder above leads to the same folder either way).
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  let target = file;
  try {
    if (lstatSync(file).isSymbolicLink()) target = realpathSync.native(file);
  } catch {
    target = file;
  }
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data, { flag: 'wx' });
    renameSync(tmp, target);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // as the asynchronous version: the first error is the one reported
    }
    throw err;
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
