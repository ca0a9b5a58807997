// The ledger snapshot: the part of a finished check's ledger that a later `claims check` restores instead of
// rebuilding, stored as one signed entry of the cache (src/cache/store.ts). It holds the document texts the check
// used (each with its hash and the stat it was read under) and every quote outcome found in them. A warm check then
// reads and hashes only the texts whose stat changed (src/validate/documents.ts, KeptTexts: the racy rule of
// src/cache/stat-index.ts holds), and searches only the quotes that are new or whose text changed.
//
// Entities and verdicts are not in it: measured on 10,000 claims, restoring them (tens of MB, with v8.serialize or
// JSON) costs more than reading the per-file cache and judging every claim again, and the verdicts of a whole
// ledger are rebuilt in well under a second.
//
// Like every entry of the cache, the snapshot is untrusted until proven: it is used only when its signature is this
// machine's for this project, and it names this cache folder, this code (codeFingerprint), this project folder and
// this verdict policy (Ledger.policyKey, given by the caller); every row must have its exact shape. Anything else, and the check starts
// from nothing. Even a good snapshot vouches for nothing by itself: a text is kept only while its stat is exactly as
// recorded, and an outcome is used only for the same text (path and SHA-256), document id and quote.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Stats } from 'node:fs';
import type { Config } from '../config/config.js';
import type { DocText } from '../report/corpus.js';
import { KeptTexts, maxDocumentBytes } from '../validate/documents.js';
import { knownOutcomes, type QuoteOutcome, type QuoteToFind } from '../validate/verify-text.js';
import { readRegularInside } from '../util/fs.js';
import { shaPrint, type ReadRecorder } from '../util/reads.js';
import { codeFingerprint, sha256, type CheckCache } from './cache.js';

/** Bumped whenever the snapshot's layout or meaning changes. */
export const LEDGER_SNAPSHOT_FORMAT = 2;

/** A text as stored: real path, project-relative path, SHA-256, then dev, ino, size, mtimeMs, ctimeMs and the clock when it was read. */
type StoredText = [string, string, string, number, number, number, number, number, number];
/** The outcomes found in one text: its path and SHA-256, then [document id, quote, outcome] rows. */
type StoredOutcomes = [string, string, Array<[string, string, StoredOutcome]>];

interface Entry {
  format: number;
  code: string;
  dir: string;
  root: string;
  policy: string;
  texts: StoredText[];
  outcomes: StoredOutcomes[];
}

const HEX64 = /^[0-9a-f]{64}$/;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/**
 * An outcome as stored, smaller than the object: a range as its four numbers, a message as its string, the message
 * of an over-elided quote as a list of that one string.
 */
type StoredOutcome = [number, number, number, number] | string | [string];

const storedOutcome = (o: QuoteOutcome): StoredOutcome => ('range' in o ? [o.range.line, o.range.column, o.range.endLine, o.range.endColumn] : o.rule === 'quote/over-elided' ? [o.message] : o.message);

/** The outcome exactly as verifyInText makes it (a range of four whole numbers, or a message), or undefined. */
function outcomeOf(o: unknown): QuoteOutcome | undefined {
  if (typeof o === 'string') return { message: o };
  if (!Array.isArray(o)) return undefined;
  if (o.length === 1 && typeof o[0] === 'string') return { message: o[0], rule: 'quote/over-elided' };
  if (o.length !== 4 || !o.every(isWhole)) return undefined;
  const [line, column, endLine, endColumn] = o as number[];
  return { range: { line: line!, column: column!, endLine: endLine!, endColumn: endColumn! } };
}

const isText = (t: unknown): t is StoredText =>
  Array.isArray(t) && t.length === 9 && typeof t[0] === 'string' && path.isAbsolute(t[0]) && typeof t[1] === 'string' && typeof t[2] === 'string' && HEX64.test(t[2]) && t.slice(3).every(isNum);

const isOutcomes = (o: unknown): o is StoredOutcomes =>
  Array.isArray(o) &&
  o.length === 3 &&
  typeof o[0] === 'string' &&
  typeof o[1] === 'string' &&
  HEX64.test(o[1]) &&
  Array.isArray(o[2]) &&
  (o[2] as unknown[]).every((r) => Array.isArray(r) && r.length === 3 && typeof r[0] === 'string' && typeof r[1] === 'string');

const decodeDoc = (bytes: Uint8Array): string => {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

/** The text read again as it was the first time (contained, in one step), and only from the same real file. */
const reader = (realRoot: string, real: string, maxBytes: number) => (): string => {
  const r = readRegularInside(realRoot, real, maxBytes);
  if (!r.ok || r.real !== real) throw Object.assign(new Error(`${real} is no longer the file that was checked`), { code: r.ok ? 'ECHANGED' : (r.code ?? r.why) });
  return decodeDoc(r.bytes);
};

/**
 * The texts of the snapshot, kept while their stat is unchanged. Each text kept unread is told to the run's
 * recorder as the read of its bytes that it stands for, so that the whole-run cache checks that text's hash on a
 * replay exactly as if this check had read it.
 */
class SnapshotTexts extends KeptTexts {
  reads: ReadRecorder | undefined;
  /** True once a check has looked its texts up (the ledger was analysed). */
  used = false;

  override begin(): void {
    this.used = true;
    super.begin();
  }

  override unchanged(real: string, st: Stats): DocText | undefined {
    const t = super.unchanged(real, st);
    if (t !== undefined) this.reads?.record('bytes', real, shaPrint(t.sha256));
    return t;
  }
}

const textKey = (p: string, sha: string) => `${sha}\u0000${p}`;

/** Quote outcomes by text (path and SHA-256), document id and quote; only those this check asked about are stored again. */
class SnapshotOutcomes {
  private readonly old = new Map<string, Map<string, Map<string, QuoteOutcome>>>();
  private readonly next = new Map<string, { path: string; sha256: string; rows: Map<string, Map<string, QuoteOutcome>> }>();
  /** Outcomes this check had to search for (not in the snapshot). */
  learnt = 0;

  /** Outcomes restored. */
  size = 0;

  /** False when an outcome is not of the shape stored (nothing is restored then). */
  restore(rows: readonly StoredOutcomes[]): boolean {
    const all = new Map<string, Map<string, Map<string, QuoteOutcome>>>();
    let size = 0;
    for (const [p, sha, list] of rows) {
      size += list.length;
      const byDoc = new Map<string, Map<string, QuoteOutcome>>();
      for (const [doc, quote, stored] of list) {
        const outcome = outcomeOf(stored);
        if (outcome === undefined) return false;
        let byQuote = byDoc.get(doc);
        if (byQuote === undefined) byDoc.set(doc, (byQuote = new Map()));
        byQuote.set(quote, outcome);
      }
      all.set(textKey(p, sha), byDoc);
    }
    for (const [k, v] of all) this.old.set(k, v);
    this.size = size;
    return true;
  }

  get(p: string, sha: string, quotes: readonly QuoteToFind[]): QuoteOutcome[] | undefined {
    const known = this.old.get(textKey(p, sha));
    const out = known === undefined ? undefined : knownOutcomes(known, quotes);
    if (out !== undefined) this.keep(p, sha, quotes, out);
    return out;
  }

  put(p: string, sha: string, quotes: readonly QuoteToFind[], outcomes: readonly QuoteOutcome[]): void {
    this.learnt += quotes.length;
    this.keep(p, sha, quotes, outcomes);
  }

  private keep(p: string, sha: string, quotes: readonly QuoteToFind[], outcomes: readonly QuoteOutcome[]): void {
    const key = textKey(p, sha);
    let t = this.next.get(key);
    if (t === undefined) this.next.set(key, (t = { path: p, sha256: sha, rows: new Map() }));
    quotes.forEach((q, k) => {
      let byQuote = t.rows.get(q.documentId);
      if (byQuote === undefined) t.rows.set(q.documentId, (byQuote = new Map()));
      byQuote.set(q.quote, outcomes[k]!);
    });
  }

  /** True when the outcomes this check used are exactly those of the snapshot. */
  unchanged(): boolean {
    if (this.learnt > 0 || this.next.size !== this.old.size) return false;
    for (const [key, t] of this.next) {
      const old = this.old.get(key);
      if (old === undefined || old.size !== t.rows.size) return false;
      for (const [doc, byQuote] of t.rows) if (old.get(doc)?.size !== byQuote.size) return false;
    }
    return true;
  }

  stored(): StoredOutcomes[] {
    const out: StoredOutcomes[] = [];
    for (const t of this.next.values()) {
      const rows: Array<[string, string, StoredOutcome]> = [];
      for (const [doc, byQuote] of t.rows) for (const [quote, o] of byQuote) rows.push([doc, quote, storedOutcome(o)]);
      out.push([t.path, t.sha256, rows]);
    }
    return out;
  }
}

/**
 * Claims from which a snapshot is kept. Below, the quote memo on disk (src/cache/quote-memo.ts) keeps the outcomes,
 * and reading every text again costs little (measured on 10,000 claims: no difference within the noise); the
 * environment variable CLAIMS_SNAPSHOT_FROM sets another number.
 */
export const SNAPSHOT_FROM_CLAIMS = 20_000;

/**
 * Claims from which no snapshot is kept: its outcomes would be held, and written, on top of the peak of memory that
 * the report of a very large corpus makes.
 */
export const MAX_SNAPSHOT_CLAIMS = 80_000;

/** What a check carries from the last one (Ledger.update's `carry`), and what it leaves for the next. */
export class LedgerSnapshot {
  readonly texts = new SnapshotTexts();
  readonly outcomes = new SnapshotOutcomes();
  /** Why the stored snapshot was not used (--debug), or undefined when it was, or when there was none. */
  refused: string | undefined;
  /** True when a stored snapshot was restored. */
  restored = false;
  private readonly storedTexts = new Map<string, StoredText>();
  private storedOutcomes = 0;

  constructor(
    private readonly cache: CheckCache,
    private readonly config: Config,
    /** The verdict policy of the check (Ledger.policyKey): a snapshot serves only the same one. */
    private readonly policy: string,
    /** Claims from which the snapshot is used (SNAPSHOT_FROM_CLAIMS). */
    private readonly from = SNAPSHOT_FROM_CLAIMS,
  ) {}

  /** True when a ledger of this many claims is to use (and leave) a snapshot. */
  serves(claims: number): boolean {
    return claims >= this.from && claims < MAX_SNAPSHOT_CLAIMS;
  }

  /** The check's recorder, told the texts kept unread (see SnapshotTexts). */
  set reads(r: ReadRecorder | undefined) {
    this.texts.reads = r;
  }

  /** What --debug says about the snapshot this check started from. */
  describe(): string {
    if (this.restored) return `ledger snapshot restored: ${this.storedTexts.size.toLocaleString('en-US')} texts and ${this.storedOutcomes.toLocaleString('en-US')} quote outcomes`;
    return this.refused === undefined ? 'no ledger snapshot yet: this check starts from nothing' : `ledger snapshot not used (${this.refused}): this check starts from nothing`;
  }

  private entryPath(): string {
    return `ledger/${sha256(this.config.root)}.json`;
  }

  /** Read and check the stored snapshot; false (and `refused` says why) when it cannot be used. */
  load(): boolean {
    const text = this.cache.store.read(this.entryPath());
    if (text === undefined) {
      if (this.cache.store.counts.unsigned > 0 || this.cache.store.counts.refused > 0) this.refused = 'not signed by this machine for this project, or not a regular file';
      return false;
    }
    let e: Partial<Entry>;
    try {
      e = JSON.parse(text) as Partial<Entry>;
    } catch {
      return this.refuse('damaged');
    }
    if (typeof e !== 'object' || e === null || e.format !== LEDGER_SNAPSHOT_FORMAT) return this.refuse('another format');
    if (e.code !== codeFingerprint()) return this.refuse('made by other code');
    if (e.dir !== this.cache.dir || e.root !== this.config.root) return this.refuse('made for another cache folder or project');
    if (e.policy !== this.policy) return this.refuse('made under another configuration');
    if (!Array.isArray(e.texts) || !e.texts.every(isText) || !Array.isArray(e.outcomes) || !e.outcomes.every(isOutcomes)) return this.refuse('damaged');
    let realRoot: string;
    try {
      realRoot = realpathSync.native(this.config.root);
    } catch {
      return this.refuse('the project folder cannot be resolved');
    }
    if (!this.outcomes.restore(e.outcomes)) return this.refuse('damaged');
    const maxBytes = maxDocumentBytes(this.config.limits.maxFileBytes);
    for (const row of e.texts) {
      const [real, p, sha, dev, ino, size, mtimeMs, ctimeMs, at] = row;
      this.texts.remember({ path: p, sha256: sha, read: reader(realRoot, real, maxBytes), seen: { real, dev, ino, size, mtimeMs, ctimeMs, at } });
      this.storedTexts.set(real, row);
    }
    this.texts.end();
    this.storedOutcomes = this.outcomes.size;
    this.restored = true;
    return true;
  }

  private refuse(why: string): false {
    this.cache.rejected++;
    this.refused = why;
    return false;
  }

  /** The texts this check used, as stored; undefined when nothing differs from the snapshot it started from. */
  private textsNow(used: Iterable<DocText>): StoredText[] | undefined {
    const rows = new Map<string, StoredText>();
    for (const t of used) {
      const s = t.seen;
      if (s === undefined || rows.has(s.real)) continue;
      rows.set(s.real, [s.real, t.path, t.sha256, s.dev, s.ino, s.size, s.mtimeMs, s.ctimeMs, s.at]);
    }
    const same = this.restored && rows.size === this.storedTexts.size && [...rows].every(([real, r]) => {
      const old = this.storedTexts.get(real);
      return old !== undefined && old.every((v, i) => v === r[i]);
    });
    return same ? undefined : [...rows.values()];
  }

  /**
   * Store what this check leaves for the next: the texts it used (`texts`, from its result) and the outcomes it
   * asked for. Nothing is written when both are as restored.
   */
  async save(texts: Iterable<DocText>): Promise<void> {
    // A check that did not analyse the ledger (only files outside it were named) leaves the snapshot as it was.
    if (!this.texts.used) return;
    const rows = this.textsNow(texts);
    if (rows === undefined && this.outcomes.unchanged()) return;
    const entry: Entry = {
      format: LEDGER_SNAPSHOT_FORMAT,
      code: codeFingerprint(),
      dir: this.cache.dir,
      root: this.config.root,
      policy: this.policy,
      texts: rows ?? [...this.storedTexts.values()],
      outcomes: this.outcomes.stored(),
    };
    try {
      await this.cache.store.write(this.entryPath(), JSON.stringify(entry));
    } catch {
      // A cache that cannot be written is no error: the next check starts from nothing.
    }
  }
}

/** The snapshot for a check of `config` with this cache: restored when a good one is stored, else empty. */
export function openLedgerSnapshot(cache: CheckCache, config: Config, policy: string, from?: number): LedgerSnapshot {
  const s = new LedgerSnapshot(cache, config, policy, from);
  s.load();
  return s;
}
