import { lstatSync, promises as fsp, readFileSync, statSync, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DocumentEntity, Finding, Loc } from '../report/types.js';
import { closest } from '../util/text.js';
import { isInside, relPosix } from '../util/fs.js';
import type { Corpus } from './refs.js';

/**
 * A document's text as the run found it. The text itself is not kept: its quotes are checked when it is read
 * (src/check.ts), so that a corpus of any size never holds more than one document's text and offset map at once.
 */
export interface DocText {
  path: string;
  sha256: string;
  /** The text again, read from disk (for `claims show`, or a second look at its quotes). Throws if it is gone. */
  read(): string;
  /**
   * Where the bytes were read from and what stat() said just before (`at`: the clock then), so that the cache can
   * record the hash without reading the file again (src/cache/stat-index.ts).
   */
  seen?: { real: string; dev: number; ino: number; size: number; mtimeMs: number; ctimeMs: number; at: number };
}

const decodeDoc = (bytes: Uint8Array): string => {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

/** Document texts whose I/O runs ahead of the one being checked. */
const READ_AHEAD = 16;

/** Made out here, so that the closure holds the path and nothing of the run that created it. */
const reader = (abs: string) => (): string => decodeDoc(readFileSync(abs));

export interface DocumentTexts {
  texts: Map<string, DocText>;
  findings: Finding[];
}

const problem = (d: DocumentEntity, ruleId: string, message: string, loc?: Loc): Finding => ({
  ruleId,
  severity: 'error',
  file: d.file,
  ...(loc ?? d.pathLoc ?? d.loc),
  message,
});

/**
 * What resolveInside can remember across the documents of one run: the project's real path, and the real path of
 * each folder the documents sit in (a handful of folders for thousands of documents).
 */
export interface ResolveMemo {
  realRoot?: Promise<string>;
  dirs: Map<string, Promise<string | undefined>>;
}

export function resolveMemo(): ResolveMemo {
  return { dirs: new Map() };
}

/**
 * The real path of `abs`, as realpath gives it. With a memo on Linux, a plain file (not a link) is its folder's
 * real path (asked once per folder) joined with its name, which is what realpath answers, with one lstat instead of
 * one per path component. Anything else (a link, a missing file, another system) asks realpath itself.
 */
async function realOf(abs: string, memo: ResolveMemo | undefined): Promise<string> {
  if (memo !== undefined && process.platform === 'linux') {
    let st: Stats | undefined;
    try { st = lstatSync(abs); } catch { st = undefined; }
    if (st !== undefined && st.isFile()) {
      const dir = path.dirname(abs);
      let real = memo.dirs.get(dir);
      if (real === undefined) {
        real = fsp.realpath(dir).catch(() => undefined);
        memo.dirs.set(dir, real);
      }
      const realDir = await real;
      if (realDir !== undefined) return path.join(realDir, path.basename(abs));
    }
  }
  return fsp.realpath(abs);
}

/** Where a document path may be read from: inside the project, never through a link that leaves it. */
export async function resolveInside(root: string, p: string, memo?: ResolveMemo): Promise<{ abs: string } | { error: string; missing?: boolean }> {
  if (path.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')) {
    return { error: `The document path "${p}" is absolute. Write it relative to the project folder (for example seeds/article.txt): the tool never reads files outside the project.` };
  }
  const abs = path.resolve(root, p);
  if (!isInside(root, abs)) return { error: `The document path "${p}" leads outside the project folder, so it was not read. Copy the text into the project and point at the copy.` };
  let real: string;
  try {
    real = await realOf(abs, memo);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { error: `The document path "${p}" is a symbolic link loop.` };
    return { error: '', missing: true };
  }
  const realRoot = await (memo !== undefined ? (memo.realRoot ??= fsp.realpath(root).catch(() => root)) : fsp.realpath(root).catch(() => root));
  if (!isInside(realRoot, real)) return { error: `The document path "${p}" is a symbolic link to a file outside the project folder, so it was not read.` };
  return { abs: real };
}

/**
 * Read every document's local text (I/O), checking containment, encoding, size and recorded hashes. Each text
 * read is given to `onText` once, with the ids of every document whose path it is, and then let go.
 */
export async function loadDocumentTexts(corpus: Corpus, root: string, maxBytes: number, onText?: (ids: readonly string[], t: DocText, text: string) => void): Promise<DocumentTexts> {
  const out: DocumentTexts = { texts: new Map(), findings: [] };
  type Done = DocText | { missing: true } | { error: string };
  type Read = { abs: string; st: Stats; at: number; bytes: Buffer } | { missing: true } | { error: string } | { thrown: unknown };
  const byPath = new Map<string, Done>();
  const idsByPath = new Map<string, string[]>();
  const memo = resolveMemo();
  if (onText) {
    for (const d of corpus.documents.values()) {
      if (d.path === undefined) continue;
      const ids = idsByPath.get(d.path);
      if (ids) ids.push(d.id);
      else idsByPath.set(d.path, [d.id]);
    }
  }
  // The I/O of a text (containment, stat, read) runs a few texts ahead of the loop below, so that the thread does
  // not wait on the disk for each one in turn; decoding, hashing and onText run in document order, as before.
  const read = async (p: string): Promise<Read> => {
    const where = await resolveInside(root, p, memo);
    if ('error' in where) return where.missing ? { missing: true as const } : { error: where.error };
    try {
      const at = Date.now();
      const st = statSync(where.abs);
      if (!st.isFile()) return { error: `The document path "${p}" is not a file.` };
      if (st.size > maxBytes) return { error: `The document "${p}" is ${st.size.toLocaleString('en-US')} bytes, over the ${maxBytes.toLocaleString('en-US')}-byte limit, so it was not read.` };
      return { abs: where.abs, st, at, bytes: readFileSync(where.abs) };
    } catch (err) {
      return { error: `The document "${p}" could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).` };
    }
  };
  const use = (p: string, r: Read): Done => {
    if ('thrown' in r) throw r.thrown;
    if (!('bytes' in r)) return r;
    const { abs, st, at, bytes } = r;
    try {
      let text: string;
      try {
        text = decodeDoc(bytes);
      } catch {
        return { error: `The document "${p}" is not valid UTF-8 text. Save it as UTF-8.` };
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const seen = { real: abs, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, at };
      const t: DocText = { path: relPosix(root, path.resolve(root, p)), sha256, read: reader(abs), seen };
      onText?.(idsByPath.get(p) ?? [], t, text);
      return t;
    } catch (err) {
      return { error: `The document "${p}" could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).` };
    }
  };
  const order: string[] = [];
  {
    const seenPaths = new Set<string>();
    for (const d of corpus.documents.values()) if (d.path !== undefined && !seenPaths.has(d.path)) (seenPaths.add(d.path), order.push(d.path));
  }
  const reads = new Map<string, Promise<Read>>();
  let started = 0;
  let used = 0;
  const pump = () => {
    for (; started < order.length && started < used + READ_AHEAD; started++) {
      const p = order[started]!;
      reads.set(p, read(p).catch((thrown: unknown) => ({ thrown })));
    }
  };
  for (const d of corpus.documents.values()) {
    if (d.path === undefined) continue;
    const p = d.path;
    let r = byPath.get(p);
    if (r === undefined) {
      used++;
      pump();
      r = use(p, await reads.get(p)!);
      // Let other work through now and then (replies of worker threads checking quotes: src/parallel/verify-quotes.ts).
      if (used % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
      reads.delete(p);
      byPath.set(p, r);
    }
    if (typeof r === 'object' && 'sha256' in r) {
      out.texts.set(d.id, r);
      if (d.sha256 === undefined) {
        out.findings.push({ ...problem(d, 'document/no-hash', `Document "${d.id}" records no sha256 of its text, so later edits to ${p} would go unnoticed. Run "claims hash" to record it.`, d.loc), severity: 'info' });
      } else if (d.sha256 !== r.sha256) {
        out.findings.push(
          problem(d, 'document/hash-mismatch', `The text of "${p}" has changed since the claims were recorded (its SHA-256 is now ${r.sha256.slice(0, 12)}…, not ${d.sha256.slice(0, 12)}…). Re-check the quotes against the new text, then run "claims hash" to accept it.`, d.sha256Loc),
        );
      }
    } else if (typeof r === 'object' && 'missing' in r) {
      const dir = path.dirname(path.resolve(root, p));
      const siblings = await fsp.readdir(dir).catch(() => [] as string[]);
      const [hint] = closest(path.basename(p), siblings, 1);
      const suggestion = hint !== undefined ? ` Did you mean "${path.posix.join(path.posix.dirname(p), hint)}"?` : '';
      out.findings.push(problem(d, 'document/missing-file', `The text file "${p}" of document "${d.id}" does not exist.${suggestion}`));
    } else if (typeof r === 'object' && 'error' in r) {
      out.findings.push(problem(d, r.error.includes('outside') || r.error.includes('absolute') ? 'document/outside-project' : 'document/unreadable', r.error));
    }
  }
  return out;
}
