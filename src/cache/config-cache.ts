// The configuration, remembered in the cache by the bytes of its file: a run replayed from the cache then needs
// neither the YAML parser nor the schema validator (src/config/config.ts is loaded only when the file changed).
// The memo is a signed entry like every other (src/cache/store.ts): a forged one is never read.
import path from 'node:path';
import type { Config } from '../config/config.js';
import { CACHE_FORMAT, codeFingerprint, sha256 } from './cache.js';
import type { CacheStore } from './store.js';
import { readRegularFile } from './safe-io.js';

/** A larger configuration file is read (and judged) by loadConfig every time. */
const MAX_CONFIG_BYTES = 1024 * 1024;

const isConfig = (c: unknown, file: string): c is Config => {
  const o = c as Config | null;
  return typeof o === 'object' && o !== null && o.file === file && o.root === path.dirname(file) && Array.isArray(o.corpus) && typeof o.threshold === 'number' && typeof o.limits === 'object' && o.limits !== null;
};

/**
 * loadConfig(cwd, explicit), answered from the cache `store` when the configuration file `file` (found by the
 * caller) has the same bytes as when it was last read by this build of the tool. Only valid configurations are
 * stored: an invalid one is read (and reported) every time.
 */
export async function loadConfigCached(cwd: string, explicit: string | undefined, file: string | undefined, store: CacheStore | undefined): Promise<Config> {
  const load = async () => (await import('../config/config.js')).loadConfig(cwd, explicit);
  if (file === undefined || store === undefined) return load();
  // Only a plain regular file is remembered (not a link, pipe or device: loadConfig says what is wrong with those).
  const bytes = readRegularFile(file, MAX_CONFIG_BYTES);
  if (!(bytes instanceof Buffer)) return load();
  const key = sha256(JSON.stringify([codeFingerprint(), file, sha256(bytes)]));
  const memo = `config/${sha256(file)}.json`;
  try {
    const text = store.read(memo);
    const e = text === undefined ? undefined : (JSON.parse(text) as { format?: unknown; key?: unknown; config?: unknown });
    if (e !== undefined && e.format === CACHE_FORMAT && e.key === key && isConfig(e.config, file)) return e.config;
  } catch {
    // corrupt: read the file
  }
  const config = await load();
  if (config.file === file) {
    try {
      await store.write(memo, JSON.stringify({ format: CACHE_FORMAT, key, config }));
    } catch {
      // a cache that cannot be written is no error
    }
  }
  return config;
}
