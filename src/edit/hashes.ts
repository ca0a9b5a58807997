import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit, type CST, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { parseYaml } from '../load/yaml.js';

export interface HashChange {
  id: string;
  /** The sha256 recorded before, if any. */
  before?: string;
  after: string;
  /** Where the `sha256` key stands in the new text (1-based). */
  line: number;
  column: number;
}

/** A document whose hash was not written, where it stands in the file (1-based) and why. */
export interface HashSkip {
  id: string;
  line: number;
  column: number;
  reason: string;
}

export interface HashEdit {
  text: string;
  changes: HashChange[];
  skipped: HashSkip[];
}

interface Edit {
  start: number;
  end: number;
  insert: string;
  /** Offset of the `sha256` key: in the old text for a replaced value, in `insert` for an added key. */
  key: number;
  added: boolean;
  /** Index of the entry in the documents list. */
  index: number;
  change: HashChange;
}

/**
 * Set `sha256` on the listed documents of a documents file by editing the text in place. The value of an existing
 * key is replaced where it stands, whatever its form (empty, null, plain, quoted, block scalar, list, map, alias,
 * with an anchor, a tag or a comment); a missing key is added as the last key of its entry, block or flow. Comments,
 * key order and line endings are kept. Every edit is proved by reading the new text back with the project's loader:
 * an entry whose edit would not read back as exactly that hash, with the rest of the file unchanged, is left as it
 * was and reported in `skipped`.
 */
export function setDocumentHashes(text: string, hashes: ReadonlyMap<string, string>): HashEdit {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, keepSourceTokens: true, uniqueKeys: true, merge: false });
  const at = (offset: number) => lc.linePos(offset);
  const changes: HashChange[] = [];
  const skipped: HashSkip[] = [];
  const list = isMap(doc.contents) ? doc.contents.get('documents', true) : undefined;
  if (doc.errors.length > 0 || !isSeq(list)) return { text, changes, skipped };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const anchorsUsed = aliasedAnchors(doc);
  const edits: Edit[] = [];
  list.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const id = item.get('id');
    if (typeof id !== 'string') return;
    const want = hashes.get(id);
    if (want === undefined) return;
    const pair = item.items.find((p) => isScalar(p.key) && p.key.value === 'sha256');
    const where = at(pair ? ((pair.key as Node).range?.[0] ?? 0) : (item.range?.[0] ?? 0));
    const skip = (reason: string) => skipped.push({ id, line: where.line, column: where.col, reason });
    if (pair === undefined) {
      const e = item.flow ? flowInsertion(item, want) : blockInsertion(text, item, lc, eol, want);
      edits.push({ ...e, added: true, index, change: { id, after: want, line: 0, column: 0 } });
      return;
    }
    const value = pair.value as Node | null;
    if (isScalar(value) && value.value === want) return;
    const anchor = value && !isAlias(value) ? value.anchor : undefined;
    if (anchor !== undefined && anchorsUsed.has(anchor)) {
      skip(`its value is named &${anchor} and used again elsewhere as *${anchor}, so replacing it would change those too; write the hash out in place of the anchor, then run "claims hash" again`);
      return;
    }
    const e = valueReplacement(text, pair, want);
    if (typeof e === 'string') {
      skip(e);
      return;
    }
    const before = isScalar(value) && value.value !== null && value.value !== '' ? String(value.value) : undefined;
    edits.push({ ...e, key: (pair.key as Node).range?.[0] ?? e.start, added: false, index, change: { id, ...(before === undefined ? {} : { before }), after: want, line: 0, column: 0 } });
  });
  const proved = proveEdits(text, edits, hashes);
  for (const e of edits) {
    if (proved.includes(e)) continue;
    const p = at(e.added ? e.start : e.key);
    skipped.push({ id: e.change.id, line: p.line, column: p.col, reason: 'the entry is written in a form that this edit could not change safely; set "sha256" by hand (run "claims check" to see the hash it expects)' });
  }
  skipped.sort((a, b) => a.line - b.line || a.column - b.column);
  const out = applyEdits(text, proved);
  const outLines = new LineCounter();
  parseDocument(out, { lineCounter: outLines });
  for (const [e, offset] of keyOffsets(proved)) {
    const p = outLines.linePos(offset);
    changes.push({ ...e.change, line: p.line, column: p.col });
  }
  return { text: out, changes, skipped };
}

/** Anchor names that some alias in the document refers to. */
function aliasedAnchors(doc: Document): Set<string> {
  const used = new Set<string>();
  visit(doc, {
    Alias(_, node) {
      used.add(node.source);
    },
  });
  return used;
}

/**
 * The text edit that puts `want` in place of a pair's value, or why there is none. Scalars, flow collections and
 * aliases are replaced by their own range (an anchor or tag before them stays); a block scalar keeps the comment on
 * its header line; an empty value gets the hash after the colon (and after an anchor or tag written there); a block
 * list or map under the key is replaced from the colon on, keeping a comment on the key's line.
 */
function valueReplacement(text: string, pair: Pair, want: string): Omit<Edit, 'key' | 'added' | 'index' | 'change'> | string {
  const src = (pair as { srcToken?: CST.CollectionItem }).srcToken;
  const sep = src?.sep ?? [];
  const colon = sep.find((t) => t.type === 'map-value-ind');
  const token = src?.value;
  const value = pair.value as Node | null;
  const range = value?.range;
  if (!colon) return 'the key "sha256" has no colon after it; write "sha256: <hash>"';
  if (!token || !range) {
    // Empty value: after the colon, or after the last anchor or tag that follows it.
    let offset = colon.offset + 1;
    for (const t of sep) if ((t.type === 'anchor' || t.type === 'tag') && t.offset > colon.offset) offset = t.offset + t.source.length;
    return { start: offset, end: offset, insert: ` ${want}` };
  }
  const [start, end] = range;
  switch (token.type) {
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'flow-collection':
    case 'alias':
      return { start, end, insert: want };
    case 'block-scalar': {
      const comment = token.props.find((t): t is CST.SourceToken => t.type === 'comment');
      return { start, end, insert: `${want}${comment ? ` ${comment.source}` : ''}${lineEnd(text, end)}` };
    }
    case 'block-map':
    case 'block-seq': {
      const comment = sep.find((t) => t.type === 'comment' && t.offset > colon.offset);
      const sameLine = comment !== undefined && !text.slice(colon.offset, comment.offset).includes('\n');
      return { start: colon.offset + 1, end, insert: ` ${want}${sameLine ? ` ${comment.source}` : ''}${lineEnd(text, end)}` };
    }
    default:
      return `the value of "sha256" is not a plain value (${token.type}); write "sha256: <hash>"`;
  }
}

/** The line break that ends text[..end], if any: a replaced block value gives it back. */
function lineEnd(text: string, end: number): string {
  if (text[end - 1] !== '\n') return '';
  return text[end - 2] === '\r' ? '\r\n' : '\n';
}

/** `, sha256: <hash>` after the last entry of a flow map (`{id: x, path: y}`). */
function flowInsertion(item: YAMLMap, want: string): Pick<Edit, 'start' | 'end' | 'insert' | 'key'> {
  const last = item.items[item.items.length - 1]!;
  const node = ((last.value as Node | null)?.range ? last.value : last.key) as Node;
  const offset = node.range?.[1] ?? item.range![1] - 1;
  return { start: offset, end: offset, insert: `, sha256: ${want}`, key: 2 };
}

/** A `sha256: <hash>` line after the last line of a block-map entry, at the indentation of its keys. */
function blockInsertion(text: string, item: YAMLMap, lc: LineCounter, eol: string, want: string): Pick<Edit, 'start' | 'end' | 'insert' | 'key'> {
  const firstKey = item.items[0]?.key as Node | undefined;
  const keyStart = firstKey?.range?.[0] ?? item.range?.[0] ?? 0;
  const indent = ' '.repeat(lc.linePos(keyStart).col - 1);
  const line = `${indent}sha256: ${want}`;
  const last = item.items[item.items.length - 1];
  const lastNode = (last?.value as Node | null) ?? (last?.key as Node | null) ?? item;
  const end = lastNode.range?.[1] ?? item.range?.[1] ?? text.length;
  // Block scalars and lists end after their newline: add the line at the start of the next line.
  if (end > 0 && text[end - 1] === '\n') return { start: end, end, insert: `${line}${eol}`, key: indent.length };
  const nl = text.indexOf('\n', end);
  if (nl === -1) return { start: text.length, end: text.length, insert: `${eol}${line}`, key: eol.length + indent.length };
  // Before the line break (after any comment that ends the line).
  const offset = text[nl - 1] === '\r' ? nl - 1 : nl;
  return { start: offset, end: offset, insert: `${eol}${line}`, key: eol.length + indent.length };
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.insert + out.slice(e.end);
  return out;
}

/** Each edit with the offset of its `sha256` key in the edited text. */
function keyOffsets(edits: readonly Edit[]): Array<[Edit, number]> {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const out: Array<[Edit, number]> = [];
  let shift = 0;
  for (const e of sorted) {
    out.push([e, e.added ? e.start + shift + e.key : e.key + shift]);
    shift += e.insert.length - (e.end - e.start);
  }
  return out;
}

/**
 * The edits whose result reads back, with the project's loader, as the old file with only those hashes set. All
 * edits are tried together first; when that fails, each half is tried the same way, so that a few bad edits among
 * thousands cost a few dozen reads of the file, not one per edit; the ones that passed are then tried together.
 */
function proveEdits(text: string, edits: readonly Edit[], hashes: ReadonlyMap<string, string>): Edit[] {
  if (edits.length === 0) return [];
  const before = parseYaml(text);
  if (before.findings.some((f) => f.severity === 'error') || before.value === undefined) return [];
  const expected = (chosen: readonly Edit[]): string => {
    const value = structuredClone(before.value) as { documents: Array<Record<string, unknown>> };
    for (const e of chosen) value.documents[e.index]!['sha256'] = hashes.get(e.change.id);
    return JSON.stringify(value);
  };
  const holds = (chosen: readonly Edit[]): boolean => {
    const after = parseYaml(applyEdits(text, chosen));
    return !after.findings.some((f) => f.severity === 'error') && after.value !== undefined && JSON.stringify(after.value) === expected(chosen);
  };
  const passing = (chosen: readonly Edit[]): Edit[] => {
    if (holds(chosen)) return [...chosen];
    if (chosen.length === 1) return [];
    const half = Math.ceil(chosen.length / 2);
    return [...passing(chosen.slice(0, half)), ...passing(chosen.slice(half))];
  };
  const kept = passing(edits);
  return kept.length === edits.length || kept.length === 0 || holds(kept) ? kept : [];
}
