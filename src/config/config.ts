import { realpathSync } from 'node:fs';
import { readRegularInside } from '../util/fs.js';
import path from 'node:path';
import { ConfigError, configExcluded, configFileFor } from './find.js';
import { parseYaml } from '../load/yaml.js';
import { fastParseYaml, isDecline } from '../load/fast-yaml.js';
import { humanizeErrors } from '../validate/humanize.js';
import { validatorFor } from '../validate/schemas.js';
import { DEFAULT_LIMITS, type Config, type FileLimits, type PartyAlignment } from './settings.js';
import { documentLocator, type Locator } from '../load/extract.js';
import { inert } from '../util/text.js';
import { corpusContained, corpusProblems } from './contain.js';
import type { Loc } from '../report/types.js';

export { CONFIG_FILE, ConfigError, findConfig } from './find.js';

export type { Config, PartyAlignment } from './settings.js';

/** Party entries as written (slugs or {id, name, aligned_with}), as ids and alignments located in the file. */
function readParties(raw: unknown[], at: (path: Array<string | number>) => Loc, file: string): { ids: string[]; alignment: PartyAlignment[] } {
  const ids: string[] = [];
  const alignment: PartyAlignment[] = [];
  raw.forEach((p, i) => {
    if (typeof p === 'string') return void ids.push(p);
    const o = p as { id: string; name?: string; aligned_with?: string[] };
    ids.push(o.id);
    const alignedWith = o.aligned_with ?? [];
    alignment.push({ id: o.id, ...(o.name !== undefined && { name: o.name }), alignedWith, locs: alignedWith.map((_, j) => at(['parties', i, 'aligned_with', j])), file });
  });
  return { ids, alignment };
}

export function loadConfig(cwd: string, explicit?: string): Config {
  const file = configFileFor(cwd, explicit);
  if (file === undefined) return { root: path.resolve(cwd), corpus: ['claims'], threshold: 2, limits: { ...DEFAULT_LIMITS } };
  return configOfText(file, path.relative(cwd, file) || file, readConfigText(file, explicit !== undefined).replace(/^\uFEFF/, ''));
}

/**
 * The configuration that `text`, the content of `file` (named `rel` in messages), sets. The fast YAML path
 * (src/load/fast-yaml.ts) reads it when it can and finds nothing wrong, so that a check need not load and warm up
 * the `yaml` library for a few lines; anything else (or `fast` false) takes the `yaml` Document, which locates every
 * problem. Both give the same configuration (test/config-fast-path.test.ts).
 */
export function configOfText(file: string, rel: string, text: string, fast = true): Config {
  if (fast) {
    const config = fastConfig(file, text);
    if (config !== undefined) return config;
  }
  const parsed = parseYaml(text);
  const problems = [...parsed.findings];
  const value = (parsed.value ?? {}) as Record<string, unknown>;
  if (problems.length === 0) {
    const validate = validatorFor('config');
    if (!validate(value)) problems.push(...humanizeErrors(validate.errors ?? [], parsed.doc, parsed.lc, 10));
  }
  if (problems.length > 0) {
    throw configError(rel, problems);
  }
  const outside = corpusProblems(path.dirname(file), value['corpus'], parsed.doc!, parsed.lc);
  if (outside.length > 0) throw configError(rel, outside);
  return configOf(file, value, documentLocator(parsed.doc!, parsed.lc));
}

/** The configuration read by the fast YAML path, or undefined when it declines or something is wrong (the `yaml` path then says what). */
function fastConfig(file: string, text: string): Config | undefined {
  const parsed = fastParseYaml(text);
  if (parsed === undefined) return undefined;
  const value = parsed.value as Record<string, unknown>;
  if (!validatorFor('config')(value)) return undefined;
  const corpus = value['corpus'];
  if (corpus !== undefined && !corpusContained(path.dirname(file), Array.isArray(corpus) ? (corpus as string[]) : [corpus as string])) return undefined;
  try {
    return configOf(file, value, parsed.locate);
  } catch (err) {
    if (isDecline(err)) return undefined;
    throw err;
  }
}

/** The configuration a valid, contained configuration file's data sets; `at` locates its values in the file. */
function configOf(file: string, value: Record<string, unknown>, at: Locator): Config {
  const corpus = value['corpus'];
  const exclude = ((value['documents'] ?? {}) as { exclude?: string[] }).exclude;
  const corr = (value['corroboration'] ?? {}) as { threshold?: number; count_unverified?: boolean; fold_aligned?: boolean };
  const parties = Array.isArray(value['parties']) ? readParties(value['parties'] as unknown[], at, path.basename(file)) : undefined;
  const limits = (value['limits'] ?? {}) as Partial<FileLimits>;
  const pub = value['publish'] as { organization?: { name?: string; url?: string }; base_url?: string; date_published?: string } | undefined;
  const pubAt = pub && at(['publish']);
  return {
    root: path.dirname(file),
    file,
    corpus: corpus === undefined ? ['claims'] : Array.isArray(corpus) ? (corpus as string[]) : [corpus as string],
    threshold: corr.threshold ?? 2,
    countUnverified: corr.count_unverified ?? false,
    foldAligned: corr.fold_aligned ?? true,
    ...(parties && { parties: parties.ids, ...(parties.alignment.length > 0 && { alignment: parties.alignment }) }),
    ...(exclude !== undefined && { exclude }),
    ...(Array.isArray(value['ignore']) && { ignore: value['ignore'] as string[] }),
    limits: { ...DEFAULT_LIMITS, ...limits },
    ...(pub && pubAt && { publish: { ...(pub.organization && { organization: pub.organization }), ...(pub.base_url !== undefined && { baseUrl: pub.base_url }), ...(pub.date_published !== undefined && { datePublished: pub.date_published }), line: pubAt.line, column: pubAt.column } }),
  };
}

/** Largest configuration file read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The configuration file's text, read in one step with its checks: a regular file, inside its own folder unless the
 * user named it on the command line (then anywhere: the command line is trusted).
 */
function readConfigText(file: string, explicit: boolean): string {
  let realRoot: string;
  try {
    realRoot = explicit ? path.parse(path.resolve(file)).root : realpathSync.native(path.dirname(file));
  } catch (err) {
    throw new ConfigError(inert(`cannot read configuration file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`));
  }
  const r = readRegularInside(realRoot, file, MAX_CONFIG_BYTES, new Map(), explicit ? undefined : (realRel) => configExcluded(realRoot, realRel) !== undefined);
  if (r.ok) return new TextDecoder('utf-8').decode(r.bytes);
  const why = r.why === 'outside' ? 'it is a symbolic link to a file outside the project folder' : r.why === 'not-file' ? 'it is not a regular file' : r.why === 'excluded' ? 'it is a symbolic link to a hidden or git-ignored file (such as .git/config), which is never read' : r.code === 'EFBIG' ? `it is larger than ${MAX_CONFIG_BYTES.toLocaleString('en-US')} bytes` : (r.code ?? r.why);
  throw new ConfigError(inert(`cannot read configuration file ${file}: ${why}`));
}

/** One configuration error per problem, located in the file; text from the file made inert for the terminal. */
function configError(rel: string, problems: ReadonlyArray<{ line: number; column: number; message: string; ruleId: string }>): ConfigError {
  return new ConfigError(problems.map((p) => inert(`${rel}:${p.line}:${p.column}: ${p.message} (${p.ruleId})`)).join('\n'));
}

/**
 * A configuration remembered by the cache is checked again (links may have changed since, not its bytes); one
 * that fails is read afresh, which throws the located configuration error.
 */
export async function containedConfig(config: Config, cwd: string, explicit?: string): Promise<Config> {
  if (config.file === undefined || corpusContained(config.root, config.corpus)) return config;
  return loadConfig(cwd, explicit);
}
