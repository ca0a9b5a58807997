// Appending an entry to a list in a ledger YAML file as a text edit, so that the file keeps its comments, key
// order, indentation, blank-line rhythm and line endings; every edit is read back with the project's loader.
import { LineCounter, isMap, isScalar, isSeq, parseDocument, stringify, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseYaml } from '../load/yaml.js';
import type { PathSeg } from '../load/positions.js';

/** The new text and the 1-based line where the new entry starts; or why the file was left alone. */
export type ListEdit = { text: string; line: number } | { error: string };

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

interface Insertion {
  start: number;
  end: number;
  insert: string;
  /** Offset in `insert` where the entry's first line begins. */
  lead: number;
}

const eolOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');

/** Column (0-based) of an offset: characters since the line began. */
function columnOf(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', offset - 1);
  return offset - (nl + 1);
}

/** The entry as block-style lines of a list item: "- " at `dash`, the rest at `content`. */
function itemLines(entry: Json, dash: number, content: number, eol: string): string {
  const body = stringify(entry, { lineWidth: 0, indent: 2 }).replace(/\n$/, '').split('\n');
  return body.map((l, i) => (i === 0 ? `${' '.repeat(dash)}- ${l}` : l === '' ? '' : `${' '.repeat(content)}${l}`)).join(eol) + eol;
}

/** Offset just after the line that holds `offset` (after its line break), or the end of the text. */
function afterLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** Where the list at `path` is, with the pair that holds it (for an empty flow list's indentation). */
function locate(doc: Document, path: readonly PathSeg[]): { seq?: YAMLSeq; pair?: Pair; parent?: YAMLMap } {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  let parent: YAMLMap | undefined;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!isSeq(node)) return {};
      node = node.items[seg];
      pair = undefined;
      continue;
    }
    if (!isMap(node)) return {};
    parent = node;
    pair = node.items.find((p) => isScalar(p.key) && p.key.value === seg);
    node = pair?.value ?? undefined;
  }
  return { ...(isSeq(node) && { seq: node }), ...(pair && { pair }), ...(parent && { parent }) };
}

/** The text edit that appends `entry` to a block list, or to an empty flow list (`[]`); undefined for other forms. */
function insertion(text: string, seq: YAMLSeq, pair: Pair | undefined, entry: Json): Insertion | undefined {
  const eol = eolOf(text);
  const range = seq.range;
  if (!range) return undefined;
  if (seq.flow) {
    const key = pair?.key as Node | undefined;
    if (seq.items.length > 0 || !key?.range) return undefined;
    const dash = columnOf(text, key.range[0]) + 2;
    // `[]` goes, and the list starts on the next line (after any comment that ends this one).
    const lineEnd = afterLine(text, range[1]);
    const tail = text.slice(range[1], lineEnd);
    const comment = /^[ \t]*#/.test(tail) ? ` ${tail.trimStart()}` : tail.trimStart();
    const ending = /\n$/.test(comment) ? comment : `${comment.replace(/[ \t]+$/, '')}${eol}`;
    const head = text.slice(0, range[0]).replace(/[ \t]+$/, '');
    return { start: head.length, end: lineEnd, insert: `${ending}${itemLines(entry, dash, dash + 2, eol)}`, lead: ending.length };
  }
  const items = seq.items as Node[];
  const first = items[0];
  if (!first?.range) return undefined;
  const content = columnOf(text, first.range[0]);
  const line = text.slice(first.range[0] - content, first.range[0]);
  const m = /^([ \t]*)-[ \t]+$/.exec(line);
  if (!m) return undefined;
  const dash = m[1]!.length;
  // Keep the file's rhythm: a blank line before the new entry when the entries are separated by one.
  const prev = items[items.length - 2]?.range;
  const last = items[items.length - 1]?.range;
  const blank = prev && last ? /\n[ \t]*\r?\n/.test(text.slice(Math.max(0, prev[1] - 1), last[0])) : false;
  const end = range[1];
  const lead = `${text[end - 1] === '\n' || end === 0 ? '' : eol}${blank ? eol : ''}`;
  return { start: end, end, insert: `${lead}${itemLines(entry, dash, content, eol)}`, lead: lead.length };
}

/** A new `key:` with a one-entry block list, as the last key of a block map (an assertion without `quotes`). */
function keyInsertion(text: string, parent: YAMLMap, key: string, entry: Json): Insertion | undefined {
  const firstKey = parent.items[0]?.key as Node | undefined;
  if (parent.flow || !firstKey?.range || !parent.range) return undefined;
  const eol = eolOf(text);
  const indent = columnOf(text, firstKey.range[0]);
  const end = parent.range[1];
  const at = end > 0 && text[end - 1] === '\n' ? end : afterLine(text, end);
  const lead = at > 0 && text[at - 1] !== '\n' ? eol : '';
  const insert = `${lead}${' '.repeat(indent)}${key}:${eol}${itemLines(entry, indent + 2, indent + 4, eol)}`;
  return { start: at, end: at, insert, lead: lead.length + indent + key.length + 1 + eol.length };
}

/** The value that the file should read back as: the old one with `entry` at the end of the list at `path`. */
function expected(before: unknown, path: readonly PathSeg[], entry: Json): string {
  const value = structuredClone(before) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = value;
  path.forEach((seg, i) => {
    if (i === path.length - 1) {
      const list = (node[seg] ??= []) as unknown[];
      list.push(entry);
    } else node = node[seg] as Record<string | number, unknown>;
  });
  return JSON.stringify(value);
}

/**
 * Append `entry` to the list at `path` (keys and indices from the top of the file) in the YAML `text`. A block
 * list gets the entry after its last item, at the indentation of its items; an empty flow list (`sources: []`)
 * becomes a block list; any other form is edited through the yaml library's document model (comments kept,
 * layout possibly normalised). The result must read back, with the loader `claims check` uses, as the old file
 * plus this entry and nothing else, or no edit is made.
 */
export function appendToList(text: string, path: readonly PathSeg[], entry: Json): ListEdit {
  const before = parseYaml(text);
  if (before.findings.some((f) => f.severity === 'error') || before.value === undefined) {
    return { error: 'the file has YAML errors; run "claims check" on it and fix them first' };
  }
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: true, merge: false });
  const { seq, pair, parent } = locate(doc, path);
  const want = expected(before.value, path, entry);
  const holds = (out: string): boolean => {
    const after = parseYaml(out);
    return !after.findings.some((f) => f.severity === 'error') && JSON.stringify(after.value) === want;
  };
  const lastKey = path[path.length - 1];
  const missing = !seq && parent && typeof lastKey === 'string' && !parent.has(lastKey);
  const ins = seq ? insertion(text, seq, pair, entry) : missing ? keyInsertion(text, parent, lastKey, entry) : undefined;
  if (ins) {
    const out = text.slice(0, ins.start) + ins.insert + text.slice(ins.end);
    if (holds(out)) {
      const lc = new LineCounter();
      parseDocument(out, { lineCounter: lc });
      return { text: out, line: lc.linePos(ins.start + ins.lead).line };
    }
  }
  // Another form (a flow list with items, a missing key): the document model, which keeps comments.
  const model = parseDocument(text, { uniqueKeys: true, merge: false });
  if (missing) model.setIn([...path], model.createNode([entry]));
  else model.addIn([...path], model.createNode(entry));
  const eol = eolOf(text);
  const out = model.toString({ lineWidth: 0 }).replace(/\r?\n/g, eol);
  if (!holds(out)) return { error: 'the list is written in a form that this edit could not extend safely; add the entry by hand' };
  const lc = new LineCounter();
  const again = parseDocument(out, { lineCounter: lc });
  const added = locate(again, path).seq?.items.at(-1) as Node | undefined;
  return { text: out, line: added?.range ? lc.linePos(added.range[0]).line : 1 };
}

export type { Json };
