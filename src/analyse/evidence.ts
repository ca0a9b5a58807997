import type { ClaimVerdict, Finding, QuoteMatch } from '../report/types.js';
import type { DocText } from '../report/corpus.js';
import type { Evidence, QuoteContext } from '../report/evidence.js';
import { lineStarts } from '../validate/match.js';

/** A document's text and line starts, read again from disk: the run keeps no texts (src/validate/documents.ts). */
interface Read {
  text: string;
  starts: number[];
}
const offsetOf = (t: Read, line: number, column: number) => (t.starts[line - 1] ?? 0) + column - 1;
const flat = (s: string) => s.replace(/\s+/g, ' ');

/** The sentence(s) containing a match: back to the previous sentence end or blank line, forward to the next. */
export function sentenceAround(text: string, start: number, end: number, maxSide = 240): QuoteContext {
  let s = start;
  const minS = Math.max(0, start - maxSide);
  while (s > minS) {
    const ch = text[s - 1]!;
    if (ch === '\n' && text[s - 2] === '\n') break;
    if (/[.!?]/.test(ch) && /\s/.test(text[s] ?? '') && s < start) break;
    s--;
  }
  let e = end;
  const maxE = Math.min(text.length, end + maxSide);
  while (e < maxE) {
    const ch = text[e]!;
    if (ch === '\n' && text[e + 1] === '\n') break;
    e++;
    if (/[.!?]/.test(ch) && /\s|$/.test(text[e] ?? '')) break;
  }
  return {
    before: `${s > minS || s === 0 ? '' : '…'}${flat(text.slice(s, start)).trimStart()}`,
    match: flat(text.slice(start, end)),
    after: `${flat(text.slice(end, e)).trimEnd()}${e < maxE || e === text.length ? '' : '…'}`,
  };
}

export function quoteContext(texts: Map<string, DocText>, m: QuoteMatch, read = new Map<DocText, Read | null>()): QuoteContext | null {
  const doc = texts.get(m.document);
  if (!doc) return null;
  let t = read.get(doc);
  if (t === undefined) {
    try {
      const text = doc.read();
      t = { text, starts: lineStarts(text) };
    } catch {
      // gone since the check read it
      t = null;
    }
    read.set(doc, t);
  }
  if (t === null) return null;
  return sentenceAround(t.text, offsetOf(t, m.line, m.column), offsetOf(t, m.endLine, m.endColumn));
}

/** Everything `claims show` prints about one claim. */
export function buildEvidence(claim: ClaimVerdict, texts: Map<string, DocText>, findings: readonly Finding[]): Evidence {
  const read = new Map<DocText, Read | null>();
  return {
    claim,
    contexts: claim.assertions.map((a) => a.quotes.map((q) => (q.match ? quoteContext(texts, q.match, read) : null))),
    findings: findings.filter((f) => f.claimId === claim.id),
  };
}
