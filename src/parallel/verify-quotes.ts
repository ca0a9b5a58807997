// Quote verification in worker threads as well as the main thread, when a corpus has enough document texts to
// pay for starting them. The texts are independent and verifyInText is pure, so where a text is checked changes
// nothing in the report (test/cache.test.ts compares a run with workers and one without).
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { QuoteOutcome, QuoteToFind } from '../validate/verify-text.js';
import { unpackOutcomes, type QuoteReply, type QuoteTask } from './quote-worker.js';
import { startWorkers } from './workers.js';

export { defaultWorkers } from './workers.js';

/** Below this many document texts to check, a worker's start-up costs about what it would save. */
export const QUOTE_PARALLEL_MIN_TEXTS = 200;
/** Texts in flight per worker: enough to keep it busy, few enough that texts are not held in memory for long. */
const IN_FLIGHT = 32;
/** And characters of text in flight, over all workers (each is held by the main thread and the worker meanwhile). */
const IN_FLIGHT_CHARS = 32 * 1024 * 1024;
const WORKER_FILE = fileURLToPath(new URL('./quote-worker.js', import.meta.url));

interface Pending {
  resolve: (o: QuoteOutcome[]) => void;
  reject: (e: Error) => void;
}

export class QuotePool {
  private readonly workers: Array<{ w: Worker; busy: number }> = [];
  private readonly pending = new Map<number, Pending & { worker: number }>();
  private readonly running = new Set<Promise<unknown>>();
  private nextId = 0;
  private failed = false;
  /** Characters of the texts given to workers and not yet answered. */
  private chars = 0;

  /** Undefined when no worker runs: see startWorkers. */
  static start(n: number): Promise<QuotePool | undefined> {
    return startWorkers(WORKER_FILE, n, () => new QuotePool(), (pool, w) => pool.add(w));
  }

  private add(w: Worker): void {
    w.on('message', (m: QuoteReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      this.workers[p.worker]!.busy--;
      if (m.ranges !== undefined) p.resolve(unpackOutcomes(m.ranges, m.messages ?? []));
      else p.reject(new Error(m.error ?? 'quote worker failed'));
    });
    w.on('error', (e) => this.fail(e));
    w.on('exit', () => this.fail(new Error('quote worker exited')));
    this.workers.push({ w, busy: 0 });
  }

  private fail(e: Error): void {
    this.failed = true;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /**
   * Give the text to an idle worker and call `done` with the outcomes when they come back; false (nothing sent)
   * when every worker has enough to do, or a worker has failed: the caller then checks the text itself.
   * `fallback` runs instead of `done` if the worker fails after taking the text.
   */
  offer(path: string, text: string, quotes: QuoteToFind[], done: (o: QuoteOutcome[]) => void, fallback: () => void): boolean {
    if (this.failed) return false;
    // A large text is still given to an idle pool, so that one text over the limit is not always checked here.
    if (this.chars > 0 && this.chars + text.length > IN_FLIGHT_CHARS) return false;
    let worker = -1;
    for (let i = 0; i < this.workers.length; i++) if (this.workers[i]!.busy < IN_FLIGHT && (worker === -1 || this.workers[i]!.busy < this.workers[worker]!.busy)) worker = i;
    if (worker === -1) return false;
    const id = this.nextId++;
    const slot = this.workers[worker]!;
    slot.busy++;
    this.chars += text.length;
    const p = new Promise<QuoteOutcome[]>((resolve, reject) => this.pending.set(id, { resolve, reject, worker }))
      .then(done, fallback)
      .finally(() => {
        this.chars -= text.length;
        this.running.delete(p);
      });
    this.running.add(p);
    slot.w.postMessage({ id, path, text, quotes: quotes.map((q) => q.quote), documentIds: quotes.map((q) => q.documentId) } satisfies QuoteTask);
    return true;
  }

  /** Wait for every text given to a worker. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  get size(): number {
    return this.workers.length;
  }

  async stop(): Promise<void> {
    // No more offers. Work still pending (only when the run itself failed) is dropped, not handed back to the
    // main thread: nobody waits for it any more.
    this.failed = true;
    this.pending.clear();
    await Promise.all(this.workers.map(({ w }) => w.terminate()));
  }
}
