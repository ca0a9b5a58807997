// Quote verification against one document's text: pure, so that it gives the same outcome in the main thread and
// in a worker thread (src/parallel/quote-worker.ts). src/validate/quotes.ts decides which quotes go to which text.
import { truncate } from '../util/text.js';
import { closestPassage, find, findPieces, lineColAt, lineStarts, matchQuote, MAX_ELISION_GAP, normalizeForMatch, overElided, quotePieces, wordIndex, type Closest, type Normalized, type Work, type WordIndex } from './match.js';

/** What quote checking needs of a text: the text, its normalised form, and where its lines start (the rest is made when first needed). */
export interface DocContent {
  text: string;
  norm: Normalized;
  starts: number[];
  /** The words of the normalised text, for closest-passage hints. */
  words?: WordIndex;
  /** The normalised text in lower case, for the "matches if capitals are ignored" hint. */
  lower?: string;
}

export const docContent = (text: string): DocContent => ({ text, norm: normalizeForMatch(text), starts: lineStarts(text) });

/** One quote to look for: its text as recorded, and the id of the document whose text this is. */
export interface QuoteToFind {
  quote: string;
  documentId: string;
}

/** Where a verified quote lies (1-based, end column exclusive), or why it was not found. */
export type QuoteOutcome = { range: { line: number; column: number; endLine: number; endColumn: number } } | { message: string; rule?: 'quote/over-elided' };

/** Outcomes remembered for one text, by document id and quote as written (the quote memos keep them so). */
export type OutcomesByQuote = ReadonlyMap<string, ReadonlyMap<string, QuoteOutcome>>;

/** The remembered outcome of each of `quotes`, in order, or undefined when one is not known. */
export function knownOutcomes(known: OutcomesByQuote, quotes: readonly QuoteToFind[]): QuoteOutcome[] | undefined {
  const out: QuoteOutcome[] = [];
  for (const q of quotes) {
    const o = known.get(q.documentId)?.get(q.quote);
    if (o === undefined) return undefined;
    out.push(o);
  }
  return out;
}

/**
 * Work allowed for the quotes of one text, in characters scanned (and, for hints, edit-distance cells): a
 * multiple of the text's length plus a fixed part, so that ordinary texts never reach it and a hostile one
 * (a very repetitive text, thousands of long absent quotes) stops in seconds. Per text, not per run, so that an
 * outcome depends only on the text and its quotes, wherever and in whatever order texts are checked.
 */
export const SEARCH_WORK = { perChar: 64, base: 2 ** 27 };
export const HINT_WORK = { perChar: 16, base: 2 ** 25 };
/** Longest hint shown, in characters of the document. */
export const HINT_CHARS = 160;

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
function nearNeighbours(hay: string, pieces: string[], k: number, search: Work, hints: Work): Closest | undefined {
  if (k < 0 || pieces.length < 2) return undefined;
  const piece = pieces[k]!;
  const span = MAX_ELISION_GAP + Math.min(piece.length, HINT_CHARS * 4) * 2;
  let from: number;
  let to: number;
  if (k > 0) {
    const before = findPieces(hay, pieces.slice(0, k), MAX_ELISION_GAP, search);
    if (!before) return undefined;
    from = before.end;
    to = Math.min(hay.length, before.end + span);
  } else {
    const after = find(hay, pieces[1]!, 0, search);
    if (after === -1) return undefined;
    from = Math.max(0, after - span);
    to = after;
  }
  const window = hay.slice(from, to);
  const near = closestPassage(window, piece, wordIndex(window), hints);
  return near && { ...near, start: near.start + from, end: near.end + from };
}

function notFoundMessage(documentId: string, docPath: string, t: DocContent, pieces: string[], search: Work, hints: Work): string {
  const hay = t.norm.text;
  const whole = pieces.join(' ... ');
  let lead = `This quote does not appear in document "${documentId}" (${docPath}).`;
  // Which pieces appear at all, until the text's search work is spent (a quote can have thousands of pieces).
  const present: boolean[] = [];
  for (const p of pieces) {
    if (search.spent > search.limit) break;
    present.push(find(hay, p, 0, search) !== -1);
  }
  if (pieces.length > 1 && present.length === pieces.length && present.every(Boolean)) {
    lead = `Each part of this quote appears in document "${documentId}" (${docPath}), but not in this order or not close together around the elision.`;
  }
  if (hints.spent > hints.limit) return `${lead} Closest passage not searched: the time allowed for hints in this document was spent on the quotes before this one. Quotes must be verbatim: copy the words exactly as printed.`;
  const k = present.indexOf(false);
  if (k === -1 && present.length < pieces.length) return `${lead} Closest passage not searched: the time allowed for searching this document was spent. Quotes must be verbatim: copy the words exactly as printed.`;
  const missing = pieces[k] ?? whole;
  const near = nearNeighbours(hay, pieces, k, search, hints) ?? closestPassage(hay, missing, (t.words ??= wordIndex(hay)), hints);
  if (!near) return `${lead} Quotes must be verbatim.`;
  const at = lineColAt(t.starts, t.norm.map[near.start]!);
  // Show the document's own characters, not the normalised ones, and never more than a short window of them.
  const from = t.norm.map[near.start]!;
  const raw = t.text.slice(from, Math.min(t.norm.map[near.end - 1]! + 1, from + HINT_CHARS * 4));
  const passage = truncate(raw.replace(/\s+/g, ' '), HINT_CHARS);
  const caseOnly = find((t.lower ??= hay.toLowerCase()), missing.toLowerCase(), 0, search) !== -1;
  const caseHint = caseOnly ? ' It matches if capitals are ignored: copy the capitals as printed.' : '';
  return `${lead} Closest passage, line ${at.line} (${Math.round(near.similarity * 100)}% similar): "${passage}".${caseHint} Quotes must be verbatim: copy the words exactly as printed.`;
}

const cutMessage = (documentId: string, docPath: string) =>
  `The search for this quote in document "${documentId}" (${docPath}) was stopped: searching this text for its quotes took more than the time allowed for one text (a very repetitive text, or very many long quotes). Check this quote by hand, or split the text.`;

/**
 * Look for each quote in the text of the document at `docPath` (the first match counts). The same quote asked
 * twice (YAML aliases, copies) is searched once. Work is bounded per text (SEARCH_WORK, HINT_WORK): quotes left
 * when it is spent get a finding that says their search was stopped.
 */
export function verifyInText(quotes: readonly QuoteToFind[], docPath: string, t: DocContent): QuoteOutcome[] {
  const n = t.norm.text.length;
  const search: Work = { spent: 0, limit: SEARCH_WORK.perChar * n + SEARCH_WORK.base };
  const hints: Work = { spent: 0, limit: HINT_WORK.perChar * n + HINT_WORK.base };
  const seen = new Map<string, QuoteOutcome>();
  return quotes.map(({ quote, documentId }) => {
    const key = `${documentId}\u0000${quote}`;
    const known = seen.get(key);
    if (known) return known;
    const outcome = verifyOne(quote, documentId, docPath, t, search, hints);
    seen.set(key, outcome);
    return outcome;
  });
}

function verifyOne(quote: string, documentId: string, docPath: string, t: DocContent, search: Work, hints: Work): QuoteOutcome {
  if (search.spent > search.limit) return { message: cutMessage(documentId, docPath) };
  const pieces = quotePieces(quote);
  const tooMuch = overElided(pieces);
  if (tooMuch) return { message: tooMuch, rule: 'quote/over-elided' };
  const found = matchQuote(t.norm.text, pieces, search);
  if (found && 'over' in found) return { message: found.over, rule: 'quote/over-elided' };
  if (found) return { range: matchRange(t, found.start, found.end) };
  if (search.cut) return { message: cutMessage(documentId, docPath) };
  return { message: notFoundMessage(documentId, docPath, t, pieces.length ? pieces : [quote], search, hints) };
}

