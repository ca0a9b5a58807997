// What a change does to the verdicts: two reports (before and after) in, the differences out. Pure: the git and
// check work that makes the two reports is in src/cli/diff.ts and src/diff/git.ts.
import type { ClaimVerdict, Finding, Flag, ReportAssertion, ReportQuote, Status, Voice } from '../report/types.js';

// What a comparison reads of a report: a full Report is one, and so is the slim copy the cache keeps of a
// revision's report (see slimReport), which is a tenth of its size.
export type DiffVoice = Pick<Voice, 'id' | 'label' | 'through'>;
export interface DiffAssertion extends Pick<ReportAssertion, 'source' | 'sourceName' | 'party' | 'voice' | 'stance' | 'side' | 'proven' | 'unproven'> {
  quotes: ReadonlyArray<Pick<ReportQuote, 'document' | 'verification'>>;
}
export interface DiffClaim extends Pick<ClaimVerdict, 'id' | 'statement' | 'file' | 'line' | 'column' | 'status' | 'grade' | 'provisional' | 'provisionalBecause' | 'flags'> {
  support: readonly DiffVoice[];
  opposition: readonly DiffVoice[];
  unproven: { support: readonly DiffVoice[]; opposition: readonly DiffVoice[] };
  assertions: readonly DiffAssertion[];
}
export interface DiffReport {
  tool: { version: string };
  claims: readonly DiffClaim[];
  findings: readonly Finding[];
}

const slimVoice = (v: DiffVoice): DiffVoice => ({ id: v.id, label: v.label, ...(v.through && v.through.length > 0 && { through: v.through }) });

/** The part of a report that a comparison reads. */
export function slimReport(r: DiffReport): DiffReport {
  return {
    tool: { version: r.tool.version },
    findings: r.findings,
    claims: r.claims.map((c) => ({
      id: c.id,
      statement: c.statement,
      file: c.file,
      line: c.line,
      column: c.column,
      status: c.status,
      grade: c.grade,
      provisional: c.provisional,
      provisionalBecause: c.provisionalBecause,
      flags: c.flags,
      support: c.support.map(slimVoice),
      opposition: c.opposition.map(slimVoice),
      unproven: { support: c.unproven.support.map(slimVoice), opposition: c.unproven.opposition.map(slimVoice) },
      assertions: c.assertions.map((a) => ({
        source: a.source,
        sourceName: a.sourceName,
        party: a.party,
        voice: a.voice,
        stance: a.stance,
        side: a.side,
        proven: a.proven,
        ...(a.unproven !== undefined && { unproven: a.unproven }),
        quotes: a.quotes.map((q) => ({ document: q.document, verification: q.verification })),
      })),
    })),
  };
}

/** A slim report read back from the cache, or undefined when it is not one (damaged, or of another shape). */
export function asDiffReport(value: unknown): DiffReport | undefined {
  const r = value as DiffReport | null;
  if (typeof r !== 'object' || r === null || typeof r.tool?.version !== 'string' || !Array.isArray(r.claims) || !Array.isArray(r.findings)) return undefined;
  const ok = r.claims.every((c) => typeof c?.id === 'string' && typeof c.status === 'string' && typeof c.grade === 'string' && Array.isArray(c.flags) && Array.isArray(c.support) && Array.isArray(c.opposition) && Array.isArray(c.unproven?.support) && Array.isArray(c.unproven?.opposition) && Array.isArray(c.assertions) && Array.isArray(c.provisionalBecause));
  return ok && r.findings.every((f) => typeof f?.ruleId === 'string' && typeof f.file === 'string' && typeof f.message === 'string') ? r : undefined;
}

/** Every kind of change, as --fail-on names them. */
export const CHANGE_KINDS = [
  'claim-added',
  'claim-removed',
  'status-lowered',
  'status-raised',
  'flag-added',
  'flag-removed',
  'grade-lowered',
  'grade-raised',
  'became-provisional',
  'became-final',
  'voice-gained',
  'voice-lost',
  'new-errors',
  'new-warnings',
  'fixed-findings',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * How firmly a claim can be stated, best first: corroborated, then one voice for and none against, then several
 * voices for that are too few (under the threshold they are folded below it), then contested, denied, unsupported.
 * A status that moves down this list is lowered.
 */
export const STATUS_STRENGTH: readonly Status[] = ['corroborated', 'single-source', 'under-corroborated', 'contested', 'denied', 'unsupported'];

/** Why a voice was gained or lost. */
export type ReasonKind =
  | 'assertion-added'
  | 'assertion-removed'
  | 'quote-verified'
  | 'quote-failed'
  | 'party-changed'
  | 'relay-added'
  | 'relay-removed'
  | 'stance-changed'
  | 'contradiction'
  | 'other';

export interface VoiceReason {
  kind: ReasonKind;
  /** The source whose assertion changed, when there is one. */
  source?: string;
  message: string;
}

export interface VoiceChange {
  side: 'support' | 'opposition';
  /** The voice's id ("party:taliban", "source:raz-mohammad"). */
  voice: string;
  label: string;
  reasons: VoiceReason[];
}

export interface ClaimChange {
  id: string;
  statement: string;
  /** Where the claim is: after the change, or before it for a removed claim. */
  file: string;
  line: number;
  column: number;
  change: 'added' | 'removed' | 'changed';
  /** The status before and after (after only, for an added claim; before only, for a removed one). */
  status: { from?: Status; to?: Status };
  grade: { from?: string; to?: string };
  provisional: { from?: boolean; to?: boolean };
  flags: { added: Flag[]; removed: Flag[] };
  voices: { gained: VoiceChange[]; lost: VoiceChange[] };
  /** The errors that make the verdict provisional now, when it became provisional. */
  provisionalBecause?: string[];
  kinds: ChangeKind[];
}

export interface FindingChanges {
  /** Findings after the change that were not there before. */
  added: Finding[];
  /** Findings before the change that are gone. */
  fixed: Finding[];
}

export interface ReportDiff {
  diffVersion: '1.0';
  tool: { name: 'claims'; version: string };
  /** What was compared: the revision before, and the revision after (or the working tree). */
  from: Side;
  to: Side;
  summary: {
    claimsBefore: number;
    claimsAfter: number;
    changedClaims: number;
    newErrors: number;
    newWarnings: number;
    fixedFindings: number;
    kinds: Partial<Record<ChangeKind, number>>;
  };
  claims: ClaimChange[];
  findings: FindingChanges;
}

/** One side of a comparison: a revision as given and the commit it names, or the working tree. */
export interface Side {
  rev: string;
  commit?: string;
}

export interface CompareOptions {
  from: Side;
  to: Side;
  /** Files renamed by the change, old name to new name: their findings are compared under the new name. */
  renames?: ReadonlyMap<string, string>;
}

const strength = (s: Status) => STATUS_STRENGTH.indexOf(s);

/** Admiralty grade "B2" as [credibility, reliability]: the claim's information credibility counts first. */
function gradeRank(g: string): [number, number] {
  const reliability = 'ABCDEF'.indexOf(g.charAt(0));
  const credibility = Number(g.slice(1));
  return [Number.isFinite(credibility) ? credibility : 6, reliability === -1 ? 5 : reliability];
}

/** Below zero when `b` is a worse grade than `a`, above zero when better. */
function gradeMove(a: string, b: string): number {
  const [ca, ra] = gradeRank(a);
  const [cb, rb] = gradeRank(b);
  return ca !== cb ? ca - cb : ra - rb;
}

const voicesOf = (c: DiffClaim, side: 'support' | 'opposition'): readonly DiffVoice[] => c[side];

/** The assertions of a claim that count toward one voice on one side (proven or not). */
const assertionsOf = (c: DiffClaim, voice: string, side: 'support' | 'opposition') => c.assertions.filter((a) => a.voice === voice && a.side === side);

/**
 * Pair the assertions of a claim before and after: same source and stance first (in order), then same source.
 * Unpaired ones were added or removed.
 */
function pairAssertions(before: readonly DiffAssertion[], after: readonly DiffAssertion[]): Map<DiffAssertion, DiffAssertion | undefined> & { added: DiffAssertion[] } {
  const pairs = new Map<DiffAssertion, DiffAssertion | undefined>() as Map<DiffAssertion, DiffAssertion | undefined> & { added: DiffAssertion[] };
  const taken = new Set<DiffAssertion>();
  for (const exact of [true, false]) {
    for (const a of before) {
      if (pairs.get(a) !== undefined) continue;
      const b = after.find((x) => !taken.has(x) && x.source === a.source && (!exact || x.stance === a.stance));
      if (b !== undefined) {
        pairs.set(a, b);
        taken.add(b);
      }
    }
  }
  for (const a of before) if (!pairs.has(a)) pairs.set(a, undefined);
  pairs.added = after.filter((b) => !taken.has(b));
  return pairs;
}

const quoted = (s: string) => `"${s}"`;
const who = (a: DiffAssertion) => quoted(a.sourceName || a.source);

/** Why an assertion that counted for `voice` before no longer does (`b` is the same assertion after, if any). */
function whyLost(a: DiffAssertion, b: DiffAssertion | undefined, voice: string, label: (voice: string) => string): VoiceReason {
  const source = a.source;
  if (b === undefined) return { kind: 'assertion-removed', source, message: `the assertion by ${who(a)} was removed` };
  if (b.side !== a.side) return { kind: 'stance-changed', source, message: `${who(a)} now ${b.stance} instead of ${a.stance}` };
  if (b.voice !== voice) return voiceMoved(a, b, label);
  if (a.proven && !b.proven) {
    const failed = a.quotes.find((q, i) => q.verification === 'verified' && b.quotes[i]?.verification !== 'verified');
    if (failed) return { kind: 'quote-failed', source, message: `the quote of ${who(a)} in ${quoted(failed.document)} is no longer found in its text` };
    return { kind: 'quote-failed', source, message: `the assertion by ${who(a)} is no longer proven${b.unproven ? `: ${b.unproven}` : ''}` };
  }
  return { kind: 'other', source, message: `the assertion by ${who(a)} changed` };
}

/** Why an assertion counts for `voice` now that did not before (`a` is the same assertion before, if any). */
function whyGained(b: DiffAssertion, a: DiffAssertion | undefined, voice: string, label: (voice: string) => string): VoiceReason {
  const source = b.source;
  if (a === undefined) return { kind: 'assertion-added', source, message: `a new assertion by ${who(b)} with a verified quote` };
  if (a.side !== b.side) return { kind: 'stance-changed', source, message: `${who(b)} now ${b.stance} instead of ${a.stance}` };
  if (a.voice !== voice) return voiceMoved(a, b, label);
  if (!a.proven && b.proven) {
    const found = b.quotes.find((q, i) => q.verification === 'verified' && a.quotes[i]?.verification !== 'verified');
    return { kind: 'quote-verified', source, message: `a quote of ${who(b)}${found ? ` in ${quoted(found.document)}` : ''} is now found in its text` };
  }
  return { kind: 'other', source, message: `the assertion by ${who(b)} changed` };
}

/** True when an assertion counts as its own source's voice (its party, or itself), not one it relays. */
const ownVoice = (a: DiffAssertion) => (a.party === null ? a.voice === `source:${a.source}` : a.voice.startsWith('party:'));

/** The same assertion counts for another voice: its source's party changed, or it relays someone else now (or no longer). */
function voiceMoved(a: DiffAssertion, b: DiffAssertion, label: (voice: string) => string): VoiceReason {
  const source = a.source;
  if (a.party !== b.party) {
    const party = (p: string | null) => (p === null ? 'no party' : `party ${quoted(p)}`);
    return { kind: 'party-changed', source, message: `the source ${who(a)} changed from ${party(a.party)} to ${party(b.party)}` };
  }
  if (ownVoice(a) && !ownVoice(b)) return { kind: 'relay-added', source, message: `${who(b)} now only relays another source, so it counts as the voice ${quoted(label(b.voice))}` };
  if (!ownVoice(a) && ownVoice(b)) return { kind: 'relay-removed', source, message: `${who(b)} no longer relays ${quoted(label(a.voice))}, so it counts as a voice of its own` };
  return { kind: 'other', source, message: `${who(b)} now counts as the voice ${quoted(label(b.voice))} instead of ${quoted(label(a.voice))}` };
}

/** Reasons, each said once. */
function unique(reasons: VoiceReason[]): VoiceReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => !seen.has(r.message) && (seen.add(r.message), true));
}

/** Voices on one side after that were not there before (gained), and the reverse (lost), each with why. */
function voiceChanges(before: DiffClaim, after: DiffClaim, side: 'support' | 'opposition', pairs: ReturnType<typeof pairAssertions>): { gained: VoiceChange[]; lost: VoiceChange[] } {
  const was = new Map<string, DiffVoice>(voicesOf(before, side).map((v) => [v.id, v]));
  const now = new Map<string, DiffVoice>(voicesOf(after, side).map((v) => [v.id, v]));
  const labels = new Map<string, string>();
  for (const c of [before, after]) for (const v of [...c.support, ...c.opposition, ...c.unproven.support, ...c.unproven.opposition]) labels.set(v.id, v.label);
  const label = (voice: string) => labels.get(voice) ?? voice;
  const back = new Map<DiffAssertion, DiffAssertion>();
  for (const [a, b] of pairs) if (b !== undefined) back.set(b, a);
  // Voices in `here` that are not in `there`, each with why (from the proven assertions of `claim` behind it).
  const missing = (here: Map<string, DiffVoice>, there: Map<string, DiffVoice>, claim: DiffClaim, why: (a: DiffAssertion, id: string) => VoiceReason, how: 'gained' | 'lost'): VoiceChange[] =>
    [...here].filter(([id]) => !there.has(id)).map(([id, v]) => {
      const reasons = assertionsOf(claim, id, side).filter((a) => a.proven).map((a) => why(a, id));
      if (reasons.every((r) => r.kind === 'other')) reasons.push(...throughReason(v, how));
      return { side, voice: id, label: v.label, reasons: unique(reasons) };
    });
  const lost = missing(was, now, before, (a, id) => whyLost(a, pairs.get(a), id, label), 'lost');
  const gained = missing(now, was, after, (b, id) => whyGained(b, back.get(b), id, label), 'gained');
  return { gained, lost };
}

/** A voice that stands in the opposition because a contradicting claim is supported. */
function throughReason(v: DiffVoice, how: 'gained' | 'lost'): VoiceReason[] {
  if (!v.through || v.through.length === 0) return [];
  const claims = v.through.map(quoted).join(', ');
  return [{ kind: 'contradiction', message: how === 'gained' ? `it now supports ${claims}, which contradicts this claim` : `its support of ${claims}, which contradicts this claim, no longer counts` }];
}

/** The changes to one claim present on both sides (undefined when nothing that matters changed). */
function claimChanged(before: DiffClaim, after: DiffClaim): ClaimChange | undefined {
  const kinds: ChangeKind[] = [];
  const sMove = strength(after.status) - strength(before.status);
  if (sMove > 0) kinds.push('status-lowered');
  if (sMove < 0) kinds.push('status-raised');
  const added = after.flags.filter((f) => !before.flags.includes(f) && f !== 'provisional');
  const removed = before.flags.filter((f) => !after.flags.includes(f) && f !== 'provisional');
  if (added.length > 0) kinds.push('flag-added');
  if (removed.length > 0) kinds.push('flag-removed');
  const g = gradeMove(before.grade, after.grade);
  if (g < 0) kinds.push('grade-lowered');
  if (g > 0) kinds.push('grade-raised');
  if (!before.provisional && after.provisional) kinds.push('became-provisional');
  if (before.provisional && !after.provisional) kinds.push('became-final');
  const pairs = pairAssertions(before.assertions, after.assertions);
  const support = voiceChanges(before, after, 'support', pairs);
  const opposition = voiceChanges(before, after, 'opposition', pairs);
  const gained = [...support.gained, ...opposition.gained];
  const lost = [...support.lost, ...opposition.lost];
  if (gained.length > 0) kinds.push('voice-gained');
  if (lost.length > 0) kinds.push('voice-lost');
  if (kinds.length === 0) return undefined;
  return {
    ...where(after),
    change: 'changed',
    status: { from: before.status, to: after.status },
    grade: { from: before.grade, to: after.grade },
    provisional: { from: before.provisional, to: after.provisional },
    flags: { added, removed },
    voices: { gained, lost },
    ...(kinds.includes('became-provisional') && { provisionalBecause: [...after.provisionalBecause] }),
    kinds: sortKinds(kinds),
  };
}

const where = (c: DiffClaim) => ({ id: c.id, statement: c.statement, file: c.file, line: c.line, column: c.column });

/** A claim on one side only: everything it has was added (or removed) with it. */
function wholeClaim(c: DiffClaim, change: 'added' | 'removed'): ClaimChange {
  const side = change === 'added' ? 'to' : 'from';
  const flags = c.flags.filter((f) => f !== 'provisional');
  const voices = [...sideVoices(c, 'support'), ...sideVoices(c, 'opposition')];
  return {
    ...where(c),
    change,
    status: { [side]: c.status },
    grade: { [side]: c.grade },
    provisional: { [side]: c.provisional },
    flags: change === 'added' ? { added: flags, removed: [] } : { added: [], removed: flags },
    voices: change === 'added' ? { gained: voices, lost: [] } : { gained: [], lost: voices },
    ...(change === 'added' && c.provisional && { provisionalBecause: [...c.provisionalBecause] }),
    kinds: [change === 'added' ? 'claim-added' : 'claim-removed'],
  };
}

const sideVoices = (c: DiffClaim, side: 'support' | 'opposition'): VoiceChange[] => c[side].map((v) => ({ side, voice: v.id, label: v.label, reasons: [] }));

const sortKinds = (kinds: ChangeKind[]): ChangeKind[] => CHANGE_KINDS.filter((k) => kinds.includes(k));

/** The key findings are matched by: a finding that only moved to another line is the same finding. */
const findingKey = (f: Finding, file = f.file) => `${f.ruleId}\0${file}\0${f.severity}\0${f.message}`;

/** Findings added and fixed, matched as multisets by rule, file (through renames), severity and message. */
function findingChanges(before: readonly Finding[], after: readonly Finding[], renames: ReadonlyMap<string, string>): FindingChanges {
  const left = new Map<string, number>();
  for (const f of before) {
    const k = findingKey(f, renames.get(f.file) ?? f.file);
    left.set(k, (left.get(k) ?? 0) + 1);
  }
  const added: Finding[] = [];
  for (const f of after) {
    const k = findingKey(f);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else added.push(f);
  }
  const fixed: Finding[] = [];
  for (const f of before) {
    const k = findingKey(f, renames.get(f.file) ?? f.file);
    const n = left.get(k) ?? 0;
    if (n > 0) {
      left.set(k, n - 1);
      fixed.push(f);
    }
  }
  return { added, fixed };
}

/** Compare the report before a change with the report after it. */
export function compareReports(before: DiffReport, after: DiffReport, options: CompareOptions): ReportDiff {
  const was = new Map(before.claims.map((c) => [c.id, c]));
  const now = new Map(after.claims.map((c) => [c.id, c]));
  const claims: ClaimChange[] = [];
  for (const c of after.claims) {
    const old = was.get(c.id);
    const change = old === undefined ? wholeClaim(c, 'added') : claimChanged(old, c);
    if (change) claims.push(change);
  }
  for (const c of before.claims) if (!now.has(c.id)) claims.push(wholeClaim(c, 'removed'));
  const findings = findingChanges(before.findings, after.findings, options.renames ?? new Map());
  const kinds: Partial<Record<ChangeKind, number>> = {};
  const count = (k: ChangeKind, n = 1) => n > 0 && (kinds[k] = (kinds[k] ?? 0) + n);
  for (const c of claims) for (const k of c.kinds) count(k);
  const newErrors = findings.added.filter((f) => f.severity === 'error').length;
  const newWarnings = findings.added.filter((f) => f.severity === 'warning').length;
  count('new-errors', newErrors);
  count('new-warnings', newWarnings);
  count('fixed-findings', findings.fixed.length);
  return {
    diffVersion: '1.0',
    tool: { name: 'claims', version: after.tool.version },
    from: options.from,
    to: options.to,
    summary: {
      claimsBefore: before.claims.length,
      claimsAfter: after.claims.length,
      changedClaims: claims.length,
      newErrors,
      newWarnings,
      fixedFindings: findings.fixed.length,
      kinds: Object.fromEntries(CHANGE_KINDS.filter((k) => kinds[k] !== undefined).map((k) => [k, kinds[k]])),
    },
    claims,
    findings,
  };
}

/** The change kinds of `names` that this diff has. */
export function failingKinds(diff: ReportDiff, names: readonly ChangeKind[]): ChangeKind[] {
  return names.filter((k) => (diff.summary.kinds[k] ?? 0) > 0);
}
