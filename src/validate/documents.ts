import { promises as fsp, realpathSync, statSync, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DocumentEntity, Finding, Loc } from '../report/types.js';
import { closest } from '../util/text.js';
import { errPrint, inodePrint, listPrint, type ReadRecorder } from '../util/reads.js';
import { isInside, readRegularInside, relPosix, type InsideRead, type RealDirs } from '../util/fs.js';
import { excluder, type Excluder } from '../config/exclude.js';
import type { Corpus, DocText } from '../report/corpus.js';
import { makeFinding, type RuleId } from '../report/rules/index.js';

export type { DocText } from '../report/corpus.js';

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

/**
 * How one run reads document texts: the project, its real path, the folders seen so far, what is excluded, and
 * the recorder told every read (the texts, real paths, ignore files and folder listings).
 */
export interface DocumentReader {
  root: string;
  realRoot: string;
  maxBytes: number;
  dirs: RealDirs;
  excluded: Excluder;
  reads?: ReadRecorder;
}

/** A reader for the project `root`, with the `documents.exclude` patterns of its configuration. */
export function documentReader(root: string, maxBytes: number, exclude: readonly string[] = [], reads?: ReadRecorder): DocumentReader {
  let realRoot: string;
  try {
    realRoot = realpathSync.native(root);
    reads?.record('real', root, realRoot);
  } catch (err) {
    reads?.record('real', root, errPrint(err));
    realRoot = path.resolve(root);
  }
  const dirs: RealDirs = new Map();
  return { root, realRoot, maxBytes, dirs, excluded: excluder(realRoot, exclude, dirs, reads), ...(reads && { reads }) };
}

/** A document text as read, or why it was not (a finding's rule and message; `missing`: no such file). */
export type DocumentRead =
  | { ok: true; real: string; st: Stats; at: number; bytes: Buffer; sha256?: string }
  | { ok: false; ruleId: RuleId; message: string; missing?: true };

const refused = (ruleId: RuleId, message: string): DocumentRead => ({ ok: false, ruleId, message });

/** Ledger and data files (claims, sources, documents, the configuration, JSON): never a text of the evidence. */
const DATA_FILE = /\.(ya?ml|json)$/i;

const notEvidence = (p: string, real: string): string =>
  `The document path "${p}"${real === p ? '' : ` leads to ${real}, which`} is a YAML or JSON file (a claim, sources or documents file, the configuration, or data), not a text of the evidence, so it was not read: a claim file cannot be its own evidence. Point the document at the text file of the article (for example under seeds/).`;

/**
 * Read the text at document path `p`: refused when the path is absolute, leaves the project (by `..` or a link),
 * is excluded (a hidden name, .gitignore, documents.exclude: by the path as written or where it really leads), or is
 * not a regular file; checked and read in one step (readRegularInside), size-capped before a byte is read.
 */
export function readDocument(r: DocumentReader, p: string): DocumentRead {
  const at = Date.now();
  const c = readChecked(r, p, r.maxBytes);
  if ('refused' in c) return c.refused;
  const { got } = c;
  return got.ok ? { ok: true, real: got.real, st: got.st, at, bytes: got.bytes, ...(got.sha256 !== undefined && { sha256: got.sha256 }) } : explain(r, p, got, c.realWhy);
}

/** The checks of readDocument, then readRegularInside with `maxBytes`; `realWhy`: why the real path is excluded. */
function readChecked(r: DocumentReader, p: string, maxBytes: number, onReal?: (realRel: string) => void): { refused: DocumentRead } | { got: InsideRead; realWhy?: string } {
  if (path.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')) {
    return { refused: refused('document/outside-project', `The document path "${p}" is absolute. Write it relative to the project folder (for example seeds/article.txt): the tool never reads files outside the project.`) };
  }
  const abs = path.resolve(r.root, p);
  if (!isInside(r.root, abs)) return { refused: refused('document/outside-project', `The document path "${p}" leads outside the project folder, so it was not read. Copy the text into the project and point at the copy.`) };
  const rel = relPosix(r.root, abs);
  const why = r.excluded(rel);
  if (why !== undefined) return { refused: refused('document/excluded', `The document path "${p}" was not read: ${why}. Point the document at a text file of the evidence (for example under seeds/).`) };
  if (DATA_FILE.test(rel)) return { refused: refused('document/not-evidence', notEvidence(p, rel)) };
  let realWhy: string | undefined;
  let realData: string | undefined;
  // Where the file really is is asked again only when a link made it somewhere else.
  const got = readRegularInside(r.realRoot, abs, maxBytes, r.dirs, (realRel) => (onReal?.(realRel), realRel !== rel && ((DATA_FILE.test(realRel) && (realData = realRel) !== undefined) || (realWhy = r.excluded(realRel)) !== undefined)), r.reads);
  if (realData !== undefined) return { refused: refused('document/not-evidence', notEvidence(p, realData)) };
  return { got, ...(realWhy !== undefined && { realWhy }) };
}

/** The finding's rule and message for a text readRegularInside did not give. */
function explain(r: DocumentReader, p: string, got: InsideRead & { ok: false }, realWhy: string | undefined): DocumentRead {
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
  const realDir = await fsp.realpath(dir).then(
    (real) => (r.reads?.record('real', dir, real), real),
    (err: unknown) => void r.reads?.record('real', dir, errPrint(err)),
  );
  if (realDir === undefined || !isInside(r.realRoot, realDir)) return [];
  const names = await fsp.readdir(dir, { withFileTypes: true }).then(
    (entries) => (r.reads?.record('list', dir, listPrint(entries)), entries.map((e) => e.name)),
    (err: unknown) => (r.reads?.record('list', dir, errPrint(err)), [] as string[]),
  );
  return names.filter((n) => r.excluded(relPosix(r.root, path.join(dir, n))) === undefined && r.excluded(relPosix(r.realRoot, path.join(realDir, n))) === undefined);
}

export interface DocumentTexts {
  texts: Map<string, DocText>;
  findings: Finding[];
}

const problem = (d: DocumentEntity, ruleId: RuleId, message: string, loc?: Loc): Finding => makeFinding(ruleId, { file: d.file, ...(loc ?? d.pathLoc ?? d.loc), message });

/**
 * Most text read in one run, counted in bytes (never fewer than the characters they decode to): the documents
 * whose files lie past it are reported, not checked, so that no ledger can make one run search without end.
 */
export const TEXT_BUDGET_BYTES = 256 * 1024 * 1024;

/**
 * Where document path `p` really leads, without reading it: the same refusals as readDocument, else a key that is
 * the same for every spelling of the path and every link to the file (device and inode), and its size.
 */
export function locateDocument(r: DocumentReader, p: string): { ok: true; key: string; size: number; real?: string; st?: Stats } | Extract<DocumentRead, { ok: false }> {
  let real: string | undefined;
  // Nothing is read: a limit under every size stops readRegularInside after its checks, once it knows the real file.
  const c = readChecked(r, p, -1, (realRel) => void (real = realRel));
  if ('refused' in c) return c.refused as Extract<DocumentRead, { ok: false }>;
  const { got } = c;
  if (got.ok || real === undefined || got.why !== 'unreadable' || got.code !== 'EFBIG' || got.size === undefined) {
    return explain(r, p, got.ok ? { ok: false, why: 'unreadable' } : got, c.realWhy) as Extract<DocumentRead, { ok: false }>;
  }
  if (got.size > r.maxBytes) return explain(r, p, got, undefined) as Extract<DocumentRead, { ok: false }>;
  const abs = path.join(r.realRoot, real);
  try {
    const st = statSync(abs);
    const key = inodePrint(st);
    r.reads?.record('inode', abs, key);
    return { ok: true, key, size: got.size, real: abs, st };
  } catch (err) {
    r.reads?.record('inode', abs, errPrint(err));
    return { ok: true, key: real, size: got.size };
  }
}

/** How much older than the moment its stat was taken a text's mtime and ctime must be for that stat to be trusted. */
export const RACY_TEXT_MS = 2000;

/**
 * Document texts kept by a long-running command (`check --watch`), by real file: a text whose stat (device, inode,
 * size, mtime, ctime) is exactly as when it was read keeps its hash, and its quotes' outcomes, without being read.
 * The racy rule of src/cache/stat-index.ts holds: a text changed within RACY_TEXT_MS of being read is read again on
 * every check until it is older, since a second write in the same clock tick could keep its stat. The watcher's
 * events play no part: the stat decides.
 */
export class KeptTexts {
  private last = new Map<string, DocText>();
  private next = new Map<string, DocText>();
  /** Texts of the last check kept without being read. */
  unread = 0;

  /** The text last read from `real`, when its stat now is the one recorded, and that stat was not racy. */
  unchanged(real: string, st: Stats): DocText | undefined {
    const t = this.last.get(real);
    const s = t?.seen;
    if (s === undefined || s.real !== real) return undefined;
    if (s.mtimeMs > s.at - RACY_TEXT_MS || s.ctimeMs > s.at - RACY_TEXT_MS) return undefined;
    return s.dev === st.dev && s.ino === st.ino && s.size === st.size && s.mtimeMs === st.mtimeMs && s.ctimeMs === st.ctimeMs ? t : undefined;
  }

  /** A check starts: only the texts it reads or keeps are kept for the next. */
  begin(): void {
    this.next = new Map();
    this.unread = 0;
  }

  /** A text of this check (read, or kept), for the next. */
  remember(t: DocText): void {
    if (t.seen !== undefined) this.next.set(t.seen.real, t);
  }

  /** This check's texts are the ones kept; texts it did not use are forgotten. */
  end(): void {
    this.last = this.next;
    this.next = new Map();
  }
}

/**
 * Read every document's local text (I/O), checking containment, encoding, size and recorded hashes. Each real file
 * is read, hashed and given to `onText` once, with the ids of every document whose path leads to it (however the
 * path is spelt, through whatever link), and then let go.
 */
export async function loadDocumentTexts(corpus: Corpus, root: string, maxBytes: number, onText?: (ids: readonly string[], t: DocText, text: () => string) => void, exclude: readonly string[] = [], textBudget = TEXT_BUDGET_BYTES, recorder?: ReadRecorder, kept?: KeptTexts): Promise<DocumentTexts> {
  const out: DocumentTexts = { texts: new Map(), findings: [] };
  type Done = DocText | { missing: true } | { error: string; ruleId: RuleId };
  type Read = { abs: string; st: Stats; at: number; bytes: Buffer; sha256?: string } | { kept: DocText } | { missing: true } | { error: string; ruleId: RuleId } | { thrown: unknown };
  const docReader = documentReader(root, maxBytes, exclude, recorder);
  kept?.begin();
  // Each path as written is located once; paths that lead to one file share a group, read once as its first path.
  const groupOf = new Map<string, string>();
  const groups = new Map<string, { first: string; ids: string[]; kept?: DocText }>();
  const early = new Map<string, Done>();
  let budget = textBudget;
  for (const d of corpus.documents.values()) {
    const p = d.path;
    if (p === undefined) continue;
    let key = groupOf.get(p);
    if (key === undefined && !early.has(p)) {
      const at = locateDocument(docReader, p);
      if (!at.ok) {
        early.set(p, at.missing ? { missing: true } : { error: at.message, ruleId: at.ruleId });
      } else if (!groups.has(at.key) && at.size > budget) {
        early.set(p, {
          ruleId: 'document/budget',
          error: `The text "${p}" of document "${d.id}" was not checked: this run had already read ${(textBudget - budget).toLocaleString('en-US')} bytes of document texts, and reads at most ${textBudget.toLocaleString('en-US')} in one run. Split the ledger into smaller projects, or remove documents whose texts repeat.`,
        });
      } else {
        if (!groups.has(at.key)) {
          budget -= at.size;
          const same = kept && at.real !== undefined && at.st !== undefined ? kept.unchanged(at.real, at.st) : undefined;
          groups.set(at.key, { first: p, ids: [], ...(same && { kept: same }) });
        }
        groupOf.set(p, (key = at.key));
      }
    }
    if (key !== undefined) groups.get(key)!.ids.push(d.id);
  }
  // The I/O of a text (containment, stat, read) runs a few texts ahead of the loop below, so that the thread does
  // not wait on the disk for each one in turn; decoding, hashing and onText run in document order.
  const read = async (p: string, same: DocText | undefined): Promise<Read> => {
    if (same !== undefined) return { kept: same };
    const r = readDocument(docReader, p);
    if (r.ok) return { abs: r.real, st: r.st, at: r.at, bytes: r.bytes, ...(r.sha256 !== undefined && { sha256: r.sha256 }) };
    return r.missing ? { missing: true as const } : { error: r.message, ruleId: r.ruleId };
  };
  const use = (p: string, ids: readonly string[], r: Read): Done => {
    if ('thrown' in r) throw r.thrown;
    const docPath = relPosix(root, path.resolve(root, p));
    if ('kept' in r) {
      // Unchanged since it was read (kept.unchanged): read, decoded and hashed again only if the searcher needs the
      // text, and then only while its bytes are still those hashed.
      const t: DocText = { ...r.kept, path: docPath };
      kept!.unread++;
      try {
        onText?.(ids, t, () => {
          const again = readDocument(docReader, p);
          if (!again.ok || (again.sha256 ?? createHash('sha256').update(again.bytes).digest('hex')) !== t.sha256) throw Object.assign(new Error('changed while checked'), { code: 'ECHANGED' });
          return decodeDoc(again.bytes);
        });
      } catch (err) {
        return { error: `The document "${p}" could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`, ruleId: 'document/unreadable' };
      }
      kept?.remember(t);
      return t;
    }
    if (!('bytes' in r)) return r;
    const { abs, st, at, bytes } = r;
    try {
      let text: string;
      try {
        text = decodeDoc(bytes);
      } catch {
        return { error: `The document "${p}" is not valid UTF-8 text. Save it as UTF-8.`, ruleId: 'document/unreadable' };
      }
      const sha256 = r.sha256 ?? createHash('sha256').update(bytes).digest('hex');
      const seen = { real: abs, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, at };
      const t: DocText = { path: docPath, sha256, read: reader(docReader.realRoot, abs, maxBytes), seen };
      onText?.(ids, t, () => text);
      kept?.remember(t);
      return t;
    } catch (err) {
      return { error: `The document "${p}" could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`, ruleId: 'document/unreadable' };
    }
  };
  const order = [...groups.values()];
  const reads = new Map<string, Promise<Read>>();
  const byGroup = new Map<string, Done>();
  let started = 0;
  let used = 0;
  const pump = () => {
    for (; started < order.length && started < used + READ_AHEAD; started++) {
      const g = order[started]!;
      reads.set(g.first, read(g.first, g.kept).catch((thrown: unknown) => ({ thrown })));
    }
  };
  for (const d of corpus.documents.values()) {
    if (d.path === undefined) continue;
    const p = d.path;
    const key = groupOf.get(p);
    let r = key === undefined ? early.get(p) : byGroup.get(key);
    if (r === undefined && key !== undefined) {
      const g = groups.get(key)!;
      used++;
      pump();
      r = use(g.first, g.ids, await reads.get(g.first)!);
      // Let other work through now and then (replies of worker threads checking quotes: src/parallel/verify-quotes.ts).
      if (used % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
      reads.delete(g.first);
      byGroup.set(key, r);
    }
    if (r === undefined) continue;
    if (typeof r === 'object' && 'sha256' in r) {
      out.texts.set(d.id, r);
      if (d.sha256 === undefined) {
        out.findings.push(problem(d, 'document/no-hash', `Document "${d.id}" records no sha256 of its text, so later edits to ${p} would go unnoticed. Run "claims hash" to record it.`, d.loc));
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
  kept?.end();
  return out;
}
