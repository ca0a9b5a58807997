// The quote memo: what each quote's search in a document text found, remembered by the text's SHA-256, so that a
// run after an edit does not normalise and search every document again (most texts and quotes are unchanged).
//
// An outcome depends only on the text's bytes (its hash), the text's path and the document id (both appear in a
// not-found message), the quote as recorded, and the code (the memo is dropped whole when the code changes). The
// memo is one file per project, rewritten after a run that learnt or dropped anything; it keeps only the texts
// and quotes of the last run. A memo that does not parse, or an entry of the wrong shape, is not used.
import { readFileSync } from 'node:fs';
import type { QuoteOutcome, QuoteToFind } from '../validate/verify-text.js';

export const QUOTE_MEMO_FORMAT = 1;

type Stored = Record<string, Record<string, unknown>>;

const positive = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** An outcome exactly as verifyInText makes them: a range of four whole numbers, or a message; nothing else. */
function asOutcome(o: unknown): QuoteOutcome | undefined {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined;
  const keys = Object.keys(o);
  if (keys.length !== 1) return undefined;
  if (keys[0] === 'message') {
    const m = (o as { message: unknown }).message;
    return typeof m === 'string' ? { message: m } : undefined;
  }
  if (keys[0] !== 'range') return undefined;
  const r = (o as { range: unknown }).range;
  if (typeof r !== 'object' || r === null || Object.keys(r).length !== 4) return undefined;
  const { line, column, endLine, endColumn } = r as Record<string, unknown>;
  if (![line, column, endLine, endColumn].every(positive)) return undefined;
  return { range: { line: line as number, column: column as number, endLine: endLine as number, endColumn: endColumn as number } };
}

const textKey = (path: string, sha256: string) => `${sha256}\u0000${path}`;
const quoteKey = (q: QuoteToFind) => `${q.documentId}\u0000${q.quote}`;

export class QuoteMemo {
  /** Texts whose quotes all came from the memo, for --debug and the tests. */
  reused = 0;
  /** True when a stored memo could not be used at all (corrupt, another format) and was ignored. */
  rejected = false;
  private old: Stored = {};
  private oldTexts = 0;
  private readonly next = new Map<string, Map<string, QuoteOutcome>>();
  private changed = false;

  constructor(
    /** Where the memo is stored. */
    readonly file: string,
    /** The code fingerprint: a memo made by other code is not used. */
    private readonly code: string,
  ) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // none yet
    }
    try {
      const e = JSON.parse(text) as { format?: unknown; code?: unknown; texts?: unknown };
      if (e.format === QUOTE_MEMO_FORMAT && e.code === code && typeof e.texts === 'object' && e.texts !== null && !Array.isArray(e.texts)) {
        this.old = e.texts as Stored;
        this.oldTexts = Object.keys(this.old).length;
        return;
      }
      if (e.code !== code) return; // other code: start again, quietly
    } catch {
      // fall through
    }
    this.rejected = true;
  }

  /** The outcomes of these quotes in the text at `path` with this hash, when every one of them is remembered. */
  get(path: string, sha256: string, quotes: readonly QuoteToFind[]): QuoteOutcome[] | undefined {
    const key = textKey(path, sha256);
    const stored = Object.hasOwn(this.old, key) ? this.old[key] : undefined;
    if (typeof stored !== 'object' || stored === null) return undefined;
    const out: QuoteOutcome[] = [];
    for (const q of quotes) {
      const k = quoteKey(q);
      const o = Object.hasOwn(stored, k) ? asOutcome(stored[k]) : undefined;
      if (o === undefined) return undefined;
      out.push(o);
    }
    this.keep(key, quotes, out);
    // Quotes no longer asked for in this text are dropped from the memo.
    if (Object.keys(stored).length !== this.next.get(key)!.size) this.changed = true;
    this.reused++;
    return out;
  }

  /** Remember what the search found. */
  put(path: string, sha256: string, quotes: readonly QuoteToFind[], outcomes: readonly QuoteOutcome[]): void {
    this.keep(textKey(path, sha256), quotes, outcomes);
    this.changed = true;
  }

  private keep(key: string, quotes: readonly QuoteToFind[], outcomes: readonly QuoteOutcome[]): void {
    let m = this.next.get(key);
    if (m === undefined) this.next.set(key, (m = new Map()));
    quotes.forEach((q, k) => m.set(quoteKey(q), outcomes[k]!));
  }

  /** The memo to store, or undefined when it would be the same as the stored one. */
  serialize(): string | undefined {
    if (!this.changed && this.next.size === this.oldTexts && !this.rejected) return undefined;
    const texts = Object.fromEntries([...this.next].map(([k, m]) => [k, Object.fromEntries(m)]));
    return JSON.stringify({ format: QUOTE_MEMO_FORMAT, code: this.code, texts });
  }
}
