// The configuration arrives with the checkout, so its paths are untrusted like any other input: each must lead to
// a place inside the project folder, by its letters and through every link. The command line stays trusted.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { makeLocalFinding } from '../report/rules/index.js';
import type { Finding, Loc } from '../report/types.js';
import { isInside } from '../util/fs.js';

/** What is wrong with one configured path, in words for the person who wrote it; undefined when it is contained. */
export function pathProblem(root: string, p: string, key: string): string | undefined {
  if (path.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')) {
    return `${key} "${p}" is an absolute path. Write it relative to the folder of the configuration file: the tool reads nothing outside the project.`;
  }
  const abs = path.resolve(root, p);
  if (!isInside(root, abs)) return `${key} "${p}" leads outside the project folder (the folder of the configuration file). Name a folder inside it.`;
  const real = realOrMissing(abs);
  if (real === undefined) return undefined;
  const realRoot = realOrMissing(root) ?? path.resolve(root);
  if (!isInside(realRoot, real)) return `${key} "${p}" leads outside the project folder through a symbolic link. Name a real folder inside the project.`;
  return undefined;
}

/**
 * The real path of `abs`, or of the deepest folder above it that exists with the rest joined on (a path that
 * does not exist yet is judged by where its existing part really is); undefined for a link loop, which the corpus
 * walk reports.
 */
function realOrMissing(abs: string): string | undefined {
  let rest = '';
  let at = abs;
  for (;;) {
    try {
      return path.join(realpathSync.native(at), rest);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined;
      const up = path.dirname(at);
      if (up === at) return undefined;
      rest = path.join(path.basename(at), rest);
      at = up;
    }
  }
}

/** True when every configured corpus path is contained (a configuration read from the cache is checked again). */
export function corpusContained(root: string, corpus: readonly string[]): boolean {
  return corpus.every((p) => pathProblem(root, p, 'corpus') === undefined);
}

/** Corpus paths that leave the project (absolute, `..`, or through a link), located at their value in the file. */
export function corpusProblems(root: string, corpus: unknown, doc: Document, lc: LineCounter): Array<Omit<Finding, 'file'>> {
  const list = corpus === undefined ? [] : Array.isArray(corpus) ? (corpus as string[]) : [corpus as string];
  return list.flatMap((c, i) => {
    const message = pathProblem(root, c, 'corpus');
    return message === undefined ? [] : [makeLocalFinding('config/outside-project', { ...locate(doc, lc, Array.isArray(corpus) ? ['corpus', i] : ['corpus']), message })];
  });
}

/** Where the value at `keys` is in the file (the start of the file when it cannot be found). */
function locate(doc: Document, lc: LineCounter, keys: Array<string | number>): Loc {
  const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
  const range = node?.range;
  if (range === undefined) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const start = lc.linePos(range[0]);
  const end = lc.linePos(range[1]);
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}
