// How the quotes of one document text are searched: a strategy given to the ledger. Searching here, in worker
// threads, or taking the outcome from a memo gives the same outcomes (verifyInText is pure), so the strategy
// changes where the time goes, never the report.
import type { DocText } from '../report/corpus.js';
import { knownOutcomes, type QuoteOutcome, type QuoteToFind } from '../validate/verify-text.js';

/** A memo of outcomes by text (path and SHA-256) and quote: QuoteMemo (on disk) and MemoryQuoteMemo (in memory). */
export interface OutcomeMemo {
  get(path: string, sha256: string, quotes: readonly QuoteToFind[]): QuoteOutcome[] | undefined;
  put(path: string, sha256: string, quotes: readonly QuoteToFind[], outcomes: readonly QuoteOutcome[]): void;
}

export interface QuoteSearcher {
  /**
   * Find `quotes` in this text; `done` is called once with their outcomes, now or later. `text` gives the text,
   * called (at once) only when it is searched: outcomes from a memo need no text.
   */
  search(t: DocText, text: () => string, quotes: QuoteToFind[], done: (outcomes: QuoteOutcome[]) => void): void;
  /** Every search given has called its `done`, and any thread started is stopped. */
  close(): Promise<void>;
  /** Texts searched on this thread, in worker threads, and the worker threads that ran. */
  stats(): { here: number; offloaded: number; workers: number };
}

type VerifyFns = Pick<typeof import('../validate/verify-text.js'), 'docContent' | 'verifyInText'>;
type PoolModule = Pick<typeof import('../parallel/verify-quotes.js'), 'QuotePool' | 'defaultWorkers'>;

/** Every text searched on this thread. */
export function plainSearcher(fns: VerifyFns): QuoteSearcher {
  let here = 0;
  return {
    search: (t, text, quotes, done) => (here++, done(fns.verifyInText(quotes, t.path, fns.docContent(text())))),
    close: () => Promise.resolve(),
    stats: () => ({ here, offloaded: 0, workers: 0 }),
  };
}

/**
 * Texts searched on this thread until `startAfter` have been, then shared with worker threads started at that
 * point (a run that finds nearly everything in a memo never pays for them); a text a worker cannot take is
 * searched here.
 */
export function pooledSearcher(fns: VerifyFns, pools: PoolModule, startAfter: number, workers?: number): QuoteSearcher {
  const plain = plainSearcher(fns);
  let starting: Promise<unknown> | undefined;
  let pool: InstanceType<PoolModule['QuotePool']> | undefined;
  let offloaded = 0;
  return {
    search(t, textOf, quotes, done) {
      const text = textOf();
      const s = plain.stats();
      if (s.here + offloaded >= startAfter) {
        starting ??= pools.QuotePool.start(workers ?? pools.defaultWorkers()).then(
          (p) => (pool = p),
          () => undefined, // no worker: this thread searches every text
        );
      }
      if (pool?.offer(t.path, text, quotes, done, () => (offloaded--, plain.search(t, () => text, quotes, done)))) return void offloaded++;
      plain.search(t, () => text, quotes, done);
    },
    async close() {
      try {
        await starting;
        await pool?.drain();
      } finally {
        await pool?.stop();
      }
    },
    stats: () => ({ here: plain.stats().here, offloaded, workers: pool?.size ?? 0 }),
  };
}

/** Outcomes taken from the first memo that knows all of a text's quotes (and told to the others); otherwise searched, and remembered in each. */
export function memoSearcher(memos: readonly OutcomeMemo[], inner: QuoteSearcher): QuoteSearcher {
  return {
    search(t, text, quotes, done) {
      for (let i = 0; i < memos.length; i++) {
        const known = memos[i]!.get(t.path, t.sha256, quotes);
        if (known === undefined) continue;
        for (let k = 0; k < memos.length; k++) if (k !== i) memos[k]!.put(t.path, t.sha256, quotes, known);
        return done(known);
      }
      inner.search(t, text, quotes, (outcomes) => {
        for (const m of memos) m.put(t.path, t.sha256, quotes, outcomes);
        done(outcomes);
      });
    },
    close: () => inner.close(),
    stats: () => inner.stats(),
  };
}

const textKey = (path: string, sha256: string) => `${sha256}\u0000${path}`;

/**
 * The outcomes of the quotes searched in each text, kept in memory by a long-lived ledger: a quote whose text did
 * not change is never searched again. Texts no update has asked about since the last `prune` are forgotten. Keyed
 * by the quote's own strings (no key made per lookup), as the entities of unchanged claims keep them.
 */
export class MemoryQuoteMemo implements OutcomeMemo {
  private readonly byText = new Map<string, Map<string, Map<string, QuoteOutcome>>>();
  private asked = new Set<string>();

  get(path: string, sha256: string, quotes: readonly QuoteToFind[]): QuoteOutcome[] | undefined {
    const key = textKey(path, sha256);
    this.asked.add(key);
    const known = this.byText.get(key);
    return known === undefined ? undefined : knownOutcomes(known, quotes);
  }

  put(path: string, sha256: string, quotes: readonly QuoteToFind[], outcomes: readonly QuoteOutcome[]): void {
    const key = textKey(path, sha256);
    this.asked.add(key);
    let known = this.byText.get(key);
    if (known === undefined) this.byText.set(key, (known = new Map()));
    quotes.forEach((q, k) => {
      let byQuote = known.get(q.documentId);
      if (byQuote === undefined) known.set(q.documentId, (byQuote = new Map()));
      byQuote.set(q.quote, outcomes[k]!);
    });
  }

  /** Forget the texts not asked about since the last prune (edited or removed texts). */
  prune(): void {
    for (const key of this.byText.keys()) if (!this.asked.has(key)) this.byText.delete(key);
    this.asked = new Set();
  }
}
