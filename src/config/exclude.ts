// Which files of the project may never be read as document texts: secrets and other files that are not evidence.
// Hidden names (.git, .env, .npmrc, .ssh...) always; then what the project's .gitignore files, .git/info/exclude
// and the `documents.exclude` setting name. The last three come with the checkout, so they guard against mistakes,
// not against the author of a pull request: the hidden-name rule is the one no checkout can turn off.
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readRegularInside, type RealDirs } from '../util/fs.js';
import type { ReadRecorder } from '../util/reads.js';

/** Why a project-relative path is excluded, in words for the report; undefined when it is not. */
export type Excluder = (rel: string) => string | undefined;

/**
 * Largest ignore file read, and most patterns taken from all of them in one run: every document path is tested
 * against each pattern, so this bounds the work a hostile checkout can ask for (200 patterns cost about 0.2 ms
 * per path at worst). Cutting them costs nothing an attacker could not have anyway, since the checkout brings its
 * .gitignore: the hidden-name rule, which no file can change, is the one that guards secrets.
 */
const MAX_IGNORE_BYTES = 64 * 1024;
const MAX_PATTERNS = 200;
const MAX_PATTERN_LENGTH = 500;

/** The patterns of an ignore file's text, at most `budget.left` of them (which they use up). */
function patternsOf(text: string, budget: { left: number }): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (budget.left <= 0) break;
    if (line.length === 0 || line.length > MAX_PATTERN_LENGTH || line.startsWith('#')) continue;
    out.push(line);
    budget.left--;
  }
  return out;
}

/** A matcher for gitignore-style patterns (case-insensitive, as on the file systems where that is safest). */
export function matcher(patterns: readonly string[]): Ignore | undefined {
  if (patterns.length === 0) return undefined;
  try {
    return ignore({ ignorecase: true }).add([...patterns]);
  } catch {
    // a pattern the library cannot compile: the rest still apply
    const ig = ignore({ ignorecase: true });
    for (const p of patterns) {
      try {
        ig.add(p);
      } catch {
        // skipped
      }
    }
    return ig;
  }
}

/** The first hidden component of a project-relative POSIX path ("." and ".." are gone once it is normalised). */
export function hiddenPart(rel: string): string | undefined {
  return rel.split('/').find((part) => part.startsWith('.') && part !== '.' && part !== '..');
}

/** The hidden-name rule alone, which no setting turns off: why `rel` is excluded by it, or undefined. */
export const hiddenWhy: Excluder = (rel) => {
  const hidden = hiddenPart(rel);
  return hidden === undefined ? undefined : `it is inside "${hidden}", a hidden name (hidden files and folders such as .git hold settings and credentials, not evidence)`;
};

/**
 * The excluder of a project whose real folder is `realRoot`, with the `documents.exclude` patterns of its
 * configuration. Ignore files are read lazily, each once, through the same contained read as document texts, and
 * told to `reads` (what they say decides what a run reads).
 */
export function excluder(realRoot: string, configured: readonly string[] = [], dirs: RealDirs = new Map(), reads?: ReadRecorder): Excluder {
  const fromConfig = matcher(configured);
  const ignoreFiles = new Map<string, Ignore | undefined>();
  const budget = { left: MAX_PATTERNS };
  const load = (rel: string): Ignore | undefined => {
    if (ignoreFiles.has(rel)) return ignoreFiles.get(rel);
    // Once the patterns are used up, further ignore files are not even read.
    if (budget.left <= 0) return undefined;
    // An ignore file that is a link is read only if it leads to another ignore file outside hidden folders: its
    // patterns are quoted in findings, so a link to .git/config would print the credentials in it.
    const r = readRegularInside(realRoot, path.join(realRoot, rel), MAX_IGNORE_BYTES, dirs, (realRel) => realRel !== rel && (!/(^|\/)\.gitignore$/.test(realRel) || hiddenPart(realRel.replace(/(^|\/)\.gitignore$/, '')) !== undefined), reads);
    let m: Ignore | undefined;
    if (r.ok) {
      try {
        m = matcher(patternsOf(new TextDecoder('utf-8').decode(r.bytes), budget));
      } catch {
        m = undefined;
      }
    }
    ignoreFiles.set(rel, m);
    return m;
  };
  const test = (m: Ignore | undefined, rel: string): string | undefined => {
    if (m === undefined || rel === '') return undefined;
    try {
      const t = m.test(rel);
      return t.ignored ? (t.rule?.pattern ?? '?') : undefined;
    } catch {
      return undefined;
    }
  };
  return (rel) => {
    const hidden = hiddenWhy(rel);
    if (hidden !== undefined) return hidden;
    const configuredRule = test(fromConfig, rel);
    if (configuredRule !== undefined) return `the documents.exclude pattern "${configuredRule}" of the configuration names it`;
    const info = test(load('.git/info/exclude'), rel);
    if (info !== undefined) return `the pattern "${info}" of .git/info/exclude names it`;
    // .gitignore of the project folder, then of each folder down to the file's, each relative to its own folder.
    const parts = rel.split('/');
    for (let i = 0; i < parts.length; i++) {
      const base = parts.slice(0, i).join('/');
      const rule = test(load(base === '' ? '.gitignore' : `${base}/.gitignore`), parts.slice(i).join('/'));
      if (rule !== undefined) return `the pattern "${rule}" of ${base === '' ? '' : `${base}/`}.gitignore names it`;
    }
    return undefined;
  };
}
