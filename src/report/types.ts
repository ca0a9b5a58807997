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

export interface AssertionEntity {
  source: string;
  stance: Stance;
  date?: string;
  channel?: string;
  quotes: QuoteEntity[];
  loc: Loc;
  sourceLoc: Loc;
  dateLoc?: Loc;
}

export interface ClaimEntity {
  id: string;
  statement: string;
  eventDate?: string;
  places: string[];
  tags: string[];
  assertions: AssertionEntity[];
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
  line: number;
  column: number;
  quotes: ReportQuote[];
}

export interface Voice {
  /** "party:taliban" or "source:raz-mohammad". */
  id: string;
  label: string;
  party: string | null;
  sources: string[];
  documents: string[];
  stances: Stance[];
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
  support: Voice[];
  opposition: Voice[];
  /** Sentences saying which assertions were folded into one voice, and why. */
  folded: string[];
  explanation: string;
  assertions: ReportAssertion[];
}

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
}

export interface Report {
  reportVersion: '1.0';
  tool: { name: 'claims'; version: string };
  policy: { corroborationThreshold: number };
  summary: Summary;
  claims: ClaimVerdict[];
  findings: Finding[];
}
