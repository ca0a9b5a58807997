// Generated from schemas/report.schema.json by scripts/gen-report-types.mjs (json-schema-to-typescript). Do not edit:
// change the schema, then run `npm run gen:types`. test/report-types.test.ts fails when the two disagree.
// src/report/types.ts re-exports these types; import them from there.

/**
 * Headline status, in precedence order: contested, corroborated, single-source, under-corroborated (more than one but fewer than the threshold), denied, unsupported (no assertions).
 */
export type Status = 'contested' | 'corroborated' | 'single-source' | 'under-corroborated' | 'denied' | 'unsupported';
/**
 * A source's stance on a claim.
 */
export type Stance = 'asserts' | 'corroborates' | 'denies' | 'disputes';
/**
 * 1-based line and column.
 */
export type Position = number;
/**
 * Admiralty reliability grade: A completely reliable … E unreliable, F cannot be judged (the default).
 */
export type Reliability = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
/**
 * How much a finding matters: an error makes the run fail, a warning fails it only past --max-warnings, info never does.
 */
export type Severity = 'error' | 'warning' | 'info';
/**
 * Admiralty information credibility: 1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged (the table in the README says when each applies).
 */
export type Credibility = 1 | 2 | 3 | 4 | 5 | 6;
/**
 * A verdict flag: contested, corroborated, against-interest (a proven supporting voice from a party the claim does not favour), figure-disputed (proven voices give figures that do not overlap), provisional (an error in the evidence).
 */
export type Flag = 'contested' | 'corroborated' | 'against-interest' | 'figure-disputed' | 'provisional';

/**
 * The machine-readable result of 'claims check': every claim's verdict with its explanation, and every finding. reportVersion changes its major number only when a field is removed or changes meaning. 2.0: only proven voices count (support and opposition hold proven voices only), and verdicts carry provisional, flags, credibility and grade.
 */
export interface Report {
  /**
   * Version of this report format.
   */
  reportVersion: '2.0';
  /**
   * The program that wrote the report.
   */
  tool: {
    /**
     * Always "claims".
     */
    name: 'claims';
    /**
     * The tool's version.
     */
    version: string;
  };
  /**
   * The verdict policy in force.
   */
  policy: {
    /**
     * Independent supporting voices needed for 'corroborated'.
     */
    corroborationThreshold: number;
    /**
     * Assertions whose quotes cite only URL-only documents count (corroboration.count_unverified).
     */
    countUnverified: boolean;
    /**
     * Aligned parties count as one voice (corroboration.fold_aligned).
     */
    foldAligned: boolean;
  };
  /**
   * Counts over the whole run.
   */
  summary: Summary;
  /**
   * Every claim read, with its verdict, in file order.
   */
  claims: ClaimVerdict[];
  /**
   * Every finding, sorted by file, line and column.
   */
  findings: Finding[];
  /**
   * What --fail-on and --max-warnings decided; present only when one of them was given. The exit code is 1 exactly when passed is false (errors always fail).
   */
  gate?: Gate;
}
/**
 * The CI gate: whether the run passes, and which claims and counts made it fail.
 */
export interface Gate {
  /**
   * False when the run fails the gate (exit 1).
   */
  passed: boolean;
  /**
   * The statuses --fail-on names (empty when it was not given).
   */
  failOn: Status[];
  /**
   * --max-warnings, or null for no limit.
   */
  maxWarnings: number | null;
  /**
   * The claims whose status --fail-on names, in report order.
   */
  failed: {
    /**
     * The claim's id.
     */
    id: string;
    /**
     * Its status, one --fail-on names.
     */
    status: Status;
    /**
     * The file that holds the claim, relative to the project folder.
     */
    file: string;
    /**
     * The line of the claim's entry in that file (1-based).
     */
    line: number;
  }[];
  /**
   * Why the run fails, one sentence each (empty when it passes).
   */
  reasons: string[];
}
/**
 * Counts over the whole run.
 */
export interface Summary {
  /**
   * YAML files read.
   */
  files: number;
  /**
   * Files with at least one error.
   */
  filesWithErrors: number;
  /**
   * Claims read.
   */
  claims: number;
  /**
   * Sources read.
   */
  sources: number;
  /**
   * Documents read.
   */
  documents: number;
  /**
   * Findings of severity error.
   */
  errors: number;
  /**
   * Findings of severity warning.
   */
  warnings: number;
  /**
   * Findings of severity info.
   */
  infos: number;
  /**
   * Quote verification counts.
   */
  quotes: {
    /**
     * Quotes read.
     */
    total: number;
    /**
     * Quotes found in their document's text.
     */
    verified: number;
    /**
     * Quotes not found in their document's text.
     */
    notFound: number;
    /**
     * Quotes whose document has no readable local text.
     */
    unverifiable: number;
  };
  /**
   * Number of claims with each headline status.
   */
  statuses: {
    /**
     * Claims contested.
     */
    contested: number;
    /**
     * Claims corroborated (and not contested).
     */
    corroborated: number;
    /**
     * Claims with one supporting voice.
     */
    'single-source': number;
    /**
     * Claims with more than one but fewer than the threshold of supporting voices.
     */
    'under-corroborated': number;
    /**
     * Claims with only opposing voices.
     */
    denied: number;
    /**
     * Claims with no assertion.
     */
    unsupported: number;
  };
  /**
   * Claims whose verdict is provisional.
   */
  provisional: number;
}
/**
 * One independent voice: a party, or a source without a party.
 */
export interface Voice {
  /**
   * "party:<party>" or "source:<source id>".
   */
  id: string;
  /**
   * The party, or the source's name.
   */
  label: string;
  /**
   * The party, or null for a source without one.
   */
  party: string | null;
  /**
   * Ids of the sources folded into this voice.
   */
  sources: string[];
  /**
   * Ids of the documents quoting this voice.
   */
  documents: string[];
  /**
   * Stances this voice took.
   */
  stances: Stance[];
  /**
   * Every party folded into this voice (more than one when aligned parties are folded).
   */
  parties: string[];
  /**
   * True when the voice rests on at least one proven assertion (always so in support and opposition).
   */
  proven: boolean;
  /**
   * Best reliability among its sources.
   */
  reliability: Reliability;
  /**
   * The figure the voice gives (the span of its proven assertions' values).
   */
  figure?: Figure;
  /**
   * Claims, contradicting this one, whose proven support came into this voice's opposition.
   */
  through?: string[];
}
/**
 * Where a verified quote was found in its document's text.
 */
export interface QuoteMatch {
  /**
   * Document id.
   */
  document: string;
  /**
   * Project-relative path of the text file.
   */
  path: string;
  /**
   * First line of the match (1-based).
   */
  line: Position;
  /**
   * First column of the match (1-based).
   */
  column: Position;
  /**
   * Last line of the match (1-based).
   */
  endLine: Position;
  /**
   * Column just after the last matched character (1-based).
   */
  endColumn: Position;
}
/**
 * A quote as recorded, and the result of verifying it.
 */
export interface ReportQuote {
  /**
   * Document id.
   */
  document: string;
  /**
   * The quote as written in the claim file.
   */
  text: string;
  /**
   * Declared language of the quote.
   */
  lang?: string;
  /**
   * The editor's translation.
   */
  translation?: string;
  /**
   * verified, not-found, or unverifiable (no local text to check).
   */
  verification: 'verified' | 'not-found' | 'unverifiable';
  /**
   * Where the quote was found (verified quotes only).
   */
  match?: QuoteMatch;
  /**
   * Line of the quote text in the claim file.
   */
  line: Position;
  /**
   * Column of the quote text in the claim file.
   */
  column: Position;
}
/**
 * A source's stance on the claim, as counted.
 */
export interface ReportAssertion {
  /**
   * Source id.
   */
  source: string;
  /**
   * Source name.
   */
  sourceName: string;
  /**
   * The source's party, or null.
   */
  party: string | null;
  /**
   * Id of the voice this assertion counts for (empty when the source is unknown).
   */
  voice: string;
  /**
   * The stance taken.
   */
  stance: Stance;
  /**
   * support (asserts, corroborates) or opposition (denies, disputes).
   */
  side: 'support' | 'opposition';
  /**
   * When it was said.
   */
  date?: string;
  /**
   * How it was said.
   */
  channel?: string;
  /**
   * Line of the assertion in the claim file.
   */
  line: Position;
  /**
   * Column of the assertion in the claim file.
   */
  column: Position;
  /**
   * The quotes, verified.
   */
  quotes: ReportQuote[];
  /**
   * True when at least one quote is verified (or unverifiable on a URL-only document, with countUnverified): only then does it add a voice.
   */
  proven: boolean;
  /**
   * Why the assertion is not proven.
   */
  unproven?: string;
  /**
   * Outlets that passed the words on, nearest the speaker first.
   */
  via?: string[];
  /**
   * The figure the source gives.
   */
  value?: Figure;
  /**
   * A proven supporting assertion from a party the claim does not favour.
   */
  againstInterest?: boolean;
  /**
   * The source's reliability grade.
   */
  reliability: Reliability;
  /**
   * The editor's notes on the assertion.
   */
  notes?: string;
  /**
   * The editor's notes on the source.
   */
  sourceNotes?: string;
}
/**
 * A claim and its verdict.
 */
export interface ClaimVerdict {
  /**
   * Claim id.
   */
  id: string;
  /**
   * The proposition.
   */
  statement: string;
  /**
   * Project-relative path of the claim file.
   */
  file: string;
  /**
   * Line of the claim's id.
   */
  line: Position;
  /**
   * Column of the claim's id.
   */
  column: Position;
  /**
   * Date of the event.
   */
  eventDate?: string;
  /**
   * Places the claim is about.
   */
  places: string[];
  /**
   * Headline status.
   */
  status: Status;
  /**
   * At least one supporting and one opposing voice.
   */
  contested: boolean;
  /**
   * At least the threshold of independent supporting voices.
   */
  corroborated: boolean;
  /**
   * False when schema errors inside the claim meant part of it could not be read; the verdict then counts only what could.
   */
  complete: boolean;
  /**
   * True when the claim, its assertions, their sources, documents or quotes carry an error: the verdict may change once they are fixed.
   */
  provisional: boolean;
  /**
   * The errors that make the verdict provisional (rule id and position).
   */
  provisionalBecause: string[];
  /**
   * The verdict's flags, in a fixed order.
   */
  flags: Flag[];
  /**
   * Admiralty information credibility from the proven voices: 1 confirmed … 6 cannot be judged (table in the README).
   */
  credibility: Credibility;
  /**
   * Best reliability among the proven supporting voices, then the credibility, e.g. B2.
   */
  grade: string;
  /**
   * Parties the claim is in the interest of.
   */
  favours?: string[];
  /**
   * Claims that cannot be true together with this one, as written on this claim.
   */
  contradicts?: string[];
  /**
   * The claim's quantity, and the figures proven voices give.
   */
  figures?: ClaimFigures;
  /**
   * The editor's notes on the claim.
   */
  notes?: string;
  /**
   * Supporting voices that count (proven).
   */
  support: Voice[];
  /**
   * Opposing voices that count (proven), including proven support of contradicting claims.
   */
  opposition: Voice[];
  /**
   * Voices whose assertions on a side are all unproven: they do not count.
   */
  unproven: {
    /**
     * Unproven supporting voices.
     */
    support: Voice[];
    /**
     * Unproven opposing voices.
     */
    opposition: Voice[];
  };
  /**
   * Which assertions were folded into one voice, and why.
   */
  folded: string[];
  /**
   * The verdict in one or two sentences.
   */
  explanation: string;
  /**
   * Every assertion on the claim.
   */
  assertions: ReportAssertion[];
}
/**
 * A problem found in the input.
 */
export interface Finding {
  /**
   * Stable rule id, such as schema/enum or quote/not-found.
   */
  ruleId: string;
  /**
   * error, warning or info.
   */
  severity: Severity;
  /**
   * Project-relative path, with forward slashes.
   */
  file: string;
  /**
   * First line (1-based).
   */
  line: Position;
  /**
   * First column (1-based).
   */
  column: Position;
  /**
   * Last line (1-based).
   */
  endLine: Position;
  /**
   * Column after the end (1-based).
   */
  endColumn: Position;
  /**
   * What is wrong and how to fix it.
   */
  message: string;
  /**
   * The claim the finding belongs to.
   */
  claimId?: string;
}
/**
 * A figure: low and high are equal for a single number.
 */
export interface Figure {
  /**
   * Lowest figure.
   */
  low: number;
  /**
   * Highest figure.
   */
  high: number;
}
/**
 * The claim's quantity, and the figures proven voices give.
 */
export interface ClaimFigures {
  /**
   * What is counted.
   */
  what: string;
  /**
   * The unit.
   */
  unit: string;
  /**
   * Lowest figure given by a proven voice.
   */
  low?: number;
  /**
   * Highest figure given by a proven voice.
   */
  high?: number;
  /**
   * Proven voices give figures that do not overlap.
   */
  disputed: boolean;
}
