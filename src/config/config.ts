import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../load/yaml.js';
import { humanizeErrors } from '../validate/humanize.js';
import { validatorFor } from '../validate/schemas.js';
import { DEFAULT_LIMITS, type FileLimits } from '../validate/file.js';

export const CONFIG_FILE = 'claims.config.yaml';

export interface Config {
  /** The project folder: where the configuration file is, or the working folder when there is none. */
  root: string;
  /** Absolute path of the configuration file, when one was found. */
  file?: string;
  corpus: string[];
  threshold: number;
  parties?: string[];
  limits: FileLimits;
}

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

export function loadConfig(cwd: string, explicit?: string): Config {
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : findConfig(cwd);
  if (file === undefined) return { root: path.resolve(cwd), corpus: ['claims'], threshold: 2, limits: { ...DEFAULT_LIMITS } };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read configuration file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const parsed = parseYaml(text.replace(/^\uFEFF/, ''));
  const rel = path.relative(cwd, file) || file;
  const problems = [...parsed.findings];
  const value = (parsed.value ?? {}) as Record<string, unknown>;
  if (problems.length === 0) {
    const validate = validatorFor('config');
    if (!validate(value)) problems.push(...humanizeErrors(validate.errors ?? [], parsed.doc, parsed.lc, 10));
  }
  if (problems.length > 0) {
    throw new ConfigError(problems.map((p) => `${rel}:${p.line}:${p.column}: ${p.message} (${p.ruleId})`).join('\n'));
  }
  const corpus = value['corpus'];
  const corr = (value['corroboration'] ?? {}) as { threshold?: number };
  const limits = (value['limits'] ?? {}) as Partial<FileLimits>;
  return {
    root: path.dirname(file),
    file,
    corpus: corpus === undefined ? ['claims'] : Array.isArray(corpus) ? (corpus as string[]) : [corpus as string],
    threshold: corr.threshold ?? 2,
    ...(Array.isArray(value['parties']) && { parties: value['parties'] as string[] }),
    limits: { ...DEFAULT_LIMITS, ...limits },
  };
}
