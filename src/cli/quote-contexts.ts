import { quoteContext } from '../analyse/evidence.js';
import type { QuoteContext } from '../report/evidence.js';
import type { Report } from '../report/types.js';
import type { DocText } from '../report/corpus.js';

/**
 * The sentence around every found quote of the report, by claim, assertion and quote index, for the HTML report:
 * each document text is read once more (the run keeps none), as `claims show` reads it. I/O edge.
 */
export function quoteContextsOf(report: Report, texts: Map<string, DocText>): Array<Array<Array<QuoteContext | null>>> {
  // Each text read once for the whole report, not once per claim.
  const read: NonNullable<Parameters<typeof quoteContext>[2]> = new Map();
  return report.claims.map((c) => c.assertions.map((a) => a.quotes.map((q) => (q.match ? quoteContext(texts, q.match, read) : null))));
}
