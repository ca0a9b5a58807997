// The configuration, remembered in the cache by the bytes of its file: a run replayed from the cache then needs
// neither the YAML parser nor the schema validator (src/config/config.ts is loaded only when the file changed).
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { writeFileAtomic } from '../util/fs.js';
import { CACHE_FORMAT, codeFingerprint, sha256 } from './cache.js';

const isConfig = (c: unknown, file: string): c is Config => {
  const o = c as Config | null;
  return typeof o === 'object' && o !== null && o.file === file && o.root === path.dirname(file) && Array.isArray(o.corpus) && typeof o.threshold === 'number' && typeof o.limits === 'object' && o.limits !== null;
};

/**
 * loadConfig(cwd, explicit), answered from `cacheDir` when the configuration file `file` (found by the caller)
 * has the same bytes as when it was last read by this build of the tool. Only valid configurations are stored:
 * an invalid one is read (and reported) every time.
 */
export async function loadConfigCached(cwd: string, explicit: string | undefined, file: string | undefined, cacheDir: string | undefined): Promise<Config> {
  const load = async () => (await import('../config/config.js')).loadConfig(cwd, explicit);
  if (file === undefined || cacheDir === undefined) return load();
  let key: string;
  try {
    key = sha256(JSON.stringify([codeFingerprint(), file, sha256(readFileSync(file))]));
  } catch {
    return load();
  }
  const memo = path.join(cacheDir, 'config', `${sha256(file)}.json`);
  try {
    const e = JSON.parse(readFileSync(memo, 'utf8')) as { format?: unknown; key?: unknown; config?: unknown };
    if (e.format === CACHE_FORMAT && e.key === key && isConfig(e.config, file)) return e.config;
  } catch {
    // missing or corrupt: read the file
  }
  const config = await load();
  if (config.file === file) {
    try {
      mkdirSync(path.dirname(memo), { recursive: true });
      await writeFileAtomic(memo, JSON.stringify({ format: CACHE_FORMAT, key, config }), { durable: false });
    } catch {
      // a cache that cannot be written is no error
    }
  }
  return config;
}
