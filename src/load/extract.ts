import type { Document, LineCounter } from 'yaml';
import {
  STANCES,
  type AssertionEntity,
  type ClaimEntity,
  type DocumentEntity,
  type FileKind,
  type Loc,
  type QuoteEntity,
  type SourceEntity,
  type Stance,
} from '../report/types.js';
import { locOfNode, nodeAt, type PathSeg } from './positions.js';

/**
 * Where the value at a JSON path sits in the file. Two implementations: over the `yaml` Document (the
 * authority, any file) and over the fast path's position index (fast-yaml.ts, plain valid files only).
 */
export type Locator = (path: readonly PathSeg[]) => Loc;

const FALLBACK: Loc = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** The value node at the path, else the key of its map entry, else the deepest node reached, else the file's start. */
export function documentLocator(doc: Document, lc: LineCounter): Locator {
  return (path) => {
    const found = nodeAt(doc, path);
    return locOfNode(lc, found.node) ?? locOfNode(lc, found.key) ?? locOfNode(lc, found.deepest) ?? FALLBACK;
  };
}

export interface Extracted {
  sources: SourceEntity[];
  documents: DocumentEntity[];
  claims: ClaimEntity[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Read the entities out of a parsed file, leniently: whatever has the shape we need is kept, with the
 * position of each field that later checks point at. `badPaths` are the JSON pointers of schema errors,
 * used to mark claims that could not be read whole.
 */
export function extractEntities(kind: FileKind, value: Obj, loc: Locator, file: string, badPaths: readonly string[]): Extracted {
  const out: Extracted = { sources: [], documents: [], claims: [] };
  const optLoc = (path: PathSeg[], present: unknown): Loc | undefined => (present === undefined ? undefined : loc(path));
  const items = Array.isArray(value[kind]) ? (value[kind] as unknown[]) : [];
  // Index of every claim with a schema error inside it, computed once: a file can hold many thousands of errors.
  const badClaims = new Set<number>();
  for (const p of badPaths) {
    const m = /^\/claims\/(\d+)(?:\/|$)/.exec(p);
    if (m) badClaims.add(Number(m[1]));
  }

  items.forEach((item, i) => {
    if (!isObj(item) || typeof item['id'] !== 'string') return;
    const base: PathSeg[] = [kind, i];
    const id = item['id'];
    if (kind === 'sources') {
      const party = str(item['party']);
      out.sources.push({
        id,
        name: str(item['name']) ?? id,
        role: str(item['role']),
        kind: str(item['kind']),
        party,
        anonymous: item['anonymous'] === true,
        reliability: str(item['reliability']),
        relays: str(item['relays']),
        file,
        loc: loc([...base, 'id']),
        partyLoc: optLoc([...base, 'party'], party),
        relaysLoc: optLoc([...base, 'relays'], str(item['relays'])),
      });
    } else if (kind === 'documents') {
      const d: DocumentEntity = {
        id,
        title: str(item['title']),
        path: str(item['path']),
        url: str(item['url']),
        publisher: str(item['publisher']),
        origin: str(item['origin']),
        language: str(item['language']),
        published: str(item['published']),
        translationOf: str(item['translation_of']),
        translationMethod: str(item['translation_method']),
        republicationOf: str(item['republication_of']),
        sha256: str(item['sha256']),
        file,
        loc: loc([...base, 'id']),
      };
      d.pathLoc = optLoc([...base, 'path'], d.path);
      d.sha256Loc = optLoc([...base, 'sha256'], d.sha256);
      d.translationOfLoc = optLoc([...base, 'translation_of'], d.translationOf);
      d.republicationOfLoc = optLoc([...base, 'republication_of'], d.republicationOf);
      out.documents.push(d);
    } else {
      const complete = !badClaims.has(i);
      const assertions: AssertionEntity[] = [];
      const rawAssertions = Array.isArray(item['assertions']) ? item['assertions'] : [];
      rawAssertions.forEach((a: unknown, j: number) => {
        if (!isObj(a) || typeof a['source'] !== 'string' || !STANCES.includes(a['stance'] as Stance)) return;
        const ap: PathSeg[] = [...base, 'assertions', j];
        const quotes: QuoteEntity[] = [];
        const rawQuotes = Array.isArray(a['quotes']) ? a['quotes'] : [];
        rawQuotes.forEach((q: unknown, k: number) => {
          if (!isObj(q) || typeof q['document'] !== 'string' || typeof q['text'] !== 'string') return;
          const qp: PathSeg[] = [...ap, 'quotes', k];
          quotes.push({
            document: q['document'],
            text: q['text'],
            lang: str(q['lang']),
            translation: str(q['translation']),
            loc: loc([...qp, 'text']),
            documentLoc: loc([...qp, 'document']),
          });
        });
        assertions.push({
          source: a['source'],
          stance: a['stance'] as Stance,
          date: str(a['date']),
          channel: str(a['channel']),
          quotes,
          loc: loc(ap),
          sourceLoc: loc([...ap, 'source']),
          dateLoc: optLoc([...ap, 'date'], str(a['date'])),
        });
      });
      const event = isObj(item['event']) ? item['event'] : {};
      out.claims.push({
        id,
        statement: str(item['statement']) ?? '',
        eventDate: str(event['date']),
        places: strList(event['places']),
        tags: strList(item['tags']),
        assertions,
        file,
        loc: loc([...base, 'id']),
        complete,
      });
    }
  });
  return out;
}
