// Provisional verdicts: a verdict rests on nothing that carries an error, or it says which errors it waits on.
import type { ClaimVerdict, Finding } from '../report/types.js';
import type { Corpus } from '../report/corpus.js';
import { speakerOf } from '../validate/relays.js';
import { pushTo } from '../util/maps.js';

/**
 * What markProvisional decided for each verdict of an update, by the judged verdict it was copied from (a kept
 * ledger's verdict for an unchanged claim), with what the decision rested on besides that verdict: the errors
 * with its claim's id, and those of every source and document entry.
 */
export interface Marks {
  entries: string;
  byBase: Map<ClaimVerdict, { own: string; flags: ClaimVerdict['flags']; provisional: boolean; provisionalBecause: ClaimVerdict['provisionalBecause'] }>;
}

/** A kept ledger's memo for markProvisional: the judged verdict of each claim, and the marks of the last update (valid while the sources are the same entities). */
export interface MarksMemo {
  bases: readonly ClaimVerdict[];
  /** The verdicts (by index) that are objects handed out before: never changed, but replaced by a copy of their base. */
  shared: readonly boolean[];
  last: Marks | undefined;
  sourcesSame: boolean;
}

/**
 * A verdict is final only when nothing it rests on carries an error: the claim itself (its own findings, or a
 * schema error inside it), the sources its assertions name (and those they relay or came via), and the documents
 * its quotes cite. Errors about a source or document entry are found by position: the last entry of the file
 * starting at or before the error. With a memo, a verdict judged as before, whose errors are as before, is marked
 * as before without looking at its assertions again.
 */
export function markProvisional(claims: ClaimVerdict[], corpus: Corpus, findings: readonly Finding[], memo?: MarksMemo): Marks {
  const where = (f: Finding) => `${f.ruleId} at ${f.file}:${f.line}:${f.column}`;
  const byClaim = new Map<string, string[]>();
  const elsewhere: Finding[] = [];
  for (const f of findings) {
    if (f.severity !== 'error') continue;
    if (f.claimId !== undefined) pushTo(byClaim, f.claimId, where(f));
    else elsewhere.push(f);
  }
  // The entries are placed only when some error is about no claim.
  const entries = new Map<string, Array<{ line: number; column: number; key: string }>>();
  if (elsewhere.length > 0) {
    // Pushed into one list per key, never copied: a file can hold tens of thousands of entries and findings.
    for (const s of corpus.sources.values()) pushTo(entries, s.file, { ...s.loc, key: `s:${s.id}` });
    for (const d of corpus.documents.values()) pushTo(entries, d.file, { ...d.loc, key: `d:${d.id}` });
    for (const list of entries.values()) list.sort((a, b) => a.line - b.line || a.column - b.column);
  }
  const byEntry = new Map<string, string[]>();
  for (const f of elsewhere) {
    const list = entries.get(f.file);
    if (!list) continue;
    // Binary search for the last entry at or before the finding.
    let lo = 0;
    let hi = list.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = list[mid]!;
      if (e.line < f.line || (e.line === f.line && e.column <= f.column)) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at >= 0) pushTo(byEntry, list[at]!.key, where(f));
  }
  const none = byClaim.size === 0 && byEntry.size === 0;
  const marks: Marks = { entries: JSON.stringify([none, ...byEntry]), byBase: new Map() };
  const last = memo?.sourcesSame && memo.last?.entries === marks.entries ? memo.last : undefined;
  // Most claims rest on nothing with an error: found without building the keys below.
  const sourceHit = new Set<string>();
  const documentHit = new Set<string>();
  for (const k of byEntry.keys()) (k.startsWith('s:') ? sourceHit : documentHit).add(k.slice(2));
  const touched = (c: ClaimVerdict): boolean =>
    c.assertions.some((a) => [a.source, ...(a.via ?? [])].some((id) => {
      if (sourceHit.has(id)) return true;
      const s = corpus.sources.get(id);
      return s !== undefined && sourceHit.has(speakerOf(corpus.sources, s).id);
    }) || a.quotes.some((q) => documentHit.has(q.document)));
  const mark = (c: ClaimVerdict): void => {
    if (none) {
      if (!c.complete) c.provisionalBecause = ['schema errors inside the claim'];
      return;
    }
    if (c.complete && !byClaim.has(c.id) && !touched(c)) {
      c.provisionalBecause = [];
      c.provisional = false;
      return;
    }
    const reasons = new Set<string>(byClaim.get(c.id) ?? []);
    if (!c.complete) reasons.add('schema errors inside the claim');
    const keys = new Set<string>();
    for (const a of c.assertions) {
      for (const id of [a.source, ...(a.via ?? [])]) {
        keys.add(`s:${id}`);
        const s = corpus.sources.get(id);
        if (s) keys.add(`s:${speakerOf(corpus.sources, s).id}`);
      }
      for (const q of a.quotes) keys.add(`d:${q.document}`);
    }
    for (const k of keys) for (const r of byEntry.get(k) ?? []) reasons.add(r);
    // A claim with thousands of errors names the first ones and counts the rest.
    const listed = [...reasons];
    c.provisionalBecause = listed.length > 20 ? [...listed.slice(0, 20), `and ${listed.length - 20} more errors`] : listed;
    c.provisional = reasons.size > 0;
    if (c.provisional && !c.flags.includes('provisional')) c.flags = [...c.flags, 'provisional'];
  };
  claims.forEach((given, i) => {
    let c = given;
    const base = memo?.bases[i];
    const own = byClaim.get(c.id)?.join('\n') ?? '';
    const before = base !== undefined ? last?.byBase.get(base) : undefined;
    if (before !== undefined && before.own === own) {
      // A verdict handed out before was marked so already.
      if (memo?.shared[i] !== true) {
        c.flags = before.flags;
        c.provisional = before.provisional;
        c.provisionalBecause = before.provisionalBecause;
      }
    } else {
      if (memo?.shared[i] === true) c = claims[i] = { ...base! };
      mark(c);
    }
    if (base === undefined) return;
    const same = before !== undefined && before.own === own && before.flags === c.flags && before.provisional === c.provisional && before.provisionalBecause === c.provisionalBecause;
    marks.byBase.set(base, same ? before : { own, flags: c.flags, provisional: c.provisional, provisionalBecause: c.provisionalBecause });
  });
  return marks;
}
