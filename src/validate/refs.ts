import type { ClaimEntity, FileResult, Finding, Loc, SourceEntity } from '../report/types.js';
import type { Corpus } from '../report/corpus.js';
import { didYouMean } from '../util/text.js';
import { makeFinding, type RuleId } from '../report/rules/index.js';
import { relayIndex } from './relays.js';
import type { PartyAlignment } from '../config/settings.js';

const where = (e: { file: string; loc: Loc }) => `${e.file}:${e.loc.line}:${e.loc.column}`;

function finding(ruleId: RuleId, file: string, loc: Loc, message: string, extra: Pick<Finding, 'claimId'> = {}): Finding {
  return makeFinding(ruleId, { file, ...loc, message, ...extra });
}

/** Merge per-file entities into one corpus, reporting ids used twice. */
export function buildCorpus(files: readonly FileResult[]): { corpus: Corpus; findings: Finding[] } {
  const findings: Finding[] = [];
  const corpus: Corpus = { sources: new Map(), documents: new Map(), claims: [] };
  const claimIds = new Map<string, ClaimEntity>();
  const add = <T extends { id: string; file: string; loc: Loc }>(map: Map<string, T>, e: T, what: string) => {
    const first = map.get(e.id);
    if (first) {
      findings.push(finding('ref/duplicate-id', e.file, e.loc, `The ${what} id "${e.id}" is already used at ${where(first)}. Ids must be unique across all files: rename one of them.`));
      return false;
    }
    map.set(e.id, e);
    return true;
  };
  for (const f of files) {
    for (const s of f.sources) add(corpus.sources, s, 'source');
    for (const d of f.documents) add(corpus.documents, d, 'document');
    for (const c of f.claims) if (add(claimIds, c, 'claim')) corpus.claims.push(c);
  }
  return { corpus, findings };
}

/** A relay circle as seen from its k-th member, shortened on long circles: "a → b → … → a". */
function circleFrom(cycle: readonly SourceEntity[], k: number): string {
  const shown = Math.min(cycle.length, 8);
  const ids = Array.from({ length: shown }, (_, i) => cycle[(k + i) % cycle.length]!.id);
  return [...ids, ...(shown < cycle.length ? [`… (${cycle.length - shown} more)`] : []), cycle[k]!.id].join(' → ');
}

/** Every id that points somewhere must point at something that exists. */
export function checkReferences(corpus: Corpus, parties: readonly string[] | undefined, alignment: readonly PartyAlignment[] = []): Finding[] {
  const checks = referenceChecks(corpus, parties, alignment);
  const findings = checks.entities();
  for (const c of corpus.claims) for (const f of checks.claim(c)) findings.push(f);
  return findings;
}

/**
 * The reference checks in two parts, as checkReferences puts them together: those of the party alignment, the
 * sources and the documents (`entities`), then each claim's own (`claim`), which depend on the claim, the ids of
 * the sources and documents, the ids of the claims and the parties only. A kept ledger checks again only the claims
 * whose entity changed while the rest stays the same.
 */
export function referenceChecks(corpus: Corpus, parties: readonly string[] | undefined, alignment: readonly PartyAlignment[] = []): { entities: () => Finding[]; claim: (c: ClaimEntity) => Finding[] } {
  let sourceIds: string[] | undefined;
  let documentIds: string[] | undefined;
  let claimIds: Set<string> | undefined;
  let claimList: string[] | undefined;
  const sourceIdList = () => (sourceIds ??= [...corpus.sources.keys()]);
  const documentIdList = () => (documentIds ??= [...corpus.documents.keys()]);
  const partySet = parties ? new Set(parties) : undefined;
  const unknownParty = (p: string) => partySet !== undefined && !partySet.has(p);

  const entities = (): Finding[] => {
    const findings: Finding[] = [];
    for (const a of alignment) {
      a.alignedWith.forEach((other, i) => {
        if (other === a.id) findings.push(finding('ref/unknown-party', a.file, a.locs[i]!, `Party "${a.id}" cannot be aligned with itself. Remove it from its own aligned_with.`));
        else if (unknownParty(other)) findings.push(finding('ref/unknown-party', a.file, a.locs[i]!, `"${other}" in the aligned_with of "${a.id}" is not one of the parties listed in parties.${didYouMean(other, parties ?? [])} Add it to parties or fix the id.`));
      });
    }

    for (const s of corpus.sources.values()) {
      if (s.party !== undefined && unknownParty(s.party)) {
        findings.push(
          finding('ref/unknown-party', s.file, s.partyLoc ?? s.loc, `"${s.party}" is not one of the parties listed in claims.config.yaml.${didYouMean(s.party, parties ?? [])} A misspelt party would count as a separate voice.`),
        );
      }
      if (s.relays !== undefined) {
        if (s.relays === s.id) findings.push(finding('ref/relay-cycle', s.file, s.relaysLoc ?? s.loc, `Source "${s.id}" cannot relay itself.`));
        else if (!corpus.sources.has(s.relays)) {
          findings.push(finding('ref/unknown-source', s.file, s.relaysLoc ?? s.loc, `No source has the id "${s.relays}".${didYouMean(s.relays, sourceIdList())}`));
        }
      }
    }
    // Relay chains must end: a -> b -> a would leave no voice to count. Each member of a circle is told.
    for (const cycle of relayIndex(corpus.sources).cycles) {
      cycle.forEach((s, k) => {
        findings.push(finding('ref/relay-cycle', s.file, s.relaysLoc ?? s.loc, `Sources relay each other in a circle (${circleFrom(cycle, k)}): one of them must be the original speaker.`));
      });
    }
    for (const d of corpus.documents.values()) {
      for (const [target, loc, rel] of [
        [d.translationOf, d.translationOfLoc, 'translation_of'],
        [d.republicationOf, d.republicationOfLoc, 'republication_of'],
      ] as const) {
        if (target === undefined) continue;
        if (target === d.id) findings.push(finding('ref/self-reference', d.file, loc ?? d.loc, `Document "${d.id}" cannot be a ${rel.replace('_of', '')} of itself.`));
        else if (!corpus.documents.has(target)) {
          findings.push(finding('ref/unknown-document', d.file, loc ?? d.loc, `No document has the id "${target}" (named in ${rel}).${didYouMean(target, documentIdList())}`));
        }
      }
    }
    return findings;
  };

  const claim = (c: ClaimEntity): Finding[] => {
    const findings: Finding[] = [];
    claimIds ??= new Set(corpus.claims.map((x) => x.id));
    const ids = claimIds;
    const at = (ruleId: RuleId, loc: Loc, message: string) => findings.push(finding(ruleId, c.file, loc, message, { claimId: c.id }));
    c.favours.forEach((p, i) => {
      if (unknownParty(p)) at('ref/unknown-party', c.favoursLocs[i]!, `"${p}" in favours is not one of the parties listed in claims.config.yaml.${didYouMean(p, parties ?? [])} Name a listed party, or add it there.`);
    });
    c.contradicts.forEach((id, i) => {
      const loc = c.contradictsLocs[i]!;
      if (id === c.id) at('ref/self-contradiction', loc, `Claim "${c.id}" cannot contradict itself. Name the claim that cannot be true together with this one.`);
      else if (!ids.has(id)) at('ref/unknown-claim', loc, `No claim has the id "${id}".${didYouMean(id, (claimList ??= [...ids]))} Fix the id, or record that claim first.`);
    });
    if (c.assertions.length === 0 && c.complete) {
      findings.push(finding('claim/no-assertions', c.file, c.loc, `Claim "${c.id}" has no assertions yet, so no verdict can be given.`, { claimId: c.id }));
    }
    for (const a of c.assertions) {
      if (!corpus.sources.has(a.source)) {
        findings.push(
          finding('ref/unknown-source', c.file, a.sourceLoc, `No source has the id "${a.source}".${didYouMean(a.source, sourceIdList())} Add it to a sources file or fix the id.`, { claimId: c.id }),
        );
      }
      a.via.forEach((v, i) => {
        if (!corpus.sources.has(v)) at('ref/unknown-source', a.viaLocs[i]!, `No source has the id "${v}" (named in via).${didYouMean(v, sourceIdList())} Add the outlet to a sources file (kind: outlet) or fix the id.`);
      });
      if (a.value !== undefined && a.valueLoc) {
        if (c.quantity === undefined) at('assertion/value-without-quantity', a.valueLoc, `This assertion gives a value, but claim "${c.id}" has no quantity saying what it counts. Add to the claim, for example: quantity: {what: soldiers killed, unit: people}.`);
        if (a.value.low > a.value.high) at('assertion/value-range', a.valueLoc, `The low figure (${a.value.low}) is above the high one (${a.value.high}). Swap them: low: ${a.value.high}, high: ${a.value.low}.`);
      }
      for (const q of a.quotes) {
        if (!corpus.documents.has(q.document)) {
          findings.push(
            finding('ref/unknown-document', c.file, q.documentLoc, `No document has the id "${q.document}".${didYouMean(q.document, documentIdList())} Add it to a documents file or fix the id.`, { claimId: c.id }),
          );
        }
      }
    }
    return findings;
  };
  return { entities, claim };
}
