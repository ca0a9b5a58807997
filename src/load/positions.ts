import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { Loc } from '../report/types.js';

export type PathSeg = string | number;

/**
 * Where a schema finding points, given its path and what it is about (a key, a map's start, a value). Two
 * implementations: over the `yaml` Document (validate/humanize.ts) and over the fast path's position index
 * (load/fast-yaml.ts), which lets a file with schema errors be reported without building a Document.
 */
export type SchemaWhere = (path: readonly PathSeg[], target: 'key' | 'map' | 'value') => Loc | undefined;

/** 1-based line/column range of source offsets [start, end). */
export function locOfRange(lc: LineCounter, start: number, end: number): Loc {
  const a = lc.linePos(start);
  const b = lc.linePos(Math.max(start, end));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

export function locOfNode(lc: LineCounter, node: Node | null | undefined): Loc | undefined {
  const r = node?.range;
  if (!r) return undefined;
  return locOfRange(lc, r[0], r[1]);
}

function pairFor(map: Node, key: string): Pair<unknown, unknown> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const k = item.key;
    const kv = isScalar(k) ? k.value : k;
    // As the plain data names it: a null key (`~:` or `? : x`) is the empty string there.
    if ((kv === null || kv === undefined ? '' : String(kv)) === key) return item;
  }
  return undefined;
}

export interface Located {
  /** The value node at the path (undefined when the path ends at a missing key). */
  node?: Node;
  /** The key node of the last map entry on the path, when the path ends inside a map. */
  key?: Node;
  /** The deepest node reached (the parent when the rest of the path is missing). */
  deepest?: Node;
}

/** Walk the YAML syntax tree along a JSON path. */
export function nodeAt(doc: Document, path: readonly PathSeg[]): Located {
  let cur = doc.contents as Node | null;
  let key: Node | undefined;
  let deepest: Node | undefined = cur ?? undefined;
  for (const seg of path) {
    if (!cur) return { deepest };
    if (isSeq(cur) && typeof seg === 'number') {
      const next = cur.items[seg] as Node | undefined;
      key = undefined;
      if (!next) return { deepest };
      cur = next;
    } else if (isMap(cur)) {
      const pair = pairFor(cur, String(seg));
      if (!pair) return { deepest };
      key = (pair.key as Node | null) ?? undefined;
      const value = pair.value as Node | null;
      if (!value) return { key, deepest: key ?? deepest };
      cur = value;
    } else if (isSeq(cur) && /^\d+$/.test(String(seg))) {
      const next = cur.items[Number(seg)] as Node | undefined;
      if (!next) return { deepest };
      cur = next;
      key = undefined;
    } else {
      return { deepest };
    }
    deepest = cur;
  }
  return { node: cur ?? undefined, key, deepest };
}

/** Decode an Ajv/JSON-pointer instance path into segments ("/claims/0/id" -> ["claims", 0, "id"]). */
export function pointerToPath(pointer: string): PathSeg[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}
