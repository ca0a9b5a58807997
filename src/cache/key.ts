// The secret that signs cache entries. It lives in the user's cache folder, never in a project, so nothing that
// arrives with a checkout can make an entry this machine will accept.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, linkSync, openSync, readSync, realpathSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isInside } from '../util/fs.js';
import { openFolder } from './safe-io.js';

export const KEY_BYTES = 32;
export const KEY_FILE = 'key';

type Env = Record<string, string | undefined>;

/**
 * The user's cache folder for claims: $XDG_CACHE_HOME/claims (when absolute, as the XDG rules ask), else
 * ~/.cache/claims. An environment that names neither (a caller's partial one) falls back on the process's, as
 * os.homedir() does.
 */
export function userCacheFolder(env: Env): string {
  const xdg = env['XDG_CACHE_HOME'] ?? (env['HOME'] === undefined ? process.env['XDG_CACHE_HOME'] : undefined);
  if (xdg !== undefined && path.isAbsolute(xdg)) return path.join(xdg, 'claims');
  const home = env['HOME'] !== undefined && path.isAbsolute(env['HOME']) ? env['HOME'] : os.homedir();
  return path.join(home, '.cache', 'claims');
}

/** Where the key is kept: $CLAIMS_CACHE_KEY_DIR when set (tests, or a CI that keeps it elsewhere), else the user's cache folder. */
export function keyFolder(env: Env): string {
  const dir = env['CLAIMS_CACHE_KEY_DIR'];
  return dir !== undefined && dir !== '' ? path.resolve(dir) : userCacheFolder(env);
}

export type KeyResult = { key: Buffer } | { problem: string };

const getuid = typeof process.getuid === 'function' ? process.getuid.bind(process) : undefined;

/** The key in `file`, when it is a regular file of the right size that only this user can read and write. */
function readKey(file: string): Buffer | string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? undefined : `${file} cannot be read (${code ?? String(err)})`;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return `${file} is not a regular file`;
    if (getuid !== undefined && (st.uid !== getuid() || (st.mode & 0o077) !== 0)) return `${file} must belong to this user and be readable by no one else (chmod 600)`;
    if (st.size !== KEY_BYTES) return `${file} is damaged (${st.size} bytes, not ${KEY_BYTES}); delete it and a new key will be made`;
    const key = Buffer.alloc(KEY_BYTES);
    if (readSync(fd, key, 0, KEY_BYTES, 0) !== KEY_BYTES) return `${file} could not be read whole`;
    return key;
  } finally {
    closeSync(fd);
  }
}

/**
 * Make the key: written whole to a temporary file, flushed, then linked to its name, which fails if another
 * process got there first (the same guarantee as O_EXCL, and no one ever sees a half-written key). Where the
 * file system has no hard links, the name itself is created with O_EXCL.
 */
function makeKey(dir: string, file: string): void {
  const key = randomBytes(KEY_BYTES);
  const tmp = path.join(dir, `.${KEY_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const exclusive = (target: string) => {
    const fd = openSync(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      writeSync(fd, key);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  };
  try {
    exclusive(tmp);
    try {
      linkSync(tmp, file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
      try {
        exclusive(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * This machine's key, made on first use. `project` is the folder being checked: a key folder inside it could
 * have come with the checkout, so it is refused. Any problem means: no cache for this run (the caller says why
 * under --debug).
 */
export function loadKey(env: Env, project: string): KeyResult {
  const dir = keyFolder(env);
  try {
    const realProject = realpathSync.native(project);
    let realDir: string;
    try {
      realDir = realpathSync.native(dir);
    } catch {
      realDir = dir;
    }
    if (isInside(project, dir) || isInside(realProject, realDir)) return { problem: `the key folder ${dir} is inside the project, where a checkout could have put it` };
  } catch {
    // a project that cannot be resolved is caught below, when its cache folder is opened
  }
  const folder = openFolder(dir, dir);
  if ('problem' in folder) return { problem: `the key folder ${folder.problem}` };
  const file = path.join(folder.dir, KEY_FILE);
  try {
    let key = readKey(file);
    if (key === undefined) {
      makeKey(folder.dir, file);
      key = readKey(file);
    }
    if (key === undefined) return { problem: `${file} could not be made` };
    return typeof key === 'string' ? { problem: key } : { key };
  } catch (err) {
    return { problem: `${file} could not be made (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
}
