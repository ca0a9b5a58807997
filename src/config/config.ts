import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, configFileFor } from './find.js';
import { parseYaml } from '../load/yaml.js';
import { humanizeErrors } from '../validate/humanize.js';
import { validatorFor } from '../validate/schemas.js';
import { DEFAULT_LIMITS, type FileLimits } from '../validate/file.js';

export { CONFIG_FILE, ConfigError, findConfig } from './find.js';

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

export function loadConfig(cwd: string, explicit?: string): Config {
  const file = configFileFor(cwd, explicit);
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
