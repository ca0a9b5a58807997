// The data model shared by every stage. The JSON report (schemas/report.schema.json) is `Report` as written.

export type Severity = 'error' | 'warning' | 'info';

/** A 1-based position range in a file. */
export interface Loc {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Finding extends Loc {
  ruleId: string;
  severity: Severity;
  /** Path relative to the project folder, with forward slashes. */
  file: string;
  message: string;
  /** The claim the finding belongs to, when there is one. */
  claimId?: string;
}

export type FileKind = 'sources' | 'documents' | 'claims';

export const STANCES = ['asserts', 'corroborates', 'denies', 'disputes'] as const;
export type Stance = (typeof STANCES)[number];
export const SUPPORTING: readonly Stance[] = ['asserts', 'corroborates'];

export interface SourceEntity {
  id: string;
  name: string;
  role?: string;
  kind?: string;
  party?: string;
  anonymous: boolean;
  reliability?: string;
  relays?: string;
  /** An outlet whose own reporter saw what it reports (kind: outlet). */
  witness?: boolean;
  notes?: string;
  file: string;
  loc: Loc;
  partyLoc?: Loc;
  relaysLoc?: Loc;
}

export interface DocumentEntity {
  id: string;
  title?: string;
  path?: string;
  url?: string;
  publisher?: string;
  origin?: string;
  language?: string;
  published?: string;
  translationOf?: string;
  translationMethod?: string;
  republicationOf?: string;
  sha256?: string;
  file: string;
  loc: Loc;
  pathLoc?: Loc;
  sha256Loc?: Loc;
  translationOfLoc?: Loc;
  republicationOfLoc?: Loc;
}

export interface QuoteEntity {
  document: string;
  text: string;
  lang?: string;
  translation?: string;
  loc: Loc;
  documentLoc: Loc;
}

/** A figure as a source gives it: one number, or a range. */
export interface Figure {
  low: number;
  high: number;
}

export interface AssertionEntity {
  source: string;
  /** The stance as written; when `badStance` is set it is not one of STANCES and the assertion counts for nothing. */
  stance: Stance;
  badStance?: boolean;
  date?: string;
  channel?: string;
  quotes: QuoteEntity[];
  /** Outlets that passed the words on, nearest the speaker first. */
  via: string[];
  viaLocs: Loc[];
  /** The figure this source gives for the claim's quantity. */
  value?: Figure;
  valueLoc?: Loc;
  notes?: string;
  loc: Loc;
  sourceLoc: Loc;
  dateLoc?: Loc;
}

/** What a claim's figures count. */
export interface Quantity {
  what: string;
  unit: string;
}

export interface ClaimEntity {
  id: string;
  statement: string;
  eventDate?: string;
  places: string[];
  tags: string[];
  assertions: AssertionEntity[];
  /** Parties the claim is in the interest of. */
  favours: string[];
  favoursLocs: Loc[];
  quantity?: Quantity;
  /** Ids of claims that cannot be true together with this one. */
  contradicts: string[];
  contradictsLocs: Loc[];
  notes?: string;
  file: string;
  loc: Loc;
  /** False when schema errors inside the claim meant some of it could not be read. */
  complete: boolean;
}

/** What one file contributes, computed from its text alone (so it can be cached or computed in a worker). */
export interface FileResult {
  file: string;
  kind?: FileKind;
  /** True when the file could be read and parsed as YAML. */
  loaded: boolean;
  sha256?: string;
  sources: SourceEntity[];
  documents: DocumentEntity[];
  claims: ClaimEntity[];
  findings: Finding[];
}

export type Status = 'contested' | 'corroborated' | 'single-source' | 'under-corroborated' | 'denied' | 'unsupported';
export const STATUSES: readonly Status[] = ['contested', 'corroborated', 'single-source', 'under-corroborated', 'denied', 'unsupported'];

/** Each status as a reader sees it at the start of a sentence or on a badge. */
export const STATUS_LABEL: Readonly<Record<Status, string>> = {
  contested: 'Contested',
  corroborated: 'Corroborated',
  'single-source': 'Single source',
  'under-corroborated': 'Under-corroborated',
  denied: 'Denied',
  unsupported: 'Unsupported',
};

export interface QuoteMatch {
  document: string;
  /** Project-relative path of the text file the quote was found in. */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ReportQuote {
  document: string;
  text: string;
  lang?: string;
  translation?: string;
  /** verified: found in the document's text; not-found; unverifiable: no local text to check against. */
  verification: 'verified' | 'not-found' | 'unverifiable';
  match?: QuoteMatch;
  line: number;
  column: number;
}

export interface ReportAssertion {
  source: string;
  sourceName: string;
  party: string | null;
  voice: string;
  stance: Stance;
  side: 'support' | 'opposition';
  date?: string;
  channel?: string;
  /** True when at least one quote is verified (or, with count_unverified, unverifiable): only then does it add a voice. */
  proven: boolean;
  /** Why it is not proven. */
  unproven?: string;
  via?: string[];
  value?: Figure;
  /** A proven supporting assertion from a party the claim does not favour. */
  againstInterest?: boolean;
  /** The source's Admiralty reliability grade (F when not given). */
  reliability: Reliability;
  notes?: string;
  sourceNotes?: string;
  line: number;
  column: number;
  quotes: ReportQuote[];
}

export const RELIABILITIES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type Reliability = (typeof RELIABILITIES)[number];

export interface Voice {
  /** "party:taliban" or "source:raz-mohammad". */
  id: string;
  label: string;
  party: string | null;
  /** Every party folded into this voice (more than one when aligned parties are folded together). */
  parties: string[];
  sources: string[];
  documents: string[];
  stances: Stance[];
  /** True when it rests on at least one proven assertion. */
  proven: boolean;
  /** The best reliability grade among its sources. */
  reliability: Reliability;
  /** The figure it gives (the span of its assertions' values). */
  figure?: Figure;
  /** Claims whose support came through `contradicts` into this voice's opposition. */
  through?: string[];
}

export const FLAGS = ['contested', 'corroborated', 'against-interest', 'figure-disputed', 'provisional'] as const;
export type Flag = (typeof FLAGS)[number];

export interface ClaimFigures extends Quantity {
  /** Lowest and highest figure given by proven voices (as UCDP GED records low and high). */
  low?: number;
  high?: number;
  /** Proven voices give figures that do not overlap. */
  disputed: boolean;
}

export interface ClaimVerdict {
  id: string;
  statement: string;
  file: string;
  line: number;
  column: number;
  eventDate?: string;
  places: string[];
  status: Status;
  contested: boolean;
  corroborated: boolean;
  complete: boolean;
  /** True unless the claim, its assertions, their sources, documents and quotes carry no error. */
  provisional: boolean;
  /** The errors that make the verdict provisional ("quote/not-found at claims/x.yaml:12:13"). */
  provisionalBecause: string[];
  flags: Flag[];
  /** Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged). */
  credibility: Credibility;
  /** Best reliability among proven supporting voices, then credibility: "B2". */
  grade: string;
  favours?: string[];
  contradicts?: string[];
  figures?: ClaimFigures;
  notes?: string;
  support: Voice[];
  opposition: Voice[];
  /** Voices whose assertions are all unproven: they do not count. */
  unproven: { support: Voice[]; opposition: Voice[] };
  /** Sentences saying which assertions were folded into one voice, and why. */
  folded: string[];
  explanation: string;
  assertions: ReportAssertion[];
}

export type Credibility = 1 | 2 | 3 | 4 | 5 | 6;

export interface Summary {
  files: number;
  filesWithErrors: number;
  claims: number;
  sources: number;
  documents: number;
  errors: number;
  warnings: number;
  infos: number;
  quotes: { total: number; verified: number; notFound: number; unverifiable: number };
  statuses: Record<Status, number>;
  /** Claims whose verdict is provisional. */
  provisional: number;
}

export interface Report {
  reportVersion: '2.0';
  tool: { name: 'claims'; version: string };
  policy: { corroborationThreshold: number; countUnverified: boolean; foldAligned: boolean };
  summary: Summary;
  claims: ClaimVerdict[];
  findings: Finding[];
  /** What --fail-on and --max-warnings decided, when either was given (src/report/gate.ts). */
  gate?: Gate;
}

/** The CI gate: whether the run passes, and which claims and counts made it fail. */
export interface Gate {
  passed: boolean;
  /** The statuses --fail-on names (empty when it was not given). */
  failOn: Status[];
  /** --max-warnings, or null when there is no limit. */
  maxWarnings: number | null;
  /** The claims whose status --fail-on names, in report order. */
  failed: Array<{ id: string; status: Status; file: string; line: number }>;
  /** Why the run fails, one sentence each (empty when it passes). */
  reasons: string[];
}
