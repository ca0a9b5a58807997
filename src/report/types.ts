// The data model shared by every stage. The JSON report's types are generated from its schema
// (schemas/report.schema.json, the contract) into report.generated.ts (`npm run gen:types`) and re-exported
// here, where every stage imports them. The report built in memory is the JSON report, field for field: a field
// only the pipeline needs would be declared here as an intersection with the generated type, never added to the
// schema's types. This file adds what the report does not carry: the entities read from YAML, a file's
// result, positions, and the constants that list the report's unions, each checked against the generated union.

import type { Figure, Finding, Flag, Reliability, Stance, Status } from './report.generated.js';

export type {
  ClaimFigures,
  ClaimVerdict,
  Credibility,
  Figure,
  Finding,
  Flag,
  Gate,
  QuoteMatch,
  Reliability,
  Report,
  ReportAssertion,
  ReportQuote,
  Severity,
  Stance,
  Status,
  Summary,
  Voice,
} from './report.generated.js';

/**
 * Lists every member of a union U, checked when compiling: a value U does not have, or a member the list
 * leaves out, is a type error (the latter names the missing members). The list keeps its literal types and order.
 */
function membersOf<U extends string | number>() {
  return <const L extends readonly U[]>(list: L & ([Exclude<U, L[number]>] extends [never] ? unknown : { missing: Exclude<U, L[number]> })): L => list;
}

/** A 1-based position range in a file. */
export interface Loc {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type FileKind = 'sources' | 'documents' | 'claims';

/** Every stance, in the schema's order. */
export const STANCES = membersOf<Stance>()(['asserts', 'corroborates', 'denies', 'disputes']);
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

/** Every status, in order of precedence (the first that applies is the headline). */
export const STATUSES = membersOf<Status>()(['contested', 'corroborated', 'single-source', 'under-corroborated', 'denied', 'unsupported']);

/** Each status as a reader sees it at the start of a sentence or on a badge. */
export const STATUS_LABEL: Readonly<Record<Status, string>> = {
  contested: 'Contested',
  corroborated: 'Corroborated',
  'single-source': 'Single source',
  'under-corroborated': 'Under-corroborated',
  denied: 'Denied',
  unsupported: 'Unsupported',
};

/** Every Admiralty reliability grade, best first. */
export const RELIABILITIES = membersOf<Reliability>()(['A', 'B', 'C', 'D', 'E', 'F']);

/** Every verdict flag, in the fixed order a verdict lists them. */
export const FLAGS = membersOf<Flag>()(['contested', 'corroborated', 'against-interest', 'figure-disputed', 'provisional']);
