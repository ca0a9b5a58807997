// Worker thread: verifies quotes against document texts sent by the main thread (src/parallel/verify-quotes.ts).
// The work is the pure verifyInText, so a quote gives the same outcome here as in the main thread.
import { parentPort } from 'node:worker_threads';
import { docContent, verifyInText, type QuoteOutcome, type QuoteToFind } from '../validate/verify-text.js';

/** One document text and the quotes to find in it: plain arrays of strings, which are the cheapest to copy. */
export interface QuoteTask {
  id: number;
  path: string;
  text: string;
  quotes: string[];
  documentIds: string[];
}

/**
 * The outcomes, packed: for quote k, ranges[4k..4k+3] is its line, column, end line and end column, or all 0 when
 * it was not found, and then the next entry of `messages` says why (a column of 1 then marks quote/over-elided).
 */
export interface QuoteReply {
  id: number;
  ranges?: Int32Array;
  messages?: string[];
  error?: string;
}

export function packOutcomes(outcomes: readonly QuoteOutcome[]): Pick<QuoteReply, 'ranges' | 'messages'> {
  const ranges = new Int32Array(outcomes.length * 4);
  const messages: string[] = [];
  outcomes.forEach((o, k) => {
    if ('range' in o) ranges.set([o.range.line, o.range.column, o.range.endLine, o.range.endColumn], k * 4);
    else {
      messages.push(o.message);
      if (o.rule) ranges[k * 4 + 1] = 1;
    }
  });
  return { ranges, messages };
}

export function unpackOutcomes(ranges: Int32Array, messages: readonly string[]): QuoteOutcome[] {
  const out: QuoteOutcome[] = [];
  let m = 0;
  for (let k = 0; k < ranges.length; k += 4) {
    if (ranges[k] === 0) out.push(ranges[k + 1] === 1 ? { message: messages[m++]!, rule: 'quote/over-elided' } : { message: messages[m++]! });
    else out.push({ range: { line: ranges[k]!, column: ranges[k + 1]!, endLine: ranges[k + 2]!, endColumn: ranges[k + 3]! } });
  }
  return out;
}

parentPort?.on('message', (t: QuoteTask) => {
  try {
    const quotes: QuoteToFind[] = t.quotes.map((quote, k) => ({ quote, documentId: t.documentIds[k]! }));
    const packed = packOutcomes(verifyInText(quotes, t.path, docContent(t.text)));
    parentPort!.postMessage({ id: t.id, ...packed } satisfies QuoteReply, [packed.ranges!.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ id: t.id, error: String((err as Error)?.stack ?? err) } satisfies QuoteReply);
  }
});
