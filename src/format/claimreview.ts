import type { Claim, ClaimReview, CreativeWork, Organization, Person, Rating, WithContext } from 'schema-dts';
import type { ClaimVerdict, DocumentEntity, Report, ReportAssertion, SourceEntity, Status } from '../report/types.js';
import type { PublishSettings } from '../config/publish.js';
import { byCodeUnits, commandFreeJson, safeJson } from '../util/text.js';
import type { FormatOptions, Formatter } from './types.js';

export type { PublishSettings } from '../config/publish.js';

/** What `--format claimreview` needs beyond the report: set by the CLI only when that format is asked for. */
export interface ClaimReviewOptions {
  publish: PublishSettings;
  /** The corpus's sources and documents: who the claimants are (person or organisation, role) and where they spoke. */
  sources: ReadonlyMap<string, SourceEntity>;
  documents: ReadonlyMap<string, DocumentEntity>;
  /** --claims: only these claims (in this order of the report). */
  claims?: readonly string[];
  /** --status: only claims with one of these statuses. */
  statuses?: readonly Status[];
  /** --allow-provisional: include provisional verdicts, marked as such. */
  allowProvisional: boolean;
}

/** Google shows the first 75 characters of claimReviewed. */
export const CLAIM_REVIEWED_DISPLAY_LIMIT = 75;

/** Which claims of the selection are exported, which are left out as provisional, and which ids name no claim. */
export interface ReviewPlan {
  reviewed: ClaimVerdict[];
  provisional: ClaimVerdict[];
  unknown: string[];
}

export function planReviews(report: Report, o: Pick<ClaimReviewOptions, 'claims' | 'statuses' | 'allowProvisional'>): ReviewPlan {
  const wanted = o.claims && new Set(o.claims);
  const selected = report.claims.filter((c) => (!wanted || wanted.has(c.id)) && (!o.statuses || o.statuses.includes(c.status)));
  const known = new Set(report.claims.map((c) => c.id));
  return {
    reviewed: selected.filter((c) => o.allowProvisional || !c.provisional),
    provisional: o.allowProvisional ? [] : selected.filter((c) => c.provisional),
    unknown: (o.claims ?? []).filter((id) => !known.has(id)),
  };
}

/**
 * What the export tells its user on stderr: provisional verdicts left out (they can change once their errors are
 * fixed, and a published fact check should not), and statements longer than Google displays. Warnings only: they
 * never change the exit code, which stays that of the check.
 */
export function claimReviewNotes(plan: ReviewPlan): string[] {
  const notes = plan.provisional.map((c) => `note: ${c.id} is left out of the ClaimReview export: its verdict is provisional (${c.provisionalBecause[0] ?? 'errors in what it rests on'}${c.provisionalBecause.length > 1 ? `, and ${c.provisionalBecause.length - 1} more` : ''}). Fix the errors, or pass --allow-provisional to include it marked "Provisional".`);
  for (const c of plan.reviewed) {
    const n = [...c.statement].length;
    if (n > CLAIM_REVIEWED_DISPLAY_LIMIT) notes.push(`warning: ${c.file}:${c.line}:${c.column}: ${c.id}: the statement is ${n} characters; Google shows the first ${CLAIM_REVIEWED_DISPLAY_LIMIT} of claimReviewed. A shorter statement reads whole in search results.`);
  }
  return notes;
}

const voices = (n: number, what = 'voice') => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * The textual rating: what the evidence says, never "True" or "False" (the ledger weighs who says what, not what
 * happened), short enough to show in search results.
 */
export function verdictName(c: ClaimVerdict, threshold: number): string {
  const s = c.support.length;
  const o = c.opposition.length;
  const byStatus: Record<Status, string> = {
    contested: c.corroborated ? `Contested: corroborated by ${voices(s, 'independent voice')}, opposed by ${o}` : `Contested: ${voices(s)} for, ${o} against`,
    corroborated: `Corroborated by ${voices(s, 'independent voice')}`,
    'single-source': c.flags.includes('against-interest') ? 'Single source, against its own interest' : 'Single source, not corroborated',
    'under-corroborated': `Not corroborated: ${s} of ${threshold} independent voices`,
    denied: `Denied by ${voices(o)}, no proven support`,
    unsupported: 'Unsupported: no proven voice',
  };
  const text = `${byStatus[c.status]}${c.flags.includes('figure-disputed') ? '; figures disputed' : ''}`;
  return c.provisional ? `Provisional: ${text}` : text;
}

/** The Admiralty grade as a number from worst (1) to best (6): credibility 1 (confirmed) is 6. */
export const ratingValueOf = (c: ClaimVerdict): number => 7 - c.credibility;

function ratingExplanation(c: ClaimVerdict): string {
  const grade = `Grade ${c.grade}: source reliability ${c.grade.slice(0, 1)} (A completely reliable to F cannot be judged), information credibility ${c.credibility} (1 confirmed to 6 cannot be judged); the rating value is 7 minus the credibility.`;
  const provisional = c.provisional ? ` Provisional: this verdict rests on input with errors (${c.provisionalBecause.slice(0, 3).join('; ')}${c.provisionalBecause.length > 3 ? '; …' : ''}) and may change.` : '';
  return `${c.explanation} ${grade}${provisional}`;
}

/** Only web addresses are published: a javascript: or file: URL in a documents file never becomes a link. */
const webUrl = (url: string | undefined): string | undefined => (url !== undefined && /^https?:\/\/[^\s]+$/i.test(url) ? url : undefined);

/** A source as the claim's author: a person (with the role as job title) or an organisation. */
function claimant(a: ReportAssertion, source: SourceEntity | undefined): Person | Organization {
  const person = source?.kind === 'person' || (source?.kind === undefined && source?.role !== undefined);
  if (person) return { '@type': 'Person', name: a.sourceName, ...(source?.role !== undefined && { jobTitle: source.role }) };
  return { '@type': 'Organization', name: a.sourceName, ...(source?.role !== undefined && { description: source.role }) };
}

function appearanceOf(d: DocumentEntity): CreativeWork {
  const url = webUrl(d.url);
  return {
    '@type': 'CreativeWork',
    ...(url !== undefined && { url }),
    ...(d.title !== undefined && { headline: d.title }),
    ...(d.publisher !== undefined && d.publisher !== 'unknown' && { publisher: { '@type': 'Organization', name: d.publisher } }),
    ...(d.published !== undefined && { datePublished: d.published }),
    ...(d.language !== undefined && { inLanguage: d.language }),
  };
}

/**
 * Who made the claim: the sources whose proven assertions state it (stance asserts); failing that, every source
 * that asserts it, then every proven supporting source.
 */
function claimantsOf(c: ClaimVerdict): ReportAssertion[] {
  const tiers = [c.assertions.filter((a) => a.stance === 'asserts' && a.proven), c.assertions.filter((a) => a.stance === 'asserts'), c.assertions.filter((a) => a.side === 'support' && a.proven)];
  const chosen = tiers.find((t) => t.length > 0) ?? [];
  return chosen.filter((a, i) => chosen.findIndex((b) => b.source === a.source) === i);
}

const one = <T>(xs: T[]): T | T[] | undefined => (xs.length === 0 ? undefined : xs.length === 1 ? xs[0] : xs);

function itemReviewed(c: ClaimVerdict, o: ClaimReviewOptions): Claim {
  const by = claimantsOf(c);
  const authors = by.map((a) => claimant(a, o.sources.get(a.source)));
  const docIds = [...new Set(by.flatMap((a) => a.quotes.map((q) => q.document)))];
  const docs = docIds.flatMap((id) => {
    const d = o.documents.get(id);
    return d ? [d] : [];
  });
  // The earliest dated document first; undated ones keep their order after the dated ones.
  const ordered = docs.map((d, i) => ({ d, i })).sort((x, y) => byCodeUnits(x.d.published ?? '\uffff', y.d.published ?? '\uffff') || x.i - y.i).map((x) => x.d);
  const [first, ...rest] = ordered;
  const dates = by.flatMap((a) => (a.date !== undefined ? [a.date] : [])).sort();
  const date = dates[0] ?? first?.published;
  const author = one(authors);
  return {
    '@type': 'Claim',
    ...(author !== undefined && { author }),
    ...(date !== undefined && { datePublished: date }),
    ...(first && { firstAppearance: appearanceOf(first) }),
    ...(rest.length > 0 && { appearance: rest.map(appearanceOf) }),
  };
}

/** The review's page: base_url followed by the claim's id. */
export function reviewUrl(baseUrl: string, id: string): string {
  return `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${encodeURIComponent(id)}`;
}

export function claimReviewOf(c: ClaimVerdict, report: Report, o: ClaimReviewOptions, date: string): WithContext<ClaimReview> {
  const rating: Rating = {
    '@type': 'Rating',
    alternateName: verdictName(c, report.policy.corroborationThreshold),
    ratingValue: ratingValueOf(c),
    bestRating: 6,
    worstRating: 1,
    ratingExplanation: ratingExplanation(c),
  };
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: reviewUrl(o.publish.baseUrl, c.id),
    claimReviewed: c.statement,
    author: { '@type': 'Organization', name: o.publish.organization.name, url: o.publish.organization.url },
    datePublished: date,
    reviewRating: rating,
    itemReviewed: itemReviewed(c, o),
  };
}

/** Characters that would let text end the <script type="application/ld+json"> element the export is pasted into. */
const HTML_SENSITIVE = /[<>&]/g;

/** schema.org ClaimReview JSON-LD, one per claim with a final verdict (or provisional ones, marked, when allowed). */
export const formatClaimReview: Formatter = (report: Report, options: FormatOptions) => {
  const o = options.claimReview;
  if (!o) throw new Error('the claimreview format needs its options (publish settings, sources and documents)');
  const date = o.publish.datePublished ?? (options.timestamp ?? new Date(0)).toISOString().slice(0, 10);
  const reviews = planReviews(report, o).reviewed.map((c) => claimReviewOf(c, report, o, date));
  const json = safeJson(reviews).replace(HTML_SENSITIVE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${commandFreeJson(json)}\n`;
};
