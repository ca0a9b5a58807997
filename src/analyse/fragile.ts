import type { ClaimVerdict, Finding } from '../report/types.js';
import type { Corpus } from '../report/corpus.js';
import { familyOf } from '../validate/quotes.js';
import { makeFinding } from '../report/rules/index.js';

/**
 * Corroboration that rests on one article is fragile: warn when a claim has at least two supporting
 * voices but every quote comes from one document and its translations or republications.
 */
export function singleArticleWarnings(verdicts: readonly ClaimVerdict[], corpus: Corpus): Finding[] {
  const out: Finding[] = [];
  for (const v of verdicts) {
    if (v.support.length < 2) continue;
    const families = new Set(v.assertions.flatMap((a) => a.quotes.filter((q) => corpus.documents.has(q.document)).map((q) => familyOf(corpus, q.document))));
    if (families.size !== 1) continue;
    const [only] = families;
    out.push(makeFinding('claim/single-document', {
      file: v.file,
      line: v.line,
      column: v.column,
      endLine: v.line,
      endColumn: v.column + v.id.length,
      claimId: v.id,
      message: `The ${v.support.length} voices supporting this claim are all quoted from one article ("${only}" and its translations): corroboration from a single article is fragile. Look for a second, independent document.`,
    }));
  }
  return out;
}
