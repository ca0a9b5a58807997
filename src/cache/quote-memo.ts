// The quote memo: what each quote's search in a document text found, remembered by the text's SHA-256, so that a
// run after an edit does not normalise and search every document again (most texts and quotes are unchanged).
//
// An outcome depends only on the text's bytes (its hash), the text's path and the document id (both appear in a
// not-found message), the quote as recorded, and the code (the memo is dropped whole when the code changes). The
// memo is one file per project, rewritten after a run that learnt or dropped anything; it keeps the texts of the
// last run, then older ones up to a limit (see serialize). A memo that does not parse, or an entry of the wrong
// shape, is not used. It is stored signed, like every cache entry (src/cache/store.ts).
import type { QuoteOutcome, QuoteToFind } from '../validate/verify-text.js';

export const QUOTE_MEMO_FORMAT = 2;

/** Stored: for each text, its key and the [quote key, outcome] pairs (arrays: cheaper to write than objects). */
type StoredText = [string, Array<[string, unknown]>];

const positive = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** An outcome exactly as verifyInText makes them: a range of four whole numbers, or a message; nothing else. */
function asOutcome(o: unknown): QuoteOutcome | undefined {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined;
  const keys = Object.keys(o);
  if (keys.length === 2 && keys.includes('message') && (o as { rule?: unknown }).rule === 'quote/over-elided') {
    const m = (o as { message: unknown }).message;
    return typeof m === 'string' ? { message: m, rule: 'quote/over-elided' } : undefined;
  }
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
  private readonly old = new Map<string, Array<[string, unknown]>>();
  private readonly next = new Map<string, Array<[string, QuoteOutcome]>>();
  private changed = false;

  constructor(
    /** The stored memo (undefined: none yet). */
    text: string | undefined,
    /** The code fingerprint: a memo made by other code is not used. */
    private readonly code: string,
  ) {
    if (text === undefined) return;
    try {
      const e = JSON.parse(text) as { format?: unknown; code?: unknown; texts?: unknown };
      if (e.format === QUOTE_MEMO_FORMAT && e.code === code && Array.isArray(e.texts)) {
        for (const t of e.texts as unknown[]) {
          if (Array.isArray(t) && t.length === 2 && typeof t[0] === 'string' && Array.isArray(t[1])) this.old.set(t[0], (t as StoredText)[1]);
        }
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
    const stored = this.old.get(key);
    if (stored === undefined) return undefined;
    const byQuote = new Map<string, unknown>();
    for (const pair of stored) if (Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string') byQuote.set(pair[0], pair[1]);
    const out: QuoteOutcome[] = [];
    for (const q of quotes) {
      const o = asOutcome(byQuote.get(quoteKey(q)));
      if (o === undefined) return undefined;
      out.push(o);
    }
    const kept = this.keep(key, quotes, out);
    if (kept !== stored.length) this.changed = true;
    this.reused++;
    return out;
  }

  /** Remember what the search found. */
  put(path: string, sha256: string, quotes: readonly QuoteToFind[], outcomes: readonly QuoteOutcome[]): void {
    this.keep(textKey(path, sha256), quotes, outcomes);
    this.changed = true;
  }

  /**
   * This run's quotes in a text, then the stored quotes of that text this run did not ask for (a check of a few
   * files keeps what a check of the whole ledger found), up to twice this run's number or 64. Returns the count.
   */
  private keep(key: string, quotes: readonly QuoteToFind[], outcomes: readonly QuoteOutcome[]): number {
    let list = this.next.get(key);
    if (list === undefined) this.next.set(key, (list = []));
    const asked = new Set<string>();
    quotes.forEach((q, k) => {
      const qk = quoteKey(q);
      asked.add(qk);
      list.push([qk, outcomes[k]!]);
    });
    const limit = Math.max(64, 2 * quotes.length);
    for (const pair of this.old.get(key) ?? []) {
      if (list.length >= limit) break;
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || asked.has(pair[0])) continue;
      const o = asOutcome(pair[1]);
      if (o !== undefined) list.push([pair[0], o]);
    }
    return list.length;
  }

  /**
   * The memo to store, or undefined when it would be the same as the stored one. It holds this run's texts, and
   * then the stored texts this run did not read (a check of a few files keeps what a check of the whole ledger
   * found), up to MAX_KEPT_TEXTS or twice this run's texts; a stored text at a path this run read with other
   * content (an old version of an edited text) is dropped.
   */
  serialize(): string | undefined {
    const readPaths = new Set<string>();
    for (const key of this.next.keys()) readPaths.add(pathOf(key));
    const texts: Array<[string, unknown]> = [...this.next];
    const limit = Math.max(MAX_KEPT_TEXTS, 2 * this.next.size);
    let dropped = false;
    for (const [key, pairs] of this.old) {
      if (this.next.has(key)) continue;
      if (readPaths.has(pathOf(key)) || texts.length >= limit) dropped = true;
      else texts.push([key, pairs]);
    }
    if (!this.changed && !dropped && !this.rejected) return undefined;
    return JSON.stringify({ format: QUOTE_MEMO_FORMAT, code: this.code, texts });
  }
}

/** Texts kept at least (see serialize). */
const MAX_KEPT_TEXTS = 5000;

const pathOf = (key: string) => key.slice(key.indexOf('\u0000') + 1);
