import type { ClaimEntity, DocumentEntity, FileResult, Finding, Loc, SourceEntity } from '../report/types.js';
import { didYouMean } from '../util/text.js';

/** The corpus after merging every file: one entry per id (the first wins when an id is duplicated). */
export interface Corpus {
  sources: Map<string, SourceEntity>;
  documents: Map<string, DocumentEntity>;
  claims: ClaimEntity[];
}

const where = (e: { file: string; loc: Loc }) => `${e.file}:${e.loc.line}:${e.loc.column}`;

function finding(ruleId: string, file: string, loc: Loc, message: string, extra: Partial<Finding> = {}): Finding {
  return { ruleId, severity: 'error', file, ...loc, message, ...extra };
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

/** Every id that points somewhere must point at something that exists. */
export function checkReferences(corpus: Corpus, parties: readonly string[] | undefined): Finding[] {
  const findings: Finding[] = [];
  const sourceIds = [...corpus.sources.keys()];
  const documentIds = [...corpus.documents.keys()];

  for (const s of corpus.sources.values()) {
    if (s.party !== undefined && parties && !parties.includes(s.party)) {
      findings.push(
        finding('ref/unknown-party', s.file, s.partyLoc ?? s.loc, `"${s.party}" is not one of the parties listed in claims.config.yaml.${didYouMean(s.party, parties)} A misspelt party would count as a separate voice.`),
      );
    }
    if (s.relays !== undefined) {
      if (s.relays === s.id) findings.push(finding('ref/relay-cycle', s.file, s.relaysLoc ?? s.loc, `Source "${s.id}" cannot relay itself.`));
      else if (!corpus.sources.has(s.relays)) {
        findings.push(finding('ref/unknown-source', s.file, s.relaysLoc ?? s.loc, `No source has the id "${s.relays}".${didYouMean(s.relays, sourceIds)}`));
      }
    }
  }
  // Relay chains must end: a -> b -> a would leave no voice to count.
  for (const s of corpus.sources.values()) {
    const seen = [s.id];
    let cur = s.relays !== undefined ? corpus.sources.get(s.relays) : undefined;
    while (cur && cur.id !== s.id && !seen.includes(cur.id)) {
      seen.push(cur.id);
      cur = cur.relays !== undefined ? corpus.sources.get(cur.relays) : undefined;
    }
    if (cur && cur.id === s.id && s.relays !== s.id) {
      findings.push(finding('ref/relay-cycle', s.file, s.relaysLoc ?? s.loc, `Sources relay each other in a circle (${[...seen, s.id].join(' → ')}): one of them must be the original speaker.`));
    }
  }
  for (const d of corpus.documents.values()) {
    for (const [target, loc, rel] of [
      [d.translationOf, d.translationOfLoc, 'translation_of'],
      [d.republicationOf, d.republicationOfLoc, 'republication_of'],
    ] as const) {
      if (target === undefined) continue;
      if (target === d.id) findings.push(finding('ref/self-reference', d.file, loc ?? d.loc, `Document "${d.id}" cannot be a ${rel.replace('_of', '')} of itself.`));
      else if (!corpus.documents.has(target)) {
        findings.push(finding('ref/unknown-document', d.file, loc ?? d.loc, `No document has the id "${target}" (named in ${rel}).${didYouMean(target, documentIds)}`));
      }
    }
  }
  for (const c of corpus.claims) {
    if (c.assertions.length === 0 && c.complete) {
      findings.push({ ...finding('claim/no-assertions', c.file, c.loc, `Claim "${c.id}" has no assertions yet, so no verdict can be given.`), severity: 'warning', claimId: c.id });
    }
    for (const a of c.assertions) {
      if (!corpus.sources.has(a.source)) {
        findings.push(
          finding('ref/unknown-source', c.file, a.sourceLoc, `No source has the id "${a.source}".${didYouMean(a.source, sourceIds)} Add it to a sources file or fix the id.`, { claimId: c.id }),
        );
      }
      for (const q of a.quotes) {
        if (!corpus.documents.has(q.document)) {
          findings.push(
            finding('ref/unknown-document', c.file, q.documentLoc, `No document has the id "${q.document}".${didYouMean(q.document, documentIds)} Add it to a documents file or fix the id.`, { claimId: c.id }),
          );
        }
      }
    }
  }
  return findings;
}
