import { promises as fsp, realpathSync, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DocumentEntity, Finding, Loc } from '../report/types.js';
import { closest } from '../util/text.js';
import { isInside, readRegularInside, relPosix, type RealDirs } from '../util/fs.js';
import { excluder, type Excluder } from '../config/exclude.js';
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

/** Largest document text read: limits.maxFileBytes, and never less than 20 MiB (articles are large, and only read). */
export const maxDocumentBytes = (maxFileBytes: number): number => Math.max(maxFileBytes, 20 * 1024 * 1024);

/** Document texts whose I/O runs ahead of the one being checked. */
const READ_AHEAD = 16;

/**
 * Made out here, so that the closure holds the paths and nothing of the run that created it. The text is read
 * again as it was the first time (contained, in one step), and only from the same real file.
 */
const reader = (realRoot: string, real: string, maxBytes: number) => (): string => {
  const r = readRegularInside(realRoot, real, maxBytes);
  if (!r.ok || r.real !== real) throw Object.assign(new Error(`${real} is no longer the file that was checked`), { code: r.ok ? 'ECHANGED' : (r.code ?? r.why) });
  return decodeDoc(r.bytes);
};

/** How one run reads document texts: the project, its real path, the folders seen so far, what is excluded. */
export interface DocumentReader {
  root: string;
  realRoot: string;
  maxBytes: number;
  dirs: RealDirs;
  excluded: Excluder;
}

/** A reader for the project `root`, with the `documents.exclude` patterns of its configuration. */
export function documentReader(root: string, maxBytes: number, exclude: readonly string[] = []): DocumentReader {
  let realRoot: string;
  try {
    realRoot = realpathSync.native(root);
  } catch {
    realRoot = path.resolve(root);
  }
  const dirs: RealDirs = new Map();
  return { root, realRoot, maxBytes, dirs, excluded: excluder(realRoot, exclude, dirs) };
}

/** A document text as read, or why it was not (a finding's rule and message; `missing`: no such file). */
export type DocumentRead =
  | { ok: true; real: string; st: Stats; at: number; bytes: Buffer }
  | { ok: false; ruleId: string; message: string; missing?: true };

const refused = (ruleId: string, message: string): DocumentRead => ({ ok: false, ruleId, message });

/**
 * Read the text at document path `p`: refused when the path is absolute, leaves the project (by `..` or a link),
 * is excluded (a hidden name, .gitignore, documents.exclude: by the path as written or where it really leads), or is
 * not a regular file; checked and read in one step (readRegularInside), size-capped before a byte is read.
 */
export function readDocument(r: DocumentReader, p: string): DocumentRead {
  if (path.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')) {
    return refused('document/outside-project', `The document path "${p}" is absolute. Write it relative to the project folder (for example seeds/article.txt): the tool never reads files outside the project.`);
  }
  const abs = path.resolve(r.root, p);
  if (!isInside(r.root, abs)) return refused('document/outside-project', `The document path "${p}" leads outside the project folder, so it was not read. Copy the text into the project and point at the copy.`);
  const rel = relPosix(r.root, abs);
  const why = r.excluded(rel);
  if (why !== undefined) return refused('document/excluded', `The document path "${p}" was not read: ${why}. Point the document at a text file of the evidence (for example under seeds/).`);
  let realWhy: string | undefined;
  const at = Date.now();
  // Where the file really is is asked again only when a link made it somewhere else.
  const got = readRegularInside(r.realRoot, abs, r.maxBytes, r.dirs, (realRel) => realRel !== rel && (realWhy = r.excluded(realRel)) !== undefined);
  if (got.ok) return { ok: true, real: got.real, st: got.st, at, bytes: got.bytes };
  switch (got.why) {
    case 'missing':
      return { ok: false, ruleId: 'document/missing-file', message: '', missing: true };
    case 'loop':
      return refused('document/unreadable', `The document path "${p}" is a symbolic link loop.`);
    case 'outside':
      return refused('document/outside-project', `The document path "${p}" is a symbolic link to a file outside the project folder, so it was not read.`);
    case 'excluded':
      return refused('document/excluded', `The document path "${p}" leads to ${relPosix(r.realRoot, got.real ?? r.realRoot)}, which was not read: ${realWhy ?? 'it is excluded'}. Point the document at a text file of the evidence (for example under seeds/).`);
    case 'not-file':
      return refused('document/unreadable', `The document path "${p}" is not a regular file (a folder, pipe, socket or device), so it was not read.`);
    default:
      if (got.code === 'EFBIG') return refused('document/unreadable', `The document "${p}" is ${(got.size ?? 0).toLocaleString('en-US')} bytes, over the ${r.maxBytes.toLocaleString('en-US')}-byte limit, so it was not read.`);
      return refused('document/unreadable', `The document "${p}" could not be read (${got.code ?? 'error'}).`);
  }
}

/**
 * Names for a "did you mean" on a missing text: the files beside where it should be, when that folder really is in
 * the project, leaving out what could not be read anyway.
 */
async function siblingsOf(r: DocumentReader, p: string): Promise<string[]> {
  const dir = path.dirname(path.resolve(r.root, p));
  const realDir = await fsp.realpath(dir).catch(() => undefined);
  if (realDir === undefined || !isInside(r.realRoot, realDir)) return [];
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => r.excluded(relPosix(r.root, path.join(dir, n))) === undefined && r.excluded(relPosix(r.realRoot, path.join(realDir, n))) === undefined);
}

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
 * Read every document's local text (I/O), checking containment, encoding, size and recorded hashes. Each text
 * read is given to `onText` once, with the ids of every document whose path it is, and then let go.
 */
export async function loadDocumentTexts(corpus: Corpus, root: string, maxBytes: number, onText?: (ids: readonly string[], t: DocText, text: string) => void, exclude: readonly string[] = []): Promise<DocumentTexts> {
  const out: DocumentTexts = { texts: new Map(), findings: [] };
  type Done = DocText | { missing: true } | { error: string; ruleId: string };
  type Read = { abs: string; st: Stats; at: number; bytes: Buffer } | { missing: true } | { error: string; ruleId: string } | { thrown: unknown };
  const byPath = new Map<string, Done>();
  const idsByPath = new Map<string, string[]>();
  const docReader = documentReader(root, maxBytes, exclude);
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
    const r = readDocument(docReader, p);
    if (r.ok) return { abs: r.real, st: r.st, at: r.at, bytes: r.bytes };
    return r.missing ? { missing: true as const } : { error: r.message, ruleId: r.ruleId };
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
        return { error: `The document "${p}" is not valid UTF-8 text. Save it as UTF-8.`, ruleId: 'document/unreadable' };
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const seen = { real: abs, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, at };
      const t: DocText = { path: relPosix(root, path.resolve(root, p)), sha256, read: reader(docReader.realRoot, abs, maxBytes), seen };
      onText?.(idsByPath.get(p) ?? [], t, text);
      return t;
    } catch (err) {
      return { error: `The document "${p}" could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`, ruleId: 'document/unreadable' };
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
      const [hint] = closest(path.basename(p), await siblingsOf(docReader, p), 1);
      const suggestion = hint !== undefined ? ` Did you mean "${path.posix.join(path.posix.dirname(p), hint)}"?` : '';
      out.findings.push(problem(d, 'document/missing-file', `The text file "${p}" of document "${d.id}" does not exist.${suggestion}`));
    } else if (typeof r === 'object' && 'error' in r) {
      out.findings.push(problem(d, r.ruleId, r.error));
    }
  }
  return out;
}
