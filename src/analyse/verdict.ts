import {
  SUPPORTING,
  type ClaimEntity,
  type ClaimVerdict,
  type QuoteEntity,
  type ReportAssertion,
  type ReportQuote,
  type SourceEntity,
  type Status,
  type Voice,
} from '../report/types.js';
import type { Corpus } from '../validate/refs.js';
import { listWords, plural } from '../util/text.js';

export interface QuoteInfo {
  verification: ReportQuote['verification'];
  match?: ReportQuote['match'];
}
export type QuoteLookup = (q: QuoteEntity) => QuoteInfo;

const unverifiable: QuoteLookup = () => ({ verification: 'unverifiable' });

/** The source whose words these really are: follow `relays` to the end (stopping on cycles or unknown ids). */
export function originalSpeaker(sources: Corpus['sources'], s: SourceEntity): { root: SourceEntity; chain: SourceEntity[] } {
  const chain = [s];
  let cur = s;
  while (cur.relays !== undefined) {
    const next = sources.get(cur.relays);
    if (!next || chain.includes(next)) break;
    chain.push(next);
    cur = next;
  }
  return { root: cur, chain };
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

/** The voice a source counts as: its party, or itself when it speaks for no party. */
export function voiceOf(sources: Corpus['sources'], s: SourceEntity): { id: string; label: string; party: string | null } {
  const { root } = originalSpeaker(sources, s);
  if (root.party) return { id: voiceId('party', root.party), label: root.party, party: root.party };
  return { id: voiceId('source', root.id), label: root.name, party: null };
}

/** An array of exactly its length: one built by push keeps room for more (over 100 bytes for a short one). */
const exact = <T>(a: T[]): T[] => (a.length === 0 ? [] : a.slice());
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

const quoteName = (s: SourceEntity) => `"${s.name}"`;

/** Verdict for one claim, with the voices on each side and what was folded together and why. */
export function judgeClaim(claim: ClaimEntity, corpus: Corpus, threshold: number, quoteInfo: QuoteLookup = unverifiable): ClaimVerdict {
  const sides = { support: new Map<string, Voice>(), opposition: new Map<string, Voice>() };
  const assertions: ReportAssertion[] = [];
  const sourceDocs = new Map<string, Set<string>>();
  const sourceAssertions = new Map<string, number>();
  const relayNotes = new Set<string>();

  for (const a of claim.assertions) {
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
    if (!src) {
      // Unknown source: reported as an error elsewhere; it adds no voice.
      assertions.push({ source: a.source, sourceName: a.source, party: null, voice: '', stance: a.stance, side, ...(a.date && { date: a.date }), ...(a.channel && { channel: a.channel }), line: a.loc.line, column: a.loc.column, quotes });
      continue;
    }
    const v = voiceOf(corpus.sources, src);
    const { root, chain } = originalSpeaker(corpus.sources, src);
    if (chain.length > 1) relayNotes.add(`${quoteName(src)} only relays ${quoteName(root)}, so it counts as ${v.party ? `the ${v.party} voice` : `${quoteName(root)}'s voice`}, not a voice of its own.`);
    let voice = sides[side].get(v.id);
    if (!voice) {
      voice = { id: v.id, label: v.label, party: v.party, sources: [], documents: [], stances: [] };
      sides[side].set(v.id, voice);
    }
    if (!voice.sources.includes(src.id)) voice.sources.push(src.id);
    if (!voice.stances.includes(a.stance)) voice.stances.push(a.stance);
    const docs = sourceDocs.get(src.id) ?? new Set<string>();
    for (const q of a.quotes) {
      docs.add(q.document);
      if (!voice.documents.includes(q.document)) voice.documents.push(q.document);
    }
    sourceDocs.set(src.id, docs);
    sourceAssertions.set(src.id, (sourceAssertions.get(src.id) ?? 0) + 1);
    assertions.push({
      source: src.id,
      sourceName: src.name,
      party: src.party ?? null,
      voice: v.id,
      stance: a.stance,
      side,
      ...(a.date && { date: a.date }),
      ...(a.channel && { channel: a.channel }),
      line: a.loc.line,
      column: a.loc.column,
      quotes,
    });
  }

  const support = [...sides.support.values()];
  const opposition = [...sides.opposition.values()];
  const folded: string[] = [];
  for (const voice of [...support, ...opposition]) {
    if (voice.party && voice.sources.length > 1) {
      const names = voice.sources.map((id) => quoteName(corpus.sources.get(id)!));
      const side = support.includes(voice) ? 'support' : 'opposition';
      folded.push(`${listWords(names)} all speak for ${voice.party}, so their ${side} counts as one voice.`);
    }
  }
  folded.push(...relayNotes);
  // Sources quoted in several documents (often an article and its translation): group them by document set.
  const byDocs = new Map<string, string[]>();
  for (const [id, docs] of sourceDocs) {
    const s = corpus.sources.get(id)!;
    if (docs.size > 1) {
      const key = [...docs].join(', ');
      byDocs.set(key, [...(byDocs.get(key) ?? []), quoteName(s)]);
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
  for (const v of support) {
    if (sides.opposition.has(v.id)) folded.push(`The ${v.party ? `${v.party} voice` : `voice of ${v.label}`} is on both sides: it supports and opposes this claim.`);
  }

  const { status, contested, corroborated } = statusOf(support.length, opposition.length, threshold);
  const names = (vs: Voice[]) => listWords(vs.map((v) => v.label));
  const parts: string[] = [];
  parts.push(support.length ? `${plural(support.length, 'voice')} support${support.length === 1 ? 's' : ''} it (${names(support)})` : 'no voice supports it');
  parts.push(opposition.length ? `${plural(opposition.length, 'voice')} oppose${opposition.length === 1 ? 's' : ''} it (${names(opposition)})` : 'none opposes it');
  const headline: Record<Status, string> = {
    contested: 'Contested',
    corroborated: 'Corroborated',
    'single-source': 'Single source',
    'under-corroborated': 'Under-corroborated',
    denied: 'Denied',
    unsupported: 'Unsupported',
  };
  let explanation = `${headline[status]}: ${parts.join('; ')}.`;
  if (contested) explanation += corroborated ? ` It is also corroborated (${support.length} independent supporting voices, threshold ${threshold}).` : ` It is not corroborated (${support.length} of ${threshold} independent supporting voices needed).`;
  else if (!corroborated && support.length > 0) explanation += ` Corroboration needs ${threshold} independent supporting voices.`;

  for (const v of [...support, ...opposition]) {
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
    support,
    opposition,
    folded: folded.map(flat),
    explanation: flat(explanation),
    assertions: exact(assertions),
  };
}

export function judgeAll(corpus: Corpus, threshold: number, quoteInfo?: QuoteLookup): ClaimVerdict[] {
  return corpus.claims.map((c) => judgeClaim(c, corpus, threshold, quoteInfo));
}
