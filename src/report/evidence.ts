// What the formatters show of a claim's evidence beyond the report: the sentence around each found quote.
// Built by src/analyse/evidence.ts from the document texts, shown by the HTML report and `claims show`.
import type { ClaimVerdict, Finding } from './types.js';

export interface QuoteContext {
  /** The sentence around the match, split so that the match can be highlighted. */
  before: string;
  match: string;
  after: string;
}

export interface Evidence {
  claim: ClaimVerdict;
  /** One context per quote, in claim order (assertion index, quote index); null when the quote was not found. */
  contexts: Array<Array<QuoteContext | null>>;
  findings: Finding[];
}
