import type { Document, LineCounter } from 'yaml';
import {
  STANCES,
  type AssertionEntity,
  type ClaimEntity,
  type DocumentEntity,
  type FileKind,
  type Figure,
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
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** A value as a figure: a number, or {low, high} (kept as written, even when low > high: a later check reports that). */
function figure(v: unknown): Figure | undefined {
  const n = num(v);
  if (n !== undefined) return { low: n, high: n };
  if (!isObj(v)) return undefined;
  const low = num(v['low']);
  const high = num(v['high']);
  return low !== undefined && high !== undefined ? { low, high } : undefined;
}
/** The strings of a list, with the position of each. */
function strListAt(v: unknown, loc: Locator, path: PathSeg[]): { values: string[]; locs: Loc[] } {
  const values: string[] = [];
  const locs: Loc[] = [];
  if (Array.isArray(v)) {
    v.forEach((x: unknown, i: number) => {
      if (typeof x !== 'string') return;
      values.push(x);
      locs.push(loc([...path, i]));
    });
  }
  return { values, locs };
}

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
        ...(item['witness'] === true && { witness: true }),
        ...(typeof item['notes'] === 'string' && { notes: item['notes'] }),
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
        // A misspelt or missing stance still leaves the source and documents to check: the assertion is kept, marked.
        if (!isObj(a) || typeof a['source'] !== 'string') return;
        const badStance = !STANCES.includes(a['stance'] as Stance);
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
        const via = strListAt(a['via'], loc, [...ap, 'via']);
        const value = figure(a['value']);
        assertions.push({
          source: a['source'],
          stance: (typeof a['stance'] === 'string' ? a['stance'] : '') as Stance,
          ...(badStance && { badStance: true }),
          date: str(a['date']),
          channel: str(a['channel']),
          quotes,
          via: via.values,
          viaLocs: via.locs,
          ...(value && { value, valueLoc: loc([...ap, 'value']) }),
          ...(typeof a['notes'] === 'string' && { notes: a['notes'] }),
          loc: loc(ap),
          sourceLoc: loc([...ap, 'source']),
          dateLoc: optLoc([...ap, 'date'], str(a['date'])),
        });
      });
      const event = isObj(item['event']) ? item['event'] : {};
      const favours = strListAt(item['favours'], loc, [...base, 'favours']);
      const contradicts = strListAt(item['contradicts'], loc, [...base, 'contradicts']);
      const q = isObj(item['quantity']) ? item['quantity'] : undefined;
      out.claims.push({
        id,
        statement: str(item['statement']) ?? '',
        eventDate: str(event['date']),
        places: strList(event['places']),
        tags: strList(item['tags']),
        assertions,
        favours: favours.values,
        favoursLocs: favours.locs,
        ...(q && { quantity: { what: str(q['what']) ?? '', unit: str(q['unit']) ?? '' } }),
        contradicts: contradicts.values,
        contradictsLocs: contradicts.locs,
        ...(typeof item['notes'] === 'string' && { notes: item['notes'] }),
        file,
        loc: loc([...base, 'id']),
        complete,
      });
    }
  });
  return out;
}
