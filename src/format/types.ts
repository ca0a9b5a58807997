import type { QuoteContext } from '../report/evidence.js';
import type { DocumentEntity, Report, Status } from '../report/types.js';
import type { ClaimReviewOptions } from './claimreview.js';

export interface FormatOptions {
  /** Use ANSI colours (decided by the CLI from TTY, NO_COLOR, FORCE_COLOR and --no-color). */
  color: boolean;
  /** Statuses named by --fail-on: formats that fail claims (JUnit, SARIF, GitHub) use them. */
  failOn: readonly Status[];
  /** The terminal's width in cells, when the report goes to a terminal: long lines are wrapped to it. */
  width?: number;
  /** --quiet: errors only. */
  quiet: boolean;
  /** When the check ran (JUnit's timestamp); passed in so that formatters stay pure. Default: the Unix epoch. */
  timestamp?: Date;
  /** The machine that ran the check (JUnit's hostname). Default: "localhost". */
  hostname?: string;
  /** The corpus's documents by id (titles, addresses), for formats that cite them (HTML); given by the CLI. */
  documents?: ReadonlyMap<string, DocumentEntity>;
  /** The sentence around each found quote, by claim, assertion and quote index (HTML); read by the CLI. */
  quoteContexts?: ReadonlyArray<ReadonlyArray<ReadonlyArray<QuoteContext | null>>>;
  /** A file this run writes the whole report to (another --output), for a Markdown report cut to fit to point at. */
  fullReport?: string;
  /** What the claimreview format needs beyond the report (publish settings, sources, documents, selection). */
  claimReview?: ClaimReviewOptions;
}

/** A formatter is a pure function from the report to the text of one output. */
export type Formatter = (report: Report, options: FormatOptions) => string;
