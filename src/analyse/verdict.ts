import {
  FLAGS,
  STATUS_LABEL,
  SUPPORTING,
  type AssertionEntity,
  type ClaimEntity,
  type ClaimFigures,
  type ClaimVerdict,
  type Credibility,
  type Figure,
  type Finding,
  type Flag,
  type QuoteEntity,
  type Reliability,
  type ReportAssertion,
  type ReportQuote,
  type SourceEntity,
  type Status,
  type Voice,
} from '../report/types.js';
import type { Corpus, QuoteInfo } from '../report/corpus.js';
import { listWords, plural } from '../util/text.js';
import { makeFinding } from '../report/rules/index.js';
import { speakerOf } from '../validate/relays.js';

export type { QuoteInfo } from '../report/corpus.js';
export type QuoteLookup = (q: QuoteEntity) => QuoteInfo;

const unverifiable: QuoteLookup = () => ({ verification: 'unverifiable' });

/** The verdict policy: the threshold and the corroboration options of claims.config.yaml. */
export interface Policy {
  threshold: number;
  /** Quotes of URL-only documents make an assertion proven. */
  countUnverified: boolean;
  /** Aligned parties are one voice. */
  foldAligned: boolean;
  /** Each aligned party's group: the first party of its group in configuration order (parties aligned with no one are absent). */
  group: ReadonlyMap<string, string>;
}

/** The policy of a configuration: alignment made symmetric and transitive (groups of parties joined by aligned_with). */
export function policyOf(config: { threshold: number; countUnverified?: boolean; foldAligned?: boolean; parties?: readonly string[]; alignment?: ReadonlyArray<{ id: string; alignedWith: readonly string[] }> }): Policy {
  const parent = new Map<string, string>();
  const find = (p: string): string => {
    let r = p;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    // Path compression keeps later finds short.
    let cur = p;
    while (cur !== r) {
      const next = parent.get(cur)!;
      parent.set(cur, r);
      cur = next;
    }
    return r;
  };
  const order = new Map((config.parties ?? []).map((p, i) => [p, i]));
  const rank = (p: string) => order.get(p) ?? Infinity;
  for (const a of config.alignment ?? []) {
    for (const b of a.alignedWith) {
      if (b === a.id) continue;
      for (const p of [a.id, b]) if (!parent.has(p)) parent.set(p, p);
      const [ra, rb] = [find(a.id), find(b)];
      if (ra === rb) continue;
      // The representative is the group's first party in configuration order, then by name.
      const [keep, drop] = rank(ra) < rank(rb) || (rank(ra) === rank(rb) && ra < rb) ? [ra, rb] : [rb, ra];
      parent.set(drop, keep);
    }
  }
  const group = new Map<string, string>();
  for (const p of parent.keys()) group.set(p, find(p));
  return { threshold: config.threshold, countUnverified: config.countUnverified ?? false, foldAligned: config.foldAligned ?? true, group };
}

const defaultPolicy = (threshold: number): Policy => ({ threshold, countUnverified: false, foldAligned: true, group: new Map() });

/** True when two parties are the same or aligned (directly or through others). */
export function alignedParties(policy: Policy, a: string, b: string): boolean {
  return a === b || (policy.group.has(a) && policy.group.get(a) === policy.group.get(b));
}

/** The source whose words these really are: the end of its `relays` chain (memoised, cycle-safe). */
export function originalSpeaker(sources: Corpus['sources'], s: SourceEntity): SourceEntity {
  return speakerOf(sources, s);
}

/** Voice ids, made once each: a run holds one per assertion and voice, and a new string for each adds up. */
const voiceIds = new Map<string, string>();
const voiceId = (kind: 'party' | 'source', name: string): string => {
  const key = `${kind}:${name}`;
  let id = voiceIds.get(key);
  if (id === undefined) {
    if (voiceIds.size > 100_000) voiceIds.clear();
    voiceIds.set(key, (id = key));
  }
  return id;
};

/** The voice a source counts as: its party (or its party's aligned group), or itself when it speaks for no party. */
export function voiceOf(sources: Corpus['sources'], s: SourceEntity, policy?: Policy): { key: string; label: string; party: string | null } {
  const root = originalSpeaker(sources, s);
  if (root.party) {
    const g = policy?.foldAligned ? (policy.group.get(root.party) ?? root.party) : root.party;
    return { key: voiceId('party', g), label: root.party, party: root.party };
  }
  return { key: voiceId('source', root.id), label: root.name, party: null };
}

/** One empty list shared by every verdict that has nothing to put in it: a large run holds hundreds of thousands. */
const NONE: never[] = Object.freeze([]) as unknown as never[];
/** An array of exactly its length: one built by push keeps room for more (over 100 bytes for a short one). */
const exact = <T>(a: T[]): T[] => (a.length === 0 ? NONE : a.slice());
const NO_UNPROVEN: ClaimVerdict['unproven'] = Object.freeze({ support: NONE, opposition: NONE }) as ClaimVerdict['unproven'];
/** A string in one piece, not the tree of pieces that building it by concatenation leaves. */
const flat = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));

export function statusOf(support: number, opposition: number, threshold: number): { status: Status; contested: boolean; corroborated: boolean } {
  const contested = support > 0 && opposition > 0;
  const corroborated = support >= threshold;
  let status: Status;
  if (contested) status = 'contested';
  else if (corroborated) status = 'corroborated';
  else if (support === 1) status = 'single-source';
  else if (support > 1) status = 'under-corroborated';
  else if (opposition > 0) status = 'denied';
  else status = 'unsupported';
  return { status, contested, corroborated };
}

/**
 * Admiralty information credibility from the proven voices (the table in the README, "The verdict rules"):
 * 1 corroborated and not contested; 2 corroborated but contested, or supported below the threshold and not
 * contested with a statement against interest; 3 supported below the threshold, not contested; 4 contested and
 * not corroborated; 5 only opposing voices; 6 no proven voice.
 */
export function credibilityOf(support: number, opposition: number, threshold: number, againstInterest: boolean): Credibility {
  if (support === 0) return opposition > 0 ? 5 : 6;
  const corroborated = support >= threshold;
  if (opposition > 0) return corroborated ? 2 : 4;
  if (corroborated) return 1;
  return againstInterest ? 2 : 3;
}

const RELIABILITY_ORDER = 'ABCDEF';
export const reliabilityOf = (s: SourceEntity | undefined): Reliability => (s?.reliability !== undefined && RELIABILITY_ORDER.includes(s.reliability) && s.reliability.length === 1 ? (s.reliability as Reliability) : 'F');
const best = (a: Reliability, b: Reliability): Reliability => (RELIABILITY_ORDER.indexOf(a) <= RELIABILITY_ORDER.indexOf(b) ? a : b);

const quoteName = (s: SourceEntity) => `"${s.name}"`;

type Why = 'not-found' | 'unknown-document' | 'url-only' | 'no-text';
const WHY_TEXT: Record<Why, string> = {
  'not-found': 'not found in its document',
  'unknown-document': 'citing an unknown document',
  'url-only': 'whose document has only a URL, no local text',
  'no-text': "whose document's text could not be read",
};
const WHY_FIX: Record<Why, string> = {
  'not-found': 'Copy the words exactly as printed (see the quote/not-found error).',
  'unknown-document': 'Fix the document id.',
  'url-only': "Save the article's text in the project and set the document's path, or set corroboration.count_unverified: true in claims.config.yaml to count quotes that cannot be checked.",
  'no-text': "Fix the document's path (see the document error).",
};

/** Is the assertion proven (one quote verified, or unverifiable on a URL-only document when the policy counts those)? And if not, why. */
export function proofOf(a: AssertionEntity, quotes: readonly ReportQuote[], corpus: Corpus, policy: Policy): { proven: true } | { proven: false; why: string; fix: string } {
  if (quotes.length === 0) return { proven: false, why: 'it has no quote', fix: 'Add the words as printed, with the document they appear in.' };
  const counts = new Map<Why, number>();
  for (let k = 0; k < quotes.length; k++) {
    const q = quotes[k]!;
    const doc = corpus.documents.get(a.quotes[k]!.document);
    let why: Why;
    if (!doc) why = 'unknown-document';
    else if (q.verification === 'verified') return { proven: true };
    else if (q.verification === 'not-found') why = 'not-found';
    else if (doc.path === undefined) {
      if (policy.countUnverified) return { proven: true };
      why = 'url-only';
    } else why = 'no-text';
    counts.set(why, (counts.get(why) ?? 0) + 1);
  }
  const kinds = [...counts.keys()];
  const detail = quotes.length === 1 ? `its quote is not verified (${WHY_TEXT[kinds[0]!]})` : `none of its ${quotes.length} quotes is verified (${kinds.map((w) => `${counts.get(w)} ${WHY_TEXT[w]}`).join('; ')})`;
  return { proven: false, why: detail, fix: kinds.map((w) => WHY_FIX[w]).join(' ') };
}

/** A proven supporting assertion of another claim, as it reaches a claim that `contradicts` it. */
export interface Contribution {
  claimId: string;
  source: SourceEntity;
  documents: string[];
}

/** The proven supporting assertions of a claim, for the claims it contradicts (see JudgeContext.through). */
export function provenSupport(claim: ClaimEntity, corpus: Corpus, policy: Policy, quoteInfo: QuoteLookup = unverifiable): Contribution[] {
  const out: Contribution[] = [];
  for (const a of claim.assertions) {
    if (a.badStance || !SUPPORTING.includes(a.stance)) continue;
    const src = corpus.sources.get(a.source);
    if (!src) continue;
    const quotes = a.quotes.map((q) => ({ verification: quoteInfo(q).verification }) as ReportQuote);
    if (proofOf(a, quotes, corpus, policy).proven) out.push({ claimId: claim.id, source: src, documents: [...new Set(a.quotes.map((q) => q.document))] });
  }
  return out;
}

export interface JudgeContext {
  /** Findings the verdict gives rise to (assertion/unproven, source/outlet-voice) are added here. */
  findings?: Finding[];
  /** Proven support of the claims that contradict this one: it counts as opposition. */
  through?: readonly Contribution[];
}

interface Building {
  voice: Voice;
  /** Parties of the voice, in the order they joined, with their sources. */
  byParty: Map<string, string[]>;
  /** Every source in the voice is an outlet that is not marked witness. */
  outletOnly: boolean;
}

const figureText = (f: Figure) => (f.low === f.high ? String(f.low) : `${f.low}–${f.high}`);

/** Verdict for one claim, with the voices on each side and what was folded together and why. */
export function judgeClaim(claim: ClaimEntity, corpus: Corpus, policyOrThreshold: Policy | number, quoteInfo: QuoteLookup = unverifiable, ctx: JudgeContext = {}): ClaimVerdict {
  const policy = typeof policyOrThreshold === 'number' ? defaultPolicy(policyOrThreshold) : policyOrThreshold;
  const { threshold } = policy;
  const sides = { support: new Map<string, Building>(), opposition: new Map<string, Building>() };
  const leftOut = { support: new Map<string, Building>(), opposition: new Map<string, Building>() };
  const assertions: ReportAssertion[] = [];
  /** The voice (map entry) each assertion lands in, to give it the voice's final id. */
  const landed: Array<[ReportAssertion, Building]> = [];
  const sourceDocs = new Map<string, Set<string>>();
  const sourceAssertions = new Map<string, number>();
  const relayNotes = new Set<string>();
  const viaNotes = new Set<string>();
  const leftOutNotes: string[] = [];
  /** Who conceded the claim against interest, by party. */
  const concessions = new Map<string, string[]>();
  const outletAssertions: Array<[AssertionEntity, SourceEntity, Building]> = [];
  const figures: Array<[Figure, string]> = [];
  let againstInterest = false;

  const favoured = (party: string) => claim.favours.some((f) => alignedParties(policy, party, f));
  const land = (map: Map<string, Building>, v: ReturnType<typeof voiceOf>, src: SourceEntity, root: SourceEntity): Building => {
    let b = map.get(v.key);
    if (!b) {
      b = { voice: { id: v.key, label: v.label, party: v.party, parties: [], sources: [], documents: [], stances: [], proven: map === sides.support || map === sides.opposition, reliability: 'F' }, byParty: new Map(), outletOnly: true };
      map.set(v.key, b);
    }
    const voice = b.voice;
    if (!voice.sources.includes(src.id)) voice.sources.push(src.id);
    if (v.party) {
      const list = b.byParty.get(v.party) ?? [];
      if (!list.includes(src.id)) list.push(src.id);
      b.byParty.set(v.party, list);
    }
    voice.reliability = best(voice.reliability, reliabilityOf(src));
    if (!(root.kind === 'outlet' && root.witness !== true)) b.outletOnly = false;
    return b;
  };

  for (const a of claim.assertions) {
    // A stance that is not one of the four (a schema error) says nothing: the rest of the assertion is still checked elsewhere.
    if (a.badStance) continue;
    const src = corpus.sources.get(a.source);
    const side = SUPPORTING.includes(a.stance) ? 'support' : 'opposition';
    const quotes: ReportQuote[] = a.quotes.map((q) => {
      const info = quoteInfo(q);
      return {
        document: q.document,
        text: q.text,
        ...(q.lang !== undefined && { lang: q.lang }),
        ...(q.translation !== undefined && { translation: q.translation }),
        verification: info.verification,
        ...(info.match && { match: info.match }),
        line: q.loc.line,
        column: q.loc.column,
      };
    });
    const proof = proofOf(a, quotes, corpus, policy);
    const value = claim.quantity && a.value && a.value.low <= a.value.high ? a.value : undefined;
    const extra = {
      ...(a.via.length > 0 && { via: a.via }),
      ...(a.value && { value: a.value }),
      ...(a.notes !== undefined && { notes: a.notes }),
    };
    const name = src ? src.name : a.source;
    if (!proof.proven) {
      leftOutNotes.push(`${name}'s assertion (${a.stance}) does not count: ${proof.why}.`);
      ctx.findings?.push(
        makeFinding('assertion/unproven', {
          file: claim.file,
          ...a.sourceLoc,
          claimId: claim.id,
          message: `This assertion by "${name}" does not count towards the verdict: ${proof.why}. ${proof.fix}`,
        }),
      );
    }
    if (!src) {
      // Unknown source: reported as an error elsewhere; it adds no voice.
      assertions.push({ source: a.source, sourceName: a.source, party: null, voice: '', stance: a.stance, side, ...(a.date && { date: a.date }), ...(a.channel && { channel: a.channel }), proven: proof.proven, ...(!proof.proven && { unproven: proof.why }), ...extra, reliability: 'F', line: a.loc.line, column: a.loc.column, quotes });
      continue;
    }
    const v = voiceOf(corpus.sources, src, policy);
    const root = originalSpeaker(corpus.sources, src);
    if (root !== src) relayNotes.add(`${quoteName(src)} only relays ${quoteName(root)}, so it counts as ${v.party ? `the ${v.party} voice` : `${quoteName(root)}'s voice`}, not a voice of its own.`);
    if (a.via.length > 0) {
      const outlets = a.via.map((id) => corpus.sources.get(id)?.name ?? id);
      viaNotes.add(`${listWords(outlets.map((o) => `"${o}"`))} only passed on ${quoteName(src)}'s words, so ${outlets.length === 1 ? 'it adds' : 'they add'} no voice.`);
    }
    const concedes = proof.proven && side === 'support' && claim.favours.length > 0 && v.party !== null && !favoured(v.party);
    const b = land(proof.proven ? sides[side] : leftOut[side], v, src, root);
    if (!b.voice.stances.includes(a.stance)) b.voice.stances.push(a.stance);
    if (proof.proven) {
      const docs = sourceDocs.get(src.id) ?? new Set<string>();
      for (const q of a.quotes) {
        docs.add(q.document);
        if (!b.voice.documents.includes(q.document)) b.voice.documents.push(q.document);
      }
      sourceDocs.set(src.id, docs);
      sourceAssertions.set(src.id, (sourceAssertions.get(src.id) ?? 0) + 1);
      if (side === 'support' && root.kind === 'outlet' && root.witness !== true) outletAssertions.push([a, root, b]);
      if (value) {
        b.voice.figure = b.voice.figure ? { low: Math.min(b.voice.figure.low, value.low), high: Math.max(b.voice.figure.high, value.high) } : { ...value };
        figures.push([value, src.name]);
      }
      if (concedes) {
        againstInterest = true;
        const who = concessions.get(v.party!) ?? [];
        if (!who.includes(src.name)) who.push(src.name);
        concessions.set(v.party!, who);
      }
    }
    const ra: ReportAssertion = {
      source: src.id,
      sourceName: src.name,
      party: src.party ?? null,
      voice: v.key,
      stance: a.stance,
      side,
      ...(a.date && { date: a.date }),
      ...(a.channel && { channel: a.channel }),
      proven: proof.proven,
      ...(!proof.proven && { unproven: proof.why }),
      ...extra,
      ...(concedes && { againstInterest: true }),
      reliability: reliabilityOf(src),
      ...(src.notes !== undefined && { sourceNotes: src.notes }),
      line: a.loc.line,
      column: a.loc.column,
      quotes,
    };
    assertions.push(ra);
    landed.push([ra, b]);
  }

  // Proven support for a claim this one contradicts is opposition here (a denial there is no support here).
  const throughBy = new Map<string, string[]>();
  for (const t of ctx.through ?? []) {
    const root = originalSpeaker(corpus.sources, t.source);
    const v = voiceOf(corpus.sources, t.source, policy);
    const b = land(sides.opposition, v, t.source, root);
    b.voice.through ??= [];
    if (!b.voice.through.includes(t.claimId)) b.voice.through.push(t.claimId);
    for (const d of t.documents) if (!b.voice.documents.includes(d)) b.voice.documents.push(d);
    const who = throughBy.get(t.claimId) ?? [];
    if (!who.includes(quoteName(t.source))) who.push(quoteName(t.source));
    throughBy.set(t.claimId, who);
  }
  const throughNotes = [...throughBy].map(([id, who]) => `${listWords(who)} ${who.length === 1 ? 'supports' : 'support'} "${id}", which cannot be true together with this claim, so ${who.length === 1 ? 'it counts' : 'they count'} against it.`);

  const final = (map: Map<string, Building>) => {
    const out: Voice[] = [];
    for (const b of map.values()) {
      const parties = [...b.byParty.keys()];
      b.voice.parties = parties;
      // Named after the parties that spoke, not the group they belong to.
      if (parties.length > 0) {
        b.voice.id = voiceId('party', parties.join('+'));
        b.voice.label = parties.join(' + ');
      }
      out.push(b.voice);
    }
    return out;
  };
  const support = final(sides.support);
  const opposition = final(sides.opposition);
  // A voice made only of unproven assertions is listed apart; one that also has proven assertions is counted.
  for (const side of ['support', 'opposition'] as const) for (const key of leftOut[side].keys()) if (sides[side].has(key)) leftOut[side].delete(key);
  const unproven = leftOut.support.size + leftOut.opposition.size === 0 ? NO_UNPROVEN : { support: final(leftOut.support), opposition: final(leftOut.opposition) };
  for (const [ra, b] of landed) ra.voice = b.voice.id;

  const folded: string[] = [];
  for (const side of ['support', 'opposition'] as const) {
    for (const b of sides[side].values()) {
      const v = b.voice;
      for (const [party, ids] of b.byParty) {
        if (ids.length > 1) folded.push(`${listWords(ids.map((id) => quoteName(corpus.sources.get(id)!)))} all speak for ${party}, so their ${side} counts as one voice.`);
      }
      if (v.parties.length > 1) {
        const [first, ...others] = v.parties;
        folded.push(`${listWords(others)} ${others.length === 1 ? 'is' : 'are'} aligned with ${first}, so they count as one voice.`);
      }
    }
  }
  folded.push(...relayNotes, ...viaNotes);
  // Sources quoted in several documents (often an article and its translation): group them by document set.
  const byDocs = new Map<string, string[]>();
  for (const [id, docs] of sourceDocs) {
    const s = corpus.sources.get(id)!;
    if (docs.size > 1) {
      const key = [...docs].join(', ');
      const names = byDocs.get(key);
      if (names) names.push(quoteName(s));
      else byDocs.set(key, [quoteName(s)]);
    } else if ((sourceAssertions.get(id) ?? 0) > 1) {
      folded.push(`${quoteName(s)} makes ${sourceAssertions.get(id)} assertions on this claim: one source is one voice.`);
    }
  }
  for (const [key, names] of byDocs) {
    const docs = key.split(', ');
    const related = docs.flatMap((d) => {
      const doc = corpus.documents.get(d);
      if (doc?.translationOf && docs.includes(doc.translationOf)) return [`${d} is a translation of ${doc.translationOf}`];
      if (doc?.republicationOf && docs.includes(doc.republicationOf)) return [`${d} republishes ${doc.republicationOf}`];
      return [];
    });
    const who = names.length === 1 ? `${names[0]} is` : `${listWords(names)} are each`;
    folded.push(`${who} quoted in ${docs.length} documents (${key}${related.length ? `; ${related.join('; ')}` : ''}): a source reported more than once is still one voice.`);
  }
  for (const [key, b] of sides.support) {
    const v = b.voice;
    if (sides.opposition.has(key)) folded.push(`The ${v.party ? `${v.label} voice` : `voice of ${v.label}`} is on both sides: it supports and opposes this claim.`);
  }

  // An outlet counted as a supporting voice of its own: most often it only passed on someone's words.
  for (const [a, outlet, b] of outletAssertions) {
    if (!b.outletOnly) continue;
    ctx.findings?.push(makeFinding('source/outlet-voice', {
      file: claim.file,
      ...a.sourceLoc,
      claimId: claim.id,
      message: `"${outlet.name}" (an outlet) counts as an independent supporting voice here. If it only passed on someone else's words, name that speaker as the source and put ${outlet.id} in "via"; if its own reporter saw it, mark the source "witness: true".`,
    }));
  }

  let figureSummary: ClaimFigures | undefined;
  let figuresText = '';
  if (claim.quantity) {
    const lows = figures.map(([f]) => f.low);
    const highs = figures.map(([f]) => f.high);
    const disputed = figures.length > 1 && Math.max(...lows) > Math.min(...highs);
    figureSummary = { ...claim.quantity, ...(figures.length > 0 && { low: Math.min(...lows), high: Math.max(...highs) }), disputed };
    if (figures.length > 0) {
      const range = figureText({ low: figureSummary.low!, high: figureSummary.high! });
      figuresText = ` Figures for ${claim.quantity.what}: ${range} ${claim.quantity.unit} (${figures.map(([f, who]) => `${who}: ${figureText(f)}`).join('; ')})${disputed ? '; the proven voices give figures that do not overlap, so the figure is disputed' : ''}.`;
    }
  }

  const { status, contested, corroborated } = statusOf(support.length, opposition.length, threshold);
  const credibility = credibilityOf(support.length, opposition.length, threshold, againstInterest);
  const grade = `${support.reduce<Reliability>((r, v) => best(r, v.reliability), 'F')}${credibility}`;
  const flagSet = new Set<Flag>();
  if (contested) flagSet.add('contested');
  if (corroborated) flagSet.add('corroborated');
  if (againstInterest) flagSet.add('against-interest');
  if (figureSummary?.disputed) flagSet.add('figure-disputed');
  if (!claim.complete) flagSet.add('provisional');

  const names = (vs: Voice[]) => listWords(vs.map((v) => v.label));
  const parts: string[] = [];
  parts.push(support.length ? `${plural(support.length, 'voice')} support${support.length === 1 ? 's' : ''} it (${names(support)})` : 'no voice supports it');
  parts.push(opposition.length ? `${plural(opposition.length, 'voice')} oppose${opposition.length === 1 ? 's' : ''} it (${names(opposition)})` : 'none opposes it');
  let explanation = `${STATUS_LABEL[status]}: ${parts.join('; ')}.`;
  if (contested) explanation += corroborated ? ` It is also corroborated (${support.length} independent supporting voices, threshold ${threshold}).` : ` It is not corroborated (${support.length} of ${threshold} independent supporting voices needed).`;
  else if (!corroborated && support.length > 0) explanation += ` Corroboration needs ${threshold} independent supporting voices.`;
  const conceded = [...concessions].map(([party, who]) => `${listWords(who)} (${party}) ${who.length === 1 ? 'supports' : 'support'} it although the claim favours ${listWords(claim.favours)}: a statement against interest.`);
  for (const s of [...throughNotes, ...conceded, ...leftOutNotes]) explanation += ` ${s}`;
  explanation += figuresText;

  for (const v of [...support, ...opposition, ...unproven.support, ...unproven.opposition]) {
    v.parties = exact(v.parties);
    v.sources = exact(v.sources);
    v.documents = exact(v.documents);
    v.stances = exact(v.stances);
  }
  return {
    id: claim.id,
    statement: claim.statement,
    file: claim.file,
    line: claim.loc.line,
    column: claim.loc.column,
    ...(claim.eventDate && { eventDate: claim.eventDate }),
    places: claim.places,
    status,
    contested,
    corroborated,
    complete: claim.complete,
    provisional: !claim.complete,
    provisionalBecause: NONE,
    flags: flagSet.size === 0 ? NONE : FLAGS.filter((f) => flagSet.has(f)),
    credibility,
    grade,
    ...(claim.favours.length > 0 && { favours: claim.favours }),
    ...(claim.contradicts.length > 0 && { contradicts: claim.contradicts }),
    ...(figureSummary && { figures: figureSummary }),
    ...(claim.notes !== undefined && { notes: claim.notes }),
    support,
    opposition,
    unproven,
    folded: folded.map(flat),
    explanation: flat(explanation),
    assertions: exact(assertions),
  };
}

/** Claim ids related by `contradicts`, made symmetric: each claim's list of the claims it cannot be true with. */
export function contradictionMap(claims: readonly ClaimEntity[]): Map<string, string[]> {
  const ids = new Set(claims.map((c) => c.id));
  const out = new Map<string, string[]>();
  const add = (a: string, b: string) => {
    const l = out.get(a) ?? [];
    if (!l.includes(b)) l.push(b);
    out.set(a, l);
  };
  for (const c of claims) {
    for (const other of c.contradicts) {
      if (other === c.id || !ids.has(other)) continue;
      add(c.id, other);
      add(other, c.id);
    }
  }
  return out;
}

/** The proven support that reaches each claim through `contradicts`, computed before any claim is judged. */
export function throughSupport(claims: readonly ClaimEntity[], corpus: Corpus, policy: Policy, quoteInfo?: QuoteLookup): Map<string, Contribution[]> {
  const relation = contradictionMap(claims);
  const out = new Map<string, Contribution[]>();
  if (relation.size === 0) return out;
  const byId = new Map(claims.filter((c) => relation.has(c.id)).map((c) => [c.id, c]));
  const support = new Map<string, Contribution[]>();
  for (const [id, c] of byId) support.set(id, provenSupport(c, corpus, policy, quoteInfo));
  for (const [id, others] of relation) out.set(id, others.flatMap((o) => support.get(o) ?? []));
  return out;
}
