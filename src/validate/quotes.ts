import type { ClaimEntity, DocumentEntity, Finding, QuoteEntity } from '../report/types.js';
import { makeFinding, type RuleId } from '../report/rules/index.js';
import { docContent, verifyInText, type DocContent, type QuoteOutcome, type QuoteToFind } from './verify-text.js';
import type { Corpus, DocText, QuoteInfo } from '../report/corpus.js';

export interface QuoteCheck {
  findings: Finding[];
  info: Map<QuoteEntity, QuoteInfo>;
  verified: number;
  /** Each claim's findings, in the order of `findings` (when finish is asked for them). */
  byClaim?: Map<ClaimEntity, Finding[]>;
}

/** Root of a document's family: the original that translations and republications point back to. */
export function familyOf(corpus: Corpus, id: string): string {
  let cur = id;
  // Chains are short (an original, its translation, a republication of that): a list is cheaper than a set.
  const seen: string[] = [];
  for (;;) {
    seen.push(cur);
    const d = corpus.documents.get(cur);
    const up = d?.translationOf ?? d?.republicationOf;
    if (up === undefined || seen.includes(up) || !corpus.documents.has(up)) return cur;
    cur = up;
  }
}

/**
 * The document of the same family (the original, its translations and republications) written in `lang`: the
 * first such document in corpus order. `index` (from translationIndex) answers without a walk over every document.
 */
export function translationFor(corpus: Corpus, d: DocumentEntity, lang: string | undefined, index: TranslationIndex = translationIndex(corpus)): DocumentEntity | undefined {
  if (lang === undefined || d.language === undefined || primary(lang) === primary(d.language)) return undefined;
  // d itself is not in the list: its language is not `lang`.
  return index.get(`${familyOf(corpus, d.id)}\u0000${primary(lang)}`);
}

/** For each family and primary language, the first document of that family in that language (corpus order). */
export type TranslationIndex = ReadonlyMap<string, DocumentEntity>;

export function translationIndex(corpus: Corpus): TranslationIndex {
  const index = new Map<string, DocumentEntity>();
  for (const other of corpus.documents.values()) {
    if (other.language === undefined) continue;
    const key = `${familyOf(corpus, other.id)}\u0000${primary(other.language)}`;
    if (!index.has(key)) index.set(key, other);
  }
  return index;
}

/** Is partial date `a` certainly later than partial date `b`? (2021-07-14 is not after 2021-07.) */
export function isAfter(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) > b.slice(0, n);
}

/** The primary subtag of a language tag, lower-cased ("fr" of "fr-FR"); a corpus uses a handful of tags, each made once. */
const primaries = new Map<string, string>();
const primary = (lang: string): string => {
  let p = primaries.get(lang);
  if (p === undefined) {
    const dash = lang.indexOf('-');
    p = (dash === -1 ? lang : lang.slice(0, dash)).toLowerCase();
    if (primaries.size < 1000) primaries.set(lang, p);
  }
  return p;
};

/** One quote to verify against the text of document `doc`, and what came of it. */
export interface QuoteSlot {
  c: ClaimEntity;
  q: QuoteEntity;
  d: DocumentEntity;
  /** Which of the quotes given to verifyInText is this one's (see toFind). */
  at?: number;
  result?: { info: QuoteInfo; finding?: Finding };
}

/**
 * Stands for the document id in the quotes given to verifyInText, and is replaced by each quote's own document in
 * its message: one text cited by many documents (spellings of its path, links) is searched once per distinct quote.
 */
const ANY_DOCUMENT = '\u0000document\u0000';

/**
 * Quote verification, document by document: the quotes are first grouped by the document whose text they must
 * be found in; then each text is given to `verify` once, as it is read, and can be let go at once; `finish`
 * puts findings and results in the order of the claims, exactly as checking quote by quote would.
 */
export class QuoteChecker {
  private items: Array<Finding | QuoteSlot> = [];
  /** The claim of each item. */
  private owners: ClaimEntity[] = [];
  private readonly byDoc = new Map<string, QuoteSlot[]>();

  constructor(corpus: Corpus) {
    const f = (c: ClaimEntity, ruleId: RuleId, loc: QuoteEntity['loc'], message: string) => (this.items.push(makeFinding(ruleId, { file: c.file, ...loc, message, claimId: c.id })), this.owners.push(c));
    let index: TranslationIndex | undefined;
    for (const c of corpus.claims) {
      for (const a of c.assertions) {
        if (a.quotes.length === 0) {
          f(c, 'assertion/no-quote', a.sourceLoc, `This assertion by "${a.source}" has no quote, so nothing proves the stance "${a.stance}". Add the words as printed, with the document they appear in.`);
        }
        for (const q of a.quotes) {
          const cited = corpus.documents.get(q.document);
          if (!cited) continue;
          // A quote in another language than the document it cites is a translation of a passage there:
          // verify it against the recorded translation in that language, when there is one.
          const d = translationFor(corpus, cited, q.lang, (index ??= translationIndex(corpus))) ?? cited;
          if (a.date !== undefined && cited.published !== undefined && isAfter(a.date, cited.published)) {
            f(c, 'assertion/after-document', a.dateLoc ?? a.loc, `This assertion is dated ${a.date}, after document "${cited.id}" that reports it was published (${cited.published}). One of the two dates is wrong.`);
          }
          if (q.lang !== undefined && d.language !== undefined && primary(q.lang) !== primary(d.language)) {
            f(c, 'quote/language-mismatch', q.loc, `This quote is marked "${q.lang}" but document "${d.id}" is in "${d.language}", and no translation of it in "${q.lang}" is recorded. Quote the words in the document's own language, and put your rendering in "translation".`);
          }
          const slot: QuoteSlot = { c, q, d };
          this.items.push(slot);
          this.owners.push(c);
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

  /** The quotes to be found in the text of the documents in `ids`, in the order `accept` takes their outcomes. */
  toFind(ids: readonly string[]): { slots: QuoteSlot[]; quotes: QuoteToFind[] } {
    const slots: QuoteSlot[] = [];
    const quotes: QuoteToFind[] = [];
    const index = new Map<string, number>();
    for (const id of ids) {
      for (const slot of this.byDoc.get(id) ?? []) {
        let at = index.get(slot.q.text);
        if (at === undefined) index.set(slot.q.text, (at = quotes.push({ quote: slot.q.text, documentId: ANY_DOCUMENT }) - 1));
        slot.at = at;
        slots.push(slot);
      }
    }
    return { slots, quotes };
  }

  /** Record what verifyInText found for these slots in the text at `docPath` (here or in a worker thread). */
  accept(slots: readonly QuoteSlot[], docPath: string, outcomes: readonly QuoteOutcome[]): void {
    const own = `document "${ANY_DOCUMENT}"`;
    slots.forEach((slot, k) => {
      const { c, q, d } = slot;
      const o = outcomes[slot.at ?? k]!;
      slot.result =
        'range' in o
          ? { info: { verification: 'verified', match: { document: d.id, path: docPath, line: o.range.line, column: o.range.column, endLine: o.range.endLine, endColumn: o.range.endColumn } } }
          : { info: { verification: 'not-found' }, finding: makeFinding(o.rule ?? 'quote/not-found', { file: c.file, ...q.loc, message: o.message.replaceAll(own, `document "${d.id}"`), claimId: c.id }) };
    });
  }

  /** Verify the quotes to be found in this text (the text of every document in `ids`), in this thread. */
  verify(ids: readonly string[], doc: DocText, t: DocContent): void {
    const { slots, quotes } = this.toFind(ids);
    this.accept(slots, doc.path, verifyInText(quotes, doc.path, t));
  }

  /** The findings and results, in claim order (once: the checker is emptied). Quotes whose document has no text are unverifiable. */
  finish(texts: ReadonlyMap<string, DocText>, byClaim = false): QuoteCheck {
    const out: QuoteCheck = { findings: [], info: new Map(), verified: 0, ...(byClaim && { byClaim: new Map() }) };
    const own = out.byClaim;
    const push = (k: number, f: Finding) => {
      out.findings.push(f);
      if (own === undefined) return;
      const c = this.owners[k]!;
      const list = own.get(c);
      if (list === undefined) own.set(c, [f]);
      else list.push(f);
    };
    for (let k = 0; k < this.items.length; k++) {
      const item = this.items[k]!;
      if (!('q' in item)) {
        push(k, item);
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
          push(
            k,
            makeFinding('quote/unverifiable', {
              file: c.file,
              ...q.loc,
              message: `Document "${d.id}" has only a URL and no local text file, so this quote cannot be verified. Save the article's text in the project and set "path".`,
              claimId: c.id,
            }),
          );
        }
        continue;
      }
      if (result.info.verification === 'verified') out.verified++;
      out.info.set(q, result.info);
      if (result.finding) push(k, result.finding);
    }
    // Called once: what is left here is no longer needed, and the run goes on to build the report.
    this.items.length = 0;
    this.owners.length = 0;
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
