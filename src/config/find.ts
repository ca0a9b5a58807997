// The light part of the configuration: where it is and its error type, without the YAML parser and the schema
// validator that reading it needs (src/config/config.ts), so that a run replayed from the cache loads neither.
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CONFIG_FILE = 'claims.config.yaml';

/** A configuration problem: the run stops with exit code 2 and this message. */
export class ConfigError extends Error {}

/** Find claims.config.yaml in `cwd` or the nearest folder above it. */
export function findConfig(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The configuration file a run uses: the one given (relative to `cwd`), or the nearest one found. */
export function configFileFor(cwd: string, explicit?: string): string | undefined {
  return explicit !== undefined ? path.resolve(cwd, explicit) : findConfig(cwd);
}
