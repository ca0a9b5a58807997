import type { ClaimEntity, DocumentEntity, Finding, QuoteEntity } from '../report/types.js';
import type { QuoteInfo } from '../analyse/verdict.js';
import { truncate } from '../util/text.js';
import { docContent, type DocContent, type DocText } from './documents.js';
import { closestPassage, findPieces, lineColAt, MAX_ELISION_GAP, quotePieces } from './match.js';
import type { Corpus } from './refs.js';

export interface QuoteCheck {
  findings: Finding[];
  info: Map<QuoteEntity, QuoteInfo>;
  verified: number;
}

/** Root of a document's family: the original that translations and republications point back to. */
export function familyOf(corpus: Corpus, id: string): string {
  let cur = id;
  const seen = new Set<string>();
  for (;;) {
    seen.add(cur);
    const d = corpus.documents.get(cur);
    const up = d?.translationOf ?? d?.republicationOf;
    if (up === undefined || seen.has(up) || !corpus.documents.has(up)) return cur;
    cur = up;
  }
}

/** The document of the same family (the original, its translations and republications) written in `lang`. */
export function translationFor(corpus: Corpus, d: DocumentEntity, lang: string | undefined): DocumentEntity | undefined {
  if (lang === undefined || d.language === undefined || primary(lang) === primary(d.language)) return undefined;
  const family = familyOf(corpus, d.id);
  for (const other of corpus.documents.values()) {
    if (other.id !== d.id && other.language !== undefined && primary(other.language) === primary(lang) && familyOf(corpus, other.id) === family) return other;
  }
  return undefined;
}

/** Is partial date `a` certainly later than partial date `b`? (2021-07-14 is not after 2021-07.) */
export function isAfter(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) > b.slice(0, n);
}

const primary = (lang: string) => lang.toLowerCase().split('-')[0];

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

function notFoundMessage(q: QuoteEntity, d: DocumentEntity, doc: DocText, t: DocContent, pieces: string[]): string {
  const whole = pieces.join(' ... ');
  let lead = `This quote does not appear in document "${d.id}" (${doc.path}).`;
  if (pieces.length > 1 && pieces.every((p) => t.norm.text.includes(p))) {
    lead = `Each part of this quote appears in document "${d.id}" (${doc.path}), but not in this order or not close together around the elision.`;
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

/** One quote to verify against the text of document `doc`, and what came of it. */
interface QuoteSlot {
  c: ClaimEntity;
  q: QuoteEntity;
  d: DocumentEntity;
  result?: { info: QuoteInfo; finding?: Finding };
}

/**
 * Quote verification, document by document: the quotes are first grouped by the document whose text they must
 * be found in; then each text is given to `verify` once, as it is read, and can be let go at once; `finish`
 * puts findings and results in the order of the claims, exactly as checking quote by quote would.
 */
export class QuoteChecker {
  private items: Array<Finding | QuoteSlot> = [];
  private readonly byDoc = new Map<string, QuoteSlot[]>();

  constructor(private readonly corpus: Corpus) {
    const f = (c: ClaimEntity, ruleId: string, severity: Finding['severity'], loc: QuoteEntity['loc'], message: string) =>
      this.items.push({ ruleId, severity, file: c.file, ...loc, message, claimId: c.id });
    for (const c of corpus.claims) {
      for (const a of c.assertions) {
        if (a.quotes.length === 0) {
          f(c, 'assertion/no-quote', 'warning', a.sourceLoc, `This assertion by "${a.source}" has no quote, so nothing proves the stance "${a.stance}". Add the words as printed, with the document they appear in.`);
        }
        for (const q of a.quotes) {
          const cited = corpus.documents.get(q.document);
          if (!cited) continue;
          // A quote in another language than the document it cites is a translation of a passage there:
          // verify it against the recorded translation in that language, when there is one.
          const d = translationFor(corpus, cited, q.lang) ?? cited;
          if (a.date !== undefined && cited.published !== undefined && isAfter(a.date, cited.published)) {
            f(c, 'assertion/after-document', 'error', a.dateLoc ?? a.loc, `This assertion is dated ${a.date}, after document "${cited.id}" that reports it was published (${cited.published}). One of the two dates is wrong.`);
          }
          if (q.lang !== undefined && d.language !== undefined && primary(q.lang) !== primary(d.language)) {
            f(c, 'quote/language-mismatch', 'warning', q.loc, `This quote is marked "${q.lang}" but document "${d.id}" is in "${d.language}", and no translation of it in "${q.lang}" is recorded. Quote the words in the document's own language, and put your rendering in "translation".`);
          }
          const slot: QuoteSlot = { c, q, d };
          this.items.push(slot);
          const list = this.byDoc.get(d.id);
          if (list) list.push(slot);
          else this.byDoc.set(d.id, [slot]);
        }
      }
    }
  }

  /** True when some quote must be found in the text of one of these documents. */
  wants(ids: readonly string[]): boolean {
    return ids.some((id) => this.byDoc.has(id));
  }

  /** Verify the quotes to be found in this text (the text of every document in `ids`). */
  verify(ids: readonly string[], doc: DocText, t: DocContent): void {
    for (const id of ids) {
      for (const slot of this.byDoc.get(id) ?? []) {
        const { c, q, d } = slot;
        const pieces = quotePieces(q.text);
        const found = pieces.length > 0 ? findPieces(t.norm.text, pieces) : undefined;
        if (found) {
          slot.result = { info: { verification: 'verified', match: { document: d.id, path: doc.path, ...matchRange(t, found.start, found.end) } } };
        } else {
          const message = notFoundMessage(q, d, doc, t, pieces.length ? pieces : [q.text]);
          slot.result = { info: { verification: 'not-found' }, finding: { ruleId: 'quote/not-found', severity: 'error', file: c.file, ...q.loc, message, claimId: c.id } };
        }
      }
    }
  }

  /** The findings and results, in claim order (once: the checker is emptied). Quotes whose document has no text are unverifiable. */
  finish(texts: ReadonlyMap<string, DocText>): QuoteCheck {
    const out: QuoteCheck = { findings: [], info: new Map(), verified: 0 };
    for (const item of this.items) {
      if (!('q' in item)) {
        out.findings.push(item);
        continue;
      }
      const { c, q, d } = item;
      let result = item.result;
      if (result === undefined) {
        const t = texts.get(d.id);
        if (t) {
          // A text that was not given to verify (checkQuotes on a finished run): read it again.
          this.verify([d.id], t, docContent(t.read()));
          result = item.result!;
        }
      }
      if (result === undefined) {
        out.info.set(q, { verification: 'unverifiable' });
        if (d.path === undefined) {
          out.findings.push({
            ruleId: 'quote/unverifiable',
            severity: 'info',
            file: c.file,
            ...q.loc,
            message: `Document "${d.id}" has only a URL and no local text file, so this quote cannot be verified. Save the article's text in the project and set "path".`,
            claimId: c.id,
          });
        }
        continue;
      }
      if (result.info.verification === 'verified') out.verified++;
      out.info.set(q, result.info);
      if (result.finding) out.findings.push(result.finding);
    }
    // Called once: what is left here is no longer needed, and the run goes on to build the report.
    this.items.length = 0;
    this.byDoc.clear();
    return out;
  }
}

/** Verify every quote against its document's text (read again, one document at a time); add the consistency checks that need documents. */
export function checkQuotes(corpus: Corpus, texts: ReadonlyMap<string, DocText>): QuoteCheck {
  const checker = new QuoteChecker(corpus);
  const done = new Set<DocText>();
  const ids = new Map<DocText, string[]>();
  for (const [id, t] of texts) {
    const l = ids.get(t);
    if (l) l.push(id);
    else ids.set(t, [id]);
  }
  for (const [t, list] of ids) {
    if (done.has(t) || !checker.wants(list)) continue;
    done.add(t);
    checker.verify(list, t, docContent(t.read()));
  }
  return checker.finish(texts);
}
