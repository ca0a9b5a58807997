import { lstatSync, promises as fsp, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Write a file atomically: a temporary file in the same folder, then a rename over the target. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  // Write through a symbolic link, so that the link stays a link.
  const target = await fsp.realpath(file).catch(() => file);
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fsp.writeFile(tmp, data, { flag: 'wx' });
    await fsp.rename(tmp, target);
  } catch (err) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
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
