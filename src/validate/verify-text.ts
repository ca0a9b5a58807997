// Quote verification against one document's text: pure, so that it gives the same outcome in the main thread and
// in a worker thread (src/parallel/quote-worker.ts). src/validate/quotes.ts decides which quotes go to which text.
import { truncate } from '../util/text.js';
import { closestPassage, findPieces, lineColAt, lineStarts, MAX_ELISION_GAP, normalizeForMatch, quotePieces, type Normalized } from './match.js';

/** What quote checking needs of a text: the text, its normalised form, and where its lines start. */
export interface DocContent {
  text: string;
  norm: Normalized;
  starts: number[];
}

export const docContent = (text: string): DocContent => ({ text, norm: normalizeForMatch(text), starts: lineStarts(text) });

/** One quote to look for: its text as recorded, and the id of the document whose text this is. */
export interface QuoteToFind {
  quote: string;
  documentId: string;
}

/** Where a verified quote lies (1-based, end column exclusive), or why it was not found. */
export type QuoteOutcome = { range: { line: number; column: number; endLine: number; endColumn: number } } | { message: string };

/** Where in the document a match lies, as 1-based lines and columns of the original text. */
function matchRange(t: DocContent, start: number, end: number) {
  const s = lineColAt(t.starts, t.norm.map[start]!);
  // `end` is exclusive in the normalised text; point at the last matched character.
  const lastOrig = t.norm.map[Math.max(start, end - 1)]!;
  const e = lineColAt(t.starts, lastOrig);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column + 1 };
}

/**
 * For an elided quote with one piece missing, look for that piece where the pieces around it were found:
 * after the pieces before it, or just before the piece after it. Undefined when there is no such anchor.
 */
function nearNeighbours(hay: string, pieces: string[], k: number): ReturnType<typeof closestPassage> {
  if (k < 0 || pieces.length < 2) return undefined;
  const piece = pieces[k]!;
  const span = MAX_ELISION_GAP + piece.length * 2;
  let from: number;
  let to: number;
  if (k > 0) {
    const before = findPieces(hay, pieces.slice(0, k));
    if (!before) return undefined;
    from = before.end;
    to = Math.min(hay.length, before.end + span);
  } else {
    const after = hay.indexOf(pieces[1]!);
    if (after === -1) return undefined;
    from = Math.max(0, after - span);
    to = after;
  }
  const near = closestPassage(hay.slice(from, to), piece);
  return near && { ...near, start: near.start + from, end: near.end + from };
}

function notFoundMessage(documentId: string, docPath: string, t: DocContent, pieces: string[]): string {
  const whole = pieces.join(' ... ');
  let lead = `This quote does not appear in document "${documentId}" (${docPath}).`;
  if (pieces.length > 1 && pieces.every((p) => t.norm.text.includes(p))) {
    lead = `Each part of this quote appears in document "${documentId}" (${docPath}), but not in this order or not close together around the elision.`;
  }
  const k = pieces.findIndex((p) => !t.norm.text.includes(p));
  const missing = pieces[k] ?? whole;
  const near = nearNeighbours(t.norm.text, pieces, k) ?? closestPassage(t.norm.text, missing);
  if (!near) return `${lead} Quotes must be verbatim.`;
  const at = lineColAt(t.starts, t.norm.map[near.start]!);
  // Show the document's own characters, not the normalised ones.
  const passage = truncate(t.text.slice(t.norm.map[near.start]!, t.norm.map[near.end - 1]! + 1).replace(/\s+/g, ' '), 160);
  const caseOnly = t.norm.text.toLowerCase().includes(missing.toLowerCase());
  const caseHint = caseOnly ? ' It matches if capitals are ignored: copy the capitals as printed.' : '';
  return `${lead} Closest passage, line ${at.line} (${Math.round(near.similarity * 100)}% similar): "${passage}".${caseHint} Quotes must be verbatim: copy the words exactly as printed.`;
}

/** Look for each quote in the text of the document at `docPath` (the first match counts). */
export function verifyInText(quotes: readonly QuoteToFind[], docPath: string, t: DocContent): QuoteOutcome[] {
  return quotes.map(({ quote, documentId }) => {
    const pieces = quotePieces(quote);
    const found = pieces.length > 0 ? findPieces(t.norm.text, pieces) : undefined;
    if (found) return { range: matchRange(t, found.start, found.end) };
    return { message: notFoundMessage(documentId, docPath, t, pieces.length ? pieces : [quote]) };
  });
}
