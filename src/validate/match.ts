// Quote matching: exact in wording and case, tolerant of typography only.
import { editDistance } from '../util/text.js';

export interface Normalized {
  /** The normalised text. */
  text: string;
  /**
   * For each character of `text` (each code point, as this map has always counted them), the offset in the
   * original string it came from, plus one final entry for the end. 4 bytes a character, not a JS array's 8.
   */
  map: Uint32Array;
}

const APOSTROPHES = new Set(['\u2019', '\u2018', '\u02bc', '\u02b9', '\u2032', '\u0060', '\u00b4', '\u201b']);
const QUOTES = new Set(['\u00ab', '\u00bb', '\u201c', '\u201d', '\u201e', '\u201f', '\u2033', '\u2039', '\u203a', '"']);
const DASHES = new Set(['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe58', '\ufe63', '\uff0d']);
const SPACE = /[\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]/u;
const MARK = /\p{M}/u;
/** No code point below this one is changed by NFC on its own. */
const NFC_SINGLETONS_FROM = 0x340;
/** No combining mark lies below U+0300. */
const FIRST_MARK = 0x300;

/** Little-endian machines can turn a Uint16Array into a string with Buffer's UTF-16LE decoder (a copy, no loop). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Growable buffers of UTF-16 code units (the text) and of offsets (one per code point pushed). `map` always has
 * room for one entry more than `units` (a code point takes at least one unit), so only `units` is checked.
 */
class Out {
  units: Uint16Array;
  n = 0;
  map: Uint32Array;
  m = 0;
  /** Room for `size` units: normalising never makes text longer, except for "…" and rare NFC expansions. */
  constructor(size: number) {
    this.units = new Uint16Array(size);
    this.map = new Uint32Array(size + 1);
  }
  /** The last code unit pushed, or -1. */
  get last(): number {
    return this.n > 0 ? this.units[this.n - 1]! : -1;
  }
  /** Room for k more units (and k more map entries, and the final one). */
  ensure(k: number): void {
    if (this.n + k <= this.units.length) return;
    const size = Math.max(this.units.length * 2, this.n + k);
    const u = new Uint16Array(size);
    u.set(this.units.subarray(0, this.n));
    this.units = u;
    const m = new Uint32Array(size + 1);
    m.set(this.map.subarray(0, this.m));
    this.map = m;
  }
  /** One code point given as a code unit (BMP, not a surrogate). */
  unit(c: number, at: number): void {
    if (this.n === this.units.length) this.ensure(1);
    this.units[this.n++] = c;
    this.map[this.m++] = at;
  }
  /** Each code point of `s`, all from offset `at`. */
  push(s: string, at: number): void {
    this.ensure(s.length);
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      this.units[this.n++] = c;
      // A surrogate pair is one code point: one map entry.
      if (!(c >= 0xdc00 && c <= 0xdfff && k > 0 && s.charCodeAt(k - 1) >= 0xd800 && s.charCodeAt(k - 1) <= 0xdbff)) this.map[this.m++] = at;
    }
  }
  /** Drop a trailing space (one unit, one map entry). */
  pop(): void {
    this.n--;
    this.m--;
  }
  text(): string {
    if (LITTLE_ENDIAN) return Buffer.from(this.units.buffer, this.units.byteOffset, this.n * 2).toString('utf16le');
    let s = '';
    for (let k = 0; k < this.n; k += 8192) s += String.fromCharCode.apply(null, this.units.subarray(k, Math.min(this.n, k + 8192)) as unknown as number[]);
    return s;
  }
}

const SP = 0x20;
const DQ = 0x22;

/**
 * Normalise text for matching and keep a map back to the original offsets: Unicode NFC per character
 * cluster; every apostrophe to ', every quotation mark to ", every dash to -, "…" to "...", any run of
 * white space to one space, and no space just inside a quotation mark (« Mon message » = "Mon message").
 */
export function normalizeForMatch(input: string): Normalized {
  const out = new Out(input.length + 8);
  const len = input.length;
  let i = 0;
  while (i < len) {
    const start = i;
    const c = input.charCodeAt(i);
    // Fast path: an ASCII character not followed by a combining mark is its own cluster.
    if (c < 0x80 && (i + 1 >= len || input.charCodeAt(i + 1) < FIRST_MARK)) {
      i++;
      if (c === SP || (c >= 0x09 && c <= 0x0d)) {
        const last = out.last;
        if (last !== -1 && last !== SP && last !== DQ) out.unit(SP, start);
      } else if (c === DQ) {
        if (out.last === SP) out.pop();
        out.unit(DQ, start);
      } else if (c === 0x60) out.unit(0x27, start);
      else out.unit(c, start);
      continue;
    }
    const cp = input.codePointAt(i)!;
    let cluster = String.fromCodePoint(cp);
    i += cluster.length;
    while (i < len) {
      if (input.charCodeAt(i) < FIRST_MARK) break;
      const next = String.fromCodePoint(input.codePointAt(i)!);
      if (!MARK.test(next)) break;
      cluster += next;
      i += next.length;
    }
    // NFC: clusters of several code points, and single ones from U+0340 on, where singletons such as U+212B
    // ANGSTROM SIGN (to U+00C5) and the CJK compatibility ideographs lie; nothing below changes under NFC.
    const ch = cluster.length > 1 || cp >= NFC_SINGLETONS_FROM ? cluster.normalize('NFC') : cluster;
    if (SPACE.test(ch)) {
      const last = out.last;
      if (last !== -1 && last !== SP && last !== DQ) out.unit(SP, start);
      continue;
    }
    if (APOSTROPHES.has(ch)) out.unit(0x27, start);
    else if (QUOTES.has(ch)) {
      if (out.last === SP) out.pop();
      out.unit(DQ, start);
    } else if (DASHES.has(ch)) out.unit(0x2d, start);
    else if (ch === '\u2026') out.push('...', start);
    else out.push(ch, start);
  }
  if (out.last === SP) out.pop();
  out.map[out.m++] = len;
  return { text: out.text(), map: out.m === out.map.length ? out.map : out.map.slice(0, out.m) };
}

// Elision markers: (...) [...] (…) […] … and a bare "...", with any spaces around them.
const ELISION = /\s*(?:\(\s*\.\.\.\s*\)|\[\s*\.\.\.\s*\]|\.\.\.)\s*/g;

/** Split a normalised quote into the pieces that must appear in order. Surrounding quotation marks are dropped. */
export function quotePieces(quote: string): string[] {
  let q = normalizeForMatch(quote).text.trim();
  while (q.length > 1 && q.startsWith('"')) q = q.slice(1).trim();
  while (q.length > 1 && q.endsWith('"')) q = q.slice(0, -1).trim();
  return q
    .split(ELISION)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** Most normalised characters allowed between two pieces of an elided quote. */
export const MAX_ELISION_GAP = 400;

export interface Found {
  start: number;
  end: number;
}

/** Find the pieces in order, each close after the previous one; the first full match wins. */
export function findPieces(hay: string, pieces: readonly string[], maxGap = MAX_ELISION_GAP): Found | undefined {
  const [first, ...rest] = pieces;
  if (first === undefined) return undefined;
  // Linear, not quadratic, on hostile text: a piece's next occurrence only moves right as the start does, so a
  // missing piece ends the search, and a piece found too far away lets the next start jump close to it.
  let from = 0;
  for (;;) {
    const s = hay.indexOf(first, from);
    if (s === -1) return undefined;
    let end = s + first.length;
    let span = first.length;
    let next = s + 1;
    let ok = true;
    for (const p of rest) {
      const at = hay.indexOf(p, end);
      if (at === -1) return undefined;
      if (at - end > maxGap) {
        ok = false;
        next = Math.max(next, at - span - maxGap);
        break;
      }
      span += maxGap + p.length;
      end = at + p.length;
    }
    if (ok) return { start: s, end };
    from = next;
  }
}

export interface Closest {
  /** Offsets in the normalised text. */
  start: number;
  end: number;
  similarity: number;
}

/** Characters compared when scoring a passage: edit distance is quadratic, so very long quotes are scored on their start. */
const MAX_SCORED_CHARS = 1000;

/** The passage of `hay` most like `needle`, word-aligned, with a 0..1 similarity. Linear in the document's length. */
export function closestPassage(hay: string, needle: string): Closest | undefined {
  const words: Array<{ w: string; s: number; e: number }> = [];
  for (const m of hay.matchAll(/\S+/g)) words.push({ w: m[0], s: m.index, e: m.index + m[0].length });
  const qWords = needle.split(' ').filter(Boolean);
  const n = qWords.length;
  if (n === 0 || words.length === 0) return undefined;
  // Words compare without case and surrounding punctuation: «L'ennemi and L'ennemi, are the same word here.
  const bare = (w: string) => w.toLowerCase().replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
  const qSet = new Set(qWords.map(bare));
  // Shortlist windows by shared words (a running count over the words, so each window costs O(1)), then rank
  // the best few by edit distance. Order: most shared words first, then earliest, then shortest.
  const shared = new Int32Array(words.length + 1);
  for (let k = 0; k < words.length; k++) shared[k + 1] = shared[k]! + (qSet.has(bare(words[k]!.w)) ? 1 : 0);
  const lens = [n - 1, n, n + 1].filter((l) => l > 0 && l <= words.length);
  const TOP = 30;
  // Find the score of the TOP-th best window, then keep every window above it and the earliest ones at it.
  const histogram = new Int32Array(n + 2);
  for (const len of lens) for (let i = 0; i + len <= words.length; i++) histogram[shared[i + len]! - shared[i]!]!++;
  let cutoff = n + 1;
  for (let above = 0; cutoff > 0 && above + histogram[cutoff]! < TOP; cutoff--) above += histogram[cutoff]!;
  const candidates: Array<{ i: number; len: number; score: number; order: number }> = [];
  let atCutoff = TOP - candidates.length;
  for (let a = cutoff + 1; a <= n + 1; a++) atCutoff -= histogram[a]!;
  for (let i = 0; i < words.length; i++) {
    lens.forEach((len, order) => {
      if (i + len > words.length) return;
      const score = shared[i + len]! - shared[i]!;
      if (score > cutoff || (score === cutoff && atCutoff-- > 0)) candidates.push({ i, len, score, order });
    });
  }
  if (candidates.length === 0) candidates.push({ i: 0, len: words.length, score: 0, order: 0 });
  candidates.sort((a, b) => b.score - a.score || a.i - b.i || a.order - b.order);
  const scored = needle.slice(0, MAX_SCORED_CHARS);
  let best: (Closest & { i: number; len: number }) | undefined;
  for (const c of candidates.slice(0, TOP)) {
    const start = words[c.i]!.s;
    const end = words[Math.min(words.length, c.i + c.len) - 1]!.e;
    const passage = hay.slice(start, Math.min(end, start + MAX_SCORED_CHARS));
    const sim = 1 - editDistance(passage, scored) / Math.max(passage.length, scored.length);
    if (!best || sim > best.similarity) best = { start, end, similarity: sim, i: c.i, len: c.len };
  }
  if (!best) return undefined;
  // Trim leading words the quote does not have, so that the passage starts where the quote would; trim a
  // trailing one only when that makes the passage no less similar, so that a misquoted last word still shows.
  const simOf = (i: number, len: number) => {
    const start = words[i]!.s;
    const passage = hay.slice(start, Math.min(words[i + len - 1]!.e, start + MAX_SCORED_CHARS));
    return 1 - editDistance(passage, scored) / Math.max(passage.length, scored.length);
  };
  let { i, len } = best;
  while (len > 1 && !qSet.has(bare(words[i]!.w))) (i++, len--);
  let similarity = len === best.len ? best.similarity : simOf(i, len);
  for (let k = 0; k < 4 && len > 1 && !qSet.has(bare(words[i + len - 1]!.w)); k++) {
    const shorter = simOf(i, len - 1);
    if (shorter < similarity) break;
    similarity = shorter;
    len--;
  }
  return { start: words[i]!.s, end: words[i + len - 1]!.e, similarity: best.similarity };
}

/** Start offset of each line of a text, to turn offsets into 1-based line and column. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function lineColAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}
