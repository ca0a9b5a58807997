import { CORE_SCHEMA, load, type State } from 'js-yaml';
import { LineCounter } from 'yaml';
import type { Loc } from '../report/types.js';
import type { Locator } from './extract.js';
import { locOfRange, type PathSeg, type SchemaWhere } from './positions.js';
import { MAX_DEPTH } from './yaml.js';

/*
 * The fast path of the per-file YAML stage. js-yaml (about 7x faster than `yaml` on claim files) reads the
 * value, and a listener on its node events records where each node starts and ends, which gives the same
 * positions as the `yaml` Document for the block style claim files use (plain and one-line quoted scalars, block
 * scalars without indentation indicators, one-line flow lists). `yaml` stays the authority:
 * this path declines (returns undefined) on anything unusual, and the caller then takes the `yaml` path.
 * What it accepts is checked node by node, so that both paths give the same value and the same positions
 * (test/fast-yaml.test.ts compares them on every fixture, a generated corpus and random files).
 */

/** Thrown inside the listener or a locator to abandon the fast path. */
class Decline extends Error {}
const DECLINE = new Decline('fast path declined');

/**
 * Text the fast path does not handle, found cheaply and conservatively (false alarms only cost speed): tabs,
 * carriage returns and other line breaks, backslashes (escape sequences), a byte order mark, document markers,
 * directives, and explicit keys or values (`? key`, `: value`) at the start of a line.
 */
const UNUSUAL = /[\t\r\\\u0085\u2028\u2029\ufeff]|^(?:---|\.\.\.)(?:[ \n]|$)|^%|^[ -]*[?:](?:[ \n]|$)/m;

/** Plain scalars that YAML 1.2 core (yaml's default schema) reads as something other than a string. */
const CORE_NOT_STRING =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))?$/;

/** The only non-string plain scalars accepted, with the value both readers give them. */
function coreValue(s: string): unknown {
  if (/^[-+]?(?:0|[1-9][0-9]{0,14})$/.test(s)) return Number(s);
  if (/^(?:[Tt]rue|TRUE)$/.test(s)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(s)) return false;
  if (/^(?:~|[Nn]ull|NULL)$/.test(s)) return null;
  throw DECLINE;
}

const SCALAR = 0;
const MAP = 1;
const SEQ = 2;
const EMPTY = 3;

interface FastNode {
  kind: number;
  /** The node's range as `yaml` gives it: [start, value end). For block collections, the end of the last item. */
  start: number;
  end: number;
  /** Flow collection (`[a, b]`), or an item of one. */
  flow: boolean;
  /** A block scalar (`|`, `>`): the indentation of its content lines; otherwise -1. */
  block: number;
  /** A block scalar: the indentation of the line that ends it (-1 at the end of the text). */
  after: number;
  result: unknown;
  kids?: FastNode[];
}

interface Frame {
  open: number;
  kids: FastNode[] | undefined;
}

const CH_SPACE = 0x20;
const CH_NL = 0x0a;
const CH_HASH = 0x23;

export interface FastParsed {
  value: unknown;
  locate: Locator;
  /** Where a schema finding points, as humanize's Document-based one gives it (or a Decline thrown). */
  where: SchemaWhere;
}

/**
 * Read `text` with js-yaml and index node positions, or return undefined when the text is anything but the plain
 * subset this path proves equal to `yaml`'s reading.
 */
export function fastParseYaml(text: string): FastParsed | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const len = text.length;

  /** First offset at or after `i` that is not a space, a line break or a comment. */
  const seek = (i: number): number => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === CH_SPACE || c === CH_NL) i++;
      else if (c === CH_HASH) {
        const nl = text.indexOf('\n', i);
        if (nl === -1) return len;
        i = nl + 1;
      } else return i;
    }
  };
  /** Back over spaces from `i`. */
  const trimBack = (i: number): number => {
    if (i > len) i = len;
    while (i > 0 && text.charCodeAt(i - 1) === CH_SPACE) i--;
    return i;
  };
  /** The offset after the line break ending the line that holds `i` (yaml's node end for a block value). */
  const lineEnd = (i: number): number => {
    const nl = text.indexOf('\n', i);
    return nl === -1 ? len : nl + 1;
  };
  /** A block value must be followed on its line only by spaces and a comment. */
  const restOfLine = / *(?:(?<= )#[^\n]*)?(?:\n|$)/y;
  const valueEnds = (n: FastNode): void => {
    restOfLine.lastIndex = n.end;
    if (!restOfLine.test(text)) throw DECLINE;
  };
  /** After a key: optional spaces and the colon. */
  const keyEnds = (n: FastNode): void => {
    let i = n.end;
    while (text.charCodeAt(i) === CH_SPACE) i++;
    if (text.charCodeAt(i) !== 0x3a) throw DECLINE;
  };
  /** A node's end including the rest of its line, as `yaml` counts it when the node closes a block collection. */
  const nodeEnd = (n: FastNode): number => {
    if (n.kind === EMPTY) return -1;
    if ((n.kind === SCALAR && n.block < 0) || n.flow) return lineEnd(n.end);
    return n.end;
  };
  /** The column (0-based) of offset `i`. */
  const columnOf = (i: number): number => i - (text.lastIndexOf('\n', i - 1) + 1);
  /**
   * A block scalar that is a collection's value: its content must be indented deeper than the key or dash that owns
   * it, and the line ending it no deeper than that (a line in between is an indentation error for `yaml`).
   */
  const blockOwned = (n: FastNode, owner: number): void => {
    if (n.block <= owner || n.after > owner) throw DECLINE;
  };

  /** A block scalar's header: style, chomping, then spaces and a comment; no indentation indicator. */
  const blockHeader = /([|>])([-+]?)(?: +(?:#[^\n]*)?)?\n/y;
  /**
   * A block scalar (`|`, `>`, `|-`, `>+`...) starting at `start`, read here from the text by the rules of YAML 1.2
   * for the subset both readers agree on, and accepted only when js-yaml gave the same value. Its range is `yaml`'s:
   * from the header to the end of the last content line, and with keep chomping (`+`) to the end of the empty lines
   * after it. Declined: indentation indicators, no content, lines of spaces only or ending in a space, and in a
   * folded scalar, lines indented deeper than the first (which fold differently).
   */
  const blockScalar = (start: number, result: unknown): FastNode => {
    blockHeader.lastIndex = start;
    const h = blockHeader.exec(text);
    if (h === null) throw DECLINE;
    const folded = h[1] === '>';
    const chomp = h[2];
    let p = blockHeader.lastIndex;
    let indent = -1;
    let value = '';
    /** Empty lines since the last content line (or since the header). */
    let empties = 0;
    /** Offset after the last content line (its line break included). */
    let contentEnd = -1;
    let after = -1;
    while (p < len) {
      let nl = text.indexOf('\n', p);
      if (nl === -1) nl = len;
      if (nl === p) {
        empties++;
        p = nl + 1;
        continue;
      }
      let i = p;
      while (text.charCodeAt(i) === CH_SPACE) i++;
      if (i === nl || text.charCodeAt(nl - 1) === CH_SPACE) throw DECLINE;
      const ind = i - p;
      if (indent < 0) indent = ind;
      if (ind < indent) {
        after = ind;
        break;
      }
      if (ind > indent && folded) throw DECLINE;
      const line = text.slice(p + indent, nl);
      if (contentEnd < 0) value = '\n'.repeat(empties) + line;
      else if (!folded) value += '\n'.repeat(empties + 1) + line;
      else value += empties === 0 ? ' ' + line : '\n'.repeat(empties) + line;
      empties = 0;
      contentEnd = nl < len ? nl + 1 : len;
      p = nl + 1;
    }
    if (contentEnd < 0) throw DECLINE;
    let end = contentEnd;
    if (chomp === '') value += '\n';
    else if (chomp === '+') {
      value += '\n'.repeat(empties + 1);
      end = Math.min(p, len);
    }
    if (result !== value) throw DECLINE;
    return { kind: SCALAR, start, end, flow: false, block: indent, after, result };
  };

  const scalar = (start: number, position: number, result: unknown, flow: boolean): FastNode => {
    const c = text.charCodeAt(start);
    let end: number;
    if (c === 0x22 || c === 0x27) {
      // "double" or 'single' quoted, on one line, no escapes (backslashes are declined above).
      end = position;
      if (end > len || text.charCodeAt(end - 1) !== c || end - start < 2) throw DECLINE;
      const inner = text.slice(start + 1, end - 1);
      if (inner.includes('\n')) throw DECLINE;
      if (result !== (c === 0x22 ? inner : inner.replace(/''/g, "'"))) throw DECLINE;
    } else if (c === 0x7c || c === 0x3e) {
      if (flow) throw DECLINE;
      return blockScalar(start, result);
    } else {
      // Plain, on one line; no anchor, alias, tag or indicator start.
      if (c === 0x26 || c === 0x2a || c === 0x21 || c === 0x7c || c === 0x3e || c === 0x25 || c === 0x40 || c === 0x60) throw DECLINE;
      end = trimBack(position);
      if (end <= start) throw DECLINE;
      const raw = text.slice(start, end);
      if (raw.includes('\n')) throw DECLINE;
      if (flow && /[:#[\]{},]/.test(raw)) throw DECLINE;
      if (CORE_NOT_STRING.test(raw)) {
        const v = coreValue(raw);
        if (result !== v) throw DECLINE;
      } else {
        if (c === 0x2d || c === 0x3f || c === 0x3a) throw DECLINE;
        if (result !== raw) throw DECLINE;
      }
    }
    return { kind: SCALAR, start, end, flow, block: -1, after: -1, result };
  };

  const stack: Frame[] = [];
  let root: FastNode | undefined;
  let rootCount = 0;

  const listener = (event: 'open' | 'close', state: State): void => {
    if (event === 'open') {
      stack.push({ open: state.position, kids: undefined });
      return;
    }
    const frame = stack.pop()!;
    const kind = state.kind;
    const result = state.result;
    const kids = frame.kids;
    let node: FastNode;
    if (kids !== undefined && kids.length === 1 && kids[0]!.result === result && kind !== null) {
      // js-yaml read this node as the would-be first key of a block map that turned out not to be one.
      node = kids[0]!;
    } else if (kind === null) {
      if (kids !== undefined && kids.some((k) => k.kind !== EMPTY)) throw DECLINE;
      node = { kind: EMPTY, start: -1, end: -1, flow: false, block: -1, after: -1, result };
    } else {
      const start = seek(frame.open);
      const c = text.charCodeAt(start);
      if (kind === 'scalar') {
        if (kids !== undefined && kids.some((k) => k.kind !== EMPTY)) throw DECLINE;
        // A block scalar's header is on the line of its key or dash.
        if ((c === 0x7c || c === 0x3e) && text.lastIndexOf('\n', start - 1) >= frame.open) throw DECLINE;
        node = scalar(start, state.position, result, false);
      } else if (kind === 'mapping') {
        if (c === 0x7b || kids === undefined) throw DECLINE; // flow maps, {}
        if (kids.length % 2 === 1) {
          // The last key js-yaml tried was not one (the map ended).
          if (kids[kids.length - 1]!.kind !== EMPTY) throw DECLINE;
          kids.pop();
        }
        if (kids.length === 0 || Object.keys(result as object).length !== kids.length / 2) throw DECLINE;
        for (let i = 0; i < kids.length; i += 2) {
          const k = kids[i]!;
          const v = kids[i + 1]!;
          if (k.kind !== SCALAR || k.block >= 0 || typeof k.result !== 'string' || k.result === '__proto__' || k.result === '<<' || k.end - k.start > 1000) throw DECLINE;
          keyEnds(k);
          if (v.block >= 0) blockOwned(v, columnOf(k.start));
          else if (v.kind !== EMPTY && (v.kind === SCALAR || v.flow)) valueEnds(v);
        }
        node = { kind: MAP, start, end: nodeEnd(kids[kids.length - 1]!), flow: false, block: -1, after: -1, result, kids };
      } else {
        if (c === 0x5b) {
          // [a, b]: on one line, items scalars.
          const end = state.position;
          if (text.charCodeAt(end - 1) !== 0x5d || text.slice(start, end).includes('\n')) throw DECLINE;
          const items = kids ?? [];
          if (items.length !== (result as unknown[]).length) throw DECLINE;
          for (const k of items) {
            if (k.kind !== SCALAR || k.block >= 0) throw DECLINE;
            k.flow = true;
            let i = k.end;
            while (text.charCodeAt(i) === CH_SPACE) i++;
            const d = text.charCodeAt(i);
            if (d !== 0x2c && d !== 0x5d) throw DECLINE;
          }
          node = { kind: SEQ, start, end, flow: true, block: -1, after: -1, result, kids: items };
        } else {
          if (c !== 0x2d || kids === undefined || kids.length !== (result as unknown[]).length) throw DECLINE;
          const dash = columnOf(start);
          for (const k of kids) {
            if (k.block >= 0) blockOwned(k, dash);
            else if (k.kind === SCALAR || k.flow) valueEnds(k);
          }
          node = { kind: SEQ, start, end: nodeEnd(kids[kids.length - 1]!), flow: false, block: -1, after: -1, result, kids };
        }
      }
    }
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      root = node;
      rootCount++;
    } else if (parent.kids === undefined) parent.kids = [node];
    else parent.kids.push(node);
  };

  let value: unknown;
  try {
    value = load(text, {
      schema: CORE_SCHEMA,
      json: false,
      maxDepth: MAX_DEPTH,
      listener,
      onWarning: () => {
        throw DECLINE;
      },
    });
    if (root === undefined || rootCount !== 1 || root.kind !== MAP || root.result !== value) return undefined;
  } catch {
    return undefined;
  }
  // The root's scalars were checked as its map's keys and values.
  const top = root;
  let lc: LineCounter | undefined;
  const lines = (): LineCounter => {
    if (lc === undefined) {
      lc = new LineCounter();
      lc.addNewLine(0);
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
    }
    return lc;
  };
  /** A node's range as `yaml` gives it; an empty value is where `yaml` puts one only right after a `key:` ending its line. */
  const emptyAt = (key: FastNode | undefined): number => {
    if (key === undefined || text.charCodeAt(key.end) !== 0x3a || text.charCodeAt(key.end + 1) !== CH_NL) throw DECLINE;
    return key.end + 1;
  };
  /** A block collection ending in an empty value ends where that value is (the index leaves its end unknown: -1). */
  const endOf = (n: FastNode): number => {
    if (n.end >= 0) return n.end;
    const kids = n.kids;
    if (kids === undefined || kids.length === 0) throw DECLINE;
    const last = kids[kids.length - 1]!;
    if (last.kind !== EMPTY) return endOf(last);
    if (n.kind !== MAP) throw DECLINE;
    return emptyAt(kids[kids.length - 2]);
  };
  const rangeOf = (n: FastNode, key: FastNode | undefined): [number, number] => {
    if (n.kind === EMPTY) {
      const at = emptyAt(key);
      return [at, at];
    }
    return [n.start, endOf(n)];
  };
  const locOf = (n: FastNode, key: FastNode | undefined): Loc => {
    const [a, b] = rangeOf(n, key);
    return locOfRange(lines(), a, b);
  };
  /** The first line of a map (humanize's mapStart): its first key when it spans lines. */
  const mapStart = (n: FastNode, key: FastNode | undefined): Loc => {
    const loc = locOf(n, key);
    if (loc.endLine > loc.line) return n.kind === MAP ? locOf(n.kids![0]!, undefined) : { ...loc, endLine: loc.line, endColumn: loc.column };
    return loc;
  };
  /** positions.ts's nodeAt over the index: the value at the path, the key of its entry, the deepest node reached (with its key). */
  const where: SchemaWhere = (path, target) => {
    let cur: FastNode = top;
    let curKey: FastNode | undefined;
    let key: FastNode | undefined;
    let reached = true;
    for (const seg of path) {
      const kids = cur.kids;
      let next: FastNode | undefined;
      let nextKey: FastNode | undefined;
      if (cur.kind === SEQ && typeof seg !== 'number') throw DECLINE;
      if (cur.kind === SEQ) next = kids![seg as number];
      else if (cur.kind === MAP) {
        for (let i = 0; i < kids!.length; i += 2) {
          if (kids![i]!.result === String(seg)) {
            nextKey = kids![i];
            next = kids![i + 1];
            break;
          }
        }
      }
      if (next === undefined) {
        reached = false;
        break;
      }
      if (next.kind === EMPTY && cur.kind === SEQ) throw DECLINE;
      key = nextKey;
      cur = next;
      curKey = nextKey;
    }
    // `deepest` is `cur` either way; `node` and `key` are only set when the whole path was walked.
    if (!reached) return mapStart(cur, curKey);
    if (target === 'key') return key === undefined ? mapStart(cur, curKey) : locOf(key, undefined);
    if (target === 'map') return mapStart(cur, curKey);
    return locOf(cur, curKey);
  };
  const locate: Locator = (path: readonly PathSeg[]): Loc => {
    let n: FastNode = top;
    for (const seg of path) {
      const kids = n.kids;
      if (kids === undefined) throw DECLINE;
      let next: FastNode | undefined;
      if (n.kind === SEQ) {
        if (typeof seg !== 'number') throw DECLINE;
        next = kids[seg];
      } else {
        for (let i = 0; i < kids.length; i += 2) {
          if (kids[i]!.result === seg) {
            next = kids[i + 1];
            break;
          }
        }
      }
      if (next === undefined) throw DECLINE;
      n = next;
    }
    if (n.kind === EMPTY || n.end < 0) throw DECLINE;
    return locOfRange(lines(), n.start, n.end);
  };
  return { value, locate, where };
}

/** Whether an error came from a locator declining (the caller then takes the `yaml` path). */
export function isDecline(err: unknown): boolean {
  return err instanceof Decline;
}
