// The light part of the configuration: where it is and its error type, without the YAML parser and the schema
// validator that reading it needs (src/config/config.ts), so that a run replayed from the cache loads neither.
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { isInside, relPosix } from '../util/fs.js';
import { excluder } from './exclude.js';
import { inert } from '../util/text.js';

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

/**
 * The configuration file a run uses: the one given (relative to `cwd`), or the nearest one found. A file found by
 * walking up came with the checkout: it must be a regular file, or a link to one in its own folder or below.
 * Throws ConfigError otherwise (loadConfig checks again as it reads, in one step).
 */
export function configFileFor(cwd: string, explicit?: string): string | undefined {
  if (explicit !== undefined) return path.resolve(cwd, explicit);
  const found = findConfig(cwd);
  if (found !== undefined) {
    const problem = foundConfigProblem(found);
    if (problem !== undefined) throw new ConfigError(inert(`${path.relative(cwd, found) || found}: ${problem}`));
  }
  return found;
}

/**
 * Why the real file a found configuration link leads to (relative to the project's real folder) may not be read:
 * the exclusion rule of document texts (hidden names such as .git, .gitignore), or undefined.
 */
export function configExcluded(realDir: string, realRel: string): string | undefined {
  return realRel === CONFIG_FILE ? undefined : excluder(realDir)(realRel);
}

/** Why a configuration file found in the project cannot be read, or undefined. */
function foundConfigProblem(file: string): string | undefined {
  try {
    if (lstatSync(file).isSymbolicLink()) {
      const real = realpathSync.native(file);
      const realDir = realpathSync.native(path.dirname(file));
      if (!isInside(realDir, real)) return 'this configuration file is a symbolic link to a file outside the project folder, so it was not read. Replace the link with the file.';
      const why = configExcluded(realDir, relPosix(realDir, real));
      if (why !== undefined) return `this configuration file is a symbolic link to ${relPosix(realDir, real)}, which was not read: ${why}. Replace the link with the file.`;
    }
    if (!statSync(file).isFile()) return 'this configuration file is not a regular file (a folder, pipe, socket or device), so it was not read.';
  } catch (err) {
    return `this configuration file cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`;
  }
  return undefined;
}
