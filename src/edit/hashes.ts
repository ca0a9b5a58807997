import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';

export interface HashChange {
  id: string;
  /** The sha256 recorded before, if any. */
  before?: string;
  after: string;
  line: number;
}

export interface HashEdit {
  text: string;
  changes: HashChange[];
  /** Documents whose hash could not be written (flow-style maps), with the reason. */
  skipped: Array<{ id: string; reason: string }>;
}

/**
 * Set `sha256` on the listed documents of a documents file by editing the text in place: an existing
 * value is replaced where it stands, a missing key is added as the last line of its entry, with the
 * entry's indentation and the file's line endings. Comments, order and formatting are untouched.
 */
export function setDocumentHashes(text: string, hashes: ReadonlyMap<string, string>): HashEdit {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, keepSourceTokens: false });
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const list = isMap(doc.contents) ? doc.contents.get('documents', true) : undefined;
  const edits: Array<{ start: number; end: number; insert: string }> = [];
  const changes: HashChange[] = [];
  const skipped: HashEdit['skipped'] = [];
  if (!isSeq(list)) return { text, changes, skipped };
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const id = item.get('id');
    if (typeof id !== 'string') continue;
    const want = hashes.get(id);
    if (want === undefined) continue;
    const existing = item.get('sha256', true) as Node | undefined;
    if (isScalar(existing) && existing.range) {
      if (String(existing.value) === want) continue;
      const [start, end] = existing.range;
      edits.push({ start, end, insert: want });
      changes.push({ id, before: text.slice(start, end), after: want, line: lc.linePos(start).line });
      continue;
    }
    if (item.flow) {
      skipped.push({ id, reason: 'written in flow style ({ … }); add "sha256" by hand' });
      continue;
    }
    const at = insertionPoint(text, item, lc, eol);
    edits.push({ start: at.offset, end: at.offset, insert: at.line(`sha256: ${want}`) });
    changes.push({ id, after: want, line: lc.linePos(at.offset).line + (text[at.offset - 1] === '\n' ? 0 : 1) });
  }
  // Report lines as they are in the new text: each earlier insertion pushes later lines down by one.
  let inserted = 0;
  for (const c of changes) {
    c.line += inserted;
    if (c.before === undefined) inserted++;
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.insert + out.slice(e.end);
  return { text: out, changes, skipped };
}

/** Where to add a line after the last line of a block-map entry, at the indentation of its keys. */
function insertionPoint(text: string, item: YAMLMap, lc: LineCounter, eol: string): { offset: number; line: (content: string) => string } {
  const firstKey = item.items[0]?.key as Node | undefined;
  const keyStart = firstKey?.range?.[0] ?? item.range?.[0] ?? 0;
  const indent = ' '.repeat(lc.linePos(keyStart).col - 1);
  const last = item.items[item.items.length - 1];
  const lastNode = (last?.value as Node | null) ?? (last?.key as Node | null) ?? item;
  const end = lastNode.range?.[1] ?? item.range?.[1] ?? text.length;
  // Block scalars end after their newline: insert at the start of the next line.
  if (end > 0 && text[end - 1] === '\n') return { offset: end, line: (c) => `${indent}${c}${eol}` };
  const nl = text.indexOf('\n', end);
  if (nl === -1) return { offset: text.length, line: (c) => `${eol}${indent}${c}` };
  // Before the line break (after any comment that ends the line).
  return { offset: text[nl - 1] === '\r' ? nl - 1 : nl, line: (c) => `${eol}${indent}${c}` };
}
