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
/**
 * Most combining marks normalised with their base: a longer run goes on in clusters of its own, as in Unicode's
 * stream-safe text format (UAX #15), because NFC sorts a run of marks in quadratic time (31 s for 320,000).
 */
export const MAX_MARKS = 30;
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
    for (let marks = 0; i < len && marks < MAX_MARKS; marks++) {
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

/**
 * What an elided quote may leave out, so that it cannot be pieced together from scattered letters or words of a
 * text: at most `maxElisions` elisions, each kept piece at least `minWords` words or `minChars` characters, and
 * in the match at most `maxElidedRatio` times as many characters left out as quoted.
 */
export const ELISION_LIMITS = { maxElisions: 5, minWords: 2, minChars: 12, maxElidedRatio: 3 } as const;

const ELISION_ADVICE = `Quote the passage with at most ${ELISION_LIMITS.maxElisions} elisions, each kept part at least two words.`;

/** Why the pieces of an elided quote leave out too much to be checked (too many elisions, a piece too short), or undefined. */
export function overElided(pieces: readonly string[]): string | undefined {
  if (pieces.length < 2) return undefined;
  const elisions = pieces.length - 1;
  if (elisions > ELISION_LIMITS.maxElisions) {
    return `This quote has ${elisions} elisions; at most ${ELISION_LIMITS.maxElisions} are allowed, so that a quote cannot be pieced together from scattered words of the text. ${ELISION_ADVICE}`;
  }
  const short = pieces.find((p) => p.split(' ').length < ELISION_LIMITS.minWords && [...p].length < ELISION_LIMITS.minChars);
  if (short !== undefined) {
    return `The part "${short}" of this quote, between elisions, is too short: each part kept must be at least ${ELISION_LIMITS.minWords} words or ${ELISION_LIMITS.minChars} characters, so that a quote cannot be pieced together from scattered letters or words of the text. ${ELISION_ADVICE}`;
  }
  return undefined;
}

/** Why a match of an elided quote leaves out too much (more characters elided than the ratio allows), or undefined. */
export function overElidedMatch(pieces: readonly string[], found: Found): string | undefined {
  if (pieces.length < 2) return undefined;
  const quoted = pieces.reduce((n, p) => n + p.length, 0);
  const elided = found.end - found.start - quoted;
  if (elided <= ELISION_LIMITS.maxElidedRatio * quoted) return undefined;
  return `This quote is found only with more left out than kept: ${elided} characters elided for ${quoted} quoted, where at most ${ELISION_LIMITS.maxElidedRatio} times as many are allowed. ${ELISION_ADVICE} Quote a shorter passage if need be.`;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** The code point that ends just before `at`, or the one that starts at `at`, is a letter, digit or mark. */
export function wordBefore(s: string, at: number): boolean {
  if (at <= 0) return false;
  const lo = s.charCodeAt(at - 1);
  const start = lo >= 0xdc00 && lo <= 0xdfff && at >= 2 ? at - 2 : at - 1;
  return WORD_CHAR.test(String.fromCodePoint(s.codePointAt(start)!));
}
export const wordAt = (s: string, at: number): boolean => at < s.length && WORD_CHAR.test(String.fromCodePoint(s.codePointAt(at)!));

/** The piece at `at` neither starts nor ends inside a word of `hay` (a word piece must not be part of a longer word). */
function onWordBounds(hay: string, piece: string, at: number): boolean {
  const end = at + piece.length;
  if (wordAt(piece, 0) && wordBefore(hay, at)) return false;
  if (wordBefore(piece, piece.length) && wordAt(hay, end)) return false;
  return true;
}

/** Like find, but only occurrences that start and end on word boundaries. */
function findOnBounds(hay: string, needle: string, from: number, work?: Work): number {
  let at = find(hay, needle, from, work);
  while (at !== -1 && !onWordBounds(hay, needle, at)) {
    if (work && work.spent > work.limit) return at;
    at = find(hay, needle, at + 1, work);
  }
  return at;
}

/**
 * Search work, in characters of text scanned, shared by the searches of one text so that the caller can stop
 * when a hostile text or quote costs more than `limit`; `cut` is set when a search stopped for that reason.
 */
export interface Work {
  spent: number;
  limit: number;
  cut?: boolean;
}

/** Needles up to this long go to indexOf as they are: V8's search then costs at most this many steps a character. */
const SHORT_NEEDLE = 32;

/**
 * The first occurrence of `needle` in `hay` at or after `from`, or -1, in time linear in the text whatever the two
 * strings are. V8's indexOf is quadratic on some long needles (a…ab…a in a…a: 10 s for 4 MB), so a long needle is
 * found by its first characters and checked in place, and once those checks have cost twice the text, by
 * Knuth-Morris-Pratt from there on.
 */
export function find(hay: string, needle: string, from = 0, work?: Work): number {
  const at = needle.length <= SHORT_NEEDLE ? hay.indexOf(needle, from) : findLong(hay, needle, from);
  if (work) work.spent += at === -1 ? Math.max(0, hay.length - from) : at - from + needle.length;
  return at;
}

function findLong(hay: string, needle: string, from: number): number {
  const anchor = needle.slice(0, SHORT_NEEDLE);
  let budget = 2 * Math.max(0, hay.length - from) + needle.length;
  for (let at = hay.indexOf(anchor, from); at !== -1; at = hay.indexOf(anchor, at + 1)) {
    if (hay.startsWith(needle, at)) return at;
    budget -= needle.length;
    if (budget < 0) return kmp(hay, needle, at + 1);
  }
  return -1;
}

/** Knuth-Morris-Pratt: every character of the text is looked at a bounded number of times. */
function kmp(hay: string, needle: string, from: number): number {
  const m = needle.length;
  const fail = new Int32Array(m);
  for (let i = 1, k = 0; i < m; i++) {
    const c = needle.charCodeAt(i);
    while (k > 0 && needle.charCodeAt(k) !== c) k = fail[k - 1]!;
    if (needle.charCodeAt(k) === c) k++;
    fail[i] = k;
  }
  for (let i = from, k = 0; i < hay.length; i++) {
    const c = hay.charCodeAt(i);
    while (k > 0 && needle.charCodeAt(k) !== c) k = fail[k - 1]!;
    if (needle.charCodeAt(k) === c) k++;
    if (k === m) return i - m + 1;
  }
  return -1;
}

export interface Found {
  start: number;
  end: number;
}

/**
 * Find the pieces in order, each starting at most `maxGap` characters after the end of the one before: the match
 * that starts first, and of those the one that ends first. Chains of occurrences that satisfy the gaps are closed
 * under taking the earliest of two at each piece, so there is one earliest chain; it is found by raising lower
 * bounds: a piece found too far from the one before pushes that one forward (to where it could reach), never back,
 * so no start is retried character by character. With `onWords`, only occurrences on word boundaries count.
 * `starts`, when given, receives where each piece of the match starts. Undefined when there is none, or when `work` ran out (then `work.cut` is set).
 */
export function findPieces(hay: string, pieces: readonly string[], maxGap = MAX_ELISION_GAP, work?: Work, onWords = false, starts?: number[]): Found | undefined {
  const k = pieces.length;
  if (k === 0) return undefined;
  const pos = new Array<number>(k).fill(0);
  const lo = new Array<number>(k).fill(0);
  let i = 0;
  while (i < k) {
    const minStart = i === 0 ? 0 : pos[i - 1]! + pieces[i - 1]!.length;
    const from = Math.max(minStart, lo[i]!);
    const at = onWords ? findOnBounds(hay, pieces[i]!, from, work) : find(hay, pieces[i]!, from, work);
    if (at === -1) return undefined;
    if (work && work.spent > work.limit) {
      work.cut = true;
      return undefined;
    }
    lo[i] = at;
    if (i === 0 || at - minStart <= maxGap) {
      pos[i++] = at;
      continue;
    }
    // No occurrence of piece i between the end of piece i-1 and `at`: piece i-1 must end within maxGap of `at`.
    lo[i - 1] = at - maxGap - pieces[i - 1]!.length;
    i--;
  }
  if (starts) starts.splice(0, starts.length, ...pos);
  return { start: pos[0]!, end: pos[k - 1]! + pieces[k - 1]!.length };
}

/**
 * Where `claims check` finds a quote's pieces: on word boundaries, gaps first kept within what the elided-to-quoted
 * ratio could allow so that a tight match is preferred; a match found only with wider gaps is over-elided (`over`
 * says why). `starts` receives where each piece starts.
 */
export function matchQuote(hay: string, pieces: readonly string[], work?: Work, starts?: number[]): Found | { over: string } | undefined {
  if (pieces.length === 0) return undefined;
  if (pieces.length === 1) return findPieces(hay, pieces, MAX_ELISION_GAP, work, true, starts);
  const quoted = pieces.reduce((n, p) => n + p.length, 0);
  const tight = Math.min(MAX_ELISION_GAP, ELISION_LIMITS.maxElidedRatio * quoted);
  const found = findPieces(hay, pieces, tight, work, true, starts) ?? (tight < MAX_ELISION_GAP && !work?.cut ? findPieces(hay, pieces, MAX_ELISION_GAP, work, true, starts) : undefined);
  if (!found) return undefined;
  const over = overElidedMatch(pieces, found);
  return over ? { over } : found;
}

export interface Closest {
  /** Offsets in the normalised text. */
  start: number;
  end: number;
  similarity: number;
}

/** Characters compared when scoring a passage: edit distance is quadratic, so passages are scored on their start. */
const MAX_SCORED_CHARS = 120;
/** Quote words used to find and rank passages (a longer quote is placed by its start). */
const MAX_QUOTE_WORDS = 48;
/** The rarest quote words used as anchors, and the occurrences of each one looked at. */
const ANCHOR_WORDS = 6;
const ANCHORS_PER_WORD = 40;
/** Passages ranked by edit distance after the shortlist by shared words. */
const TOP = 10;

/**
 * The words of a text, for closestPassage: where each starts and ends, a hash of its bare form (lower case, without
 * the punctuation around it), and the words grouped by hash bucket in text order. Built once per text, in linear
 * time and 16 bytes a word, so that the search for each missing quote looks only at the places its rarest words
 * occur, not at the whole text.
 */
export interface WordIndex {
  starts: Int32Array;
  ends: Int32Array;
  hashes: Int32Array;
  mask: number;
  bucketStart: Int32Array;
  byBucket: Int32Array;
}

let LOWER: Uint16Array | undefined;
let PUNCT: Uint8Array | undefined;

/** Lower case and punctuation-or-symbol tables for the BMP, computed once (a regular expression per word is slow). */
function tables(): { lower: Uint16Array; punct: Uint8Array } {
  if (!LOWER || !PUNCT) {
    LOWER = new Uint16Array(0x10000);
    PUNCT = new Uint8Array(0x10000);
    const re = /^[\p{P}\p{S}]$/u;
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      const l = c >= 0xd800 && c <= 0xdfff ? ch : ch.toLowerCase();
      LOWER[c] = l.length === 1 ? l.charCodeAt(0) : c;
      PUNCT[c] = c >= 0xd800 && c <= 0xdfff ? 0 : re.test(ch) ? 1 : 0;
    }
  }
  return { lower: LOWER, punct: PUNCT };
}

const isSpace = (c: number): boolean =>
  c <= 0x20 || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/** FNV-1a of the bare form of s[start, end): lower case, leading and trailing punctuation and symbols dropped; 0 when nothing is left. */
function bareHash(s: string, start: number, end: number): number {
  const { lower, punct } = tables();
  while (start < end && punct[s.charCodeAt(start)]) start++;
  while (end > start && punct[s.charCodeAt(end - 1)]) end--;
  if (start === end) return 0;
  let h = 0x811c9dc5;
  for (let k = start; k < end; k++) h = Math.imul(h ^ lower[s.charCodeAt(k)]!, 0x01000193);
  return h | 1;
}

export function wordIndex(hay: string): WordIndex {
  let count = 0;
  for (let k = 0, inWord = false; k < hay.length; k++) {
    const sp = isSpace(hay.charCodeAt(k));
    if (!sp && !inWord) count++;
    inWord = !sp;
  }
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  const hashes = new Int32Array(count);
  let w = 0;
  for (let k = 0; k < hay.length; ) {
    while (k < hay.length && isSpace(hay.charCodeAt(k))) k++;
    if (k >= hay.length) break;
    const s = k;
    while (k < hay.length && !isSpace(hay.charCodeAt(k))) k++;
    starts[w] = s;
    ends[w] = k;
    hashes[w++] = bareHash(hay, s, k);
  }
  let buckets = 1024;
  while (buckets < count && buckets < 1 << 20) buckets <<= 1;
  const mask = buckets - 1;
  const bucketStart = new Int32Array(buckets + 1);
  for (let k = 0; k < count; k++) bucketStart[(hashes[k]! & mask) + 1]!++;
  for (let b = 0; b < buckets; b++) bucketStart[b + 1]! += bucketStart[b]!;
  const fill = bucketStart.slice(0, buckets);
  const byBucket = new Int32Array(count);
  for (let k = 0; k < count; k++) byBucket[fill[hashes[k]! & mask]!++] = k;
  return { starts, ends, hashes, mask, bucketStart, byBucket };
}

/**
 * The passage of `hay` most like `needle`, word-aligned, with a 0..1 similarity; undefined when no word of the
 * quote occurs in the text. Bounded per quote whatever the text: candidate passages start where the quote's rarest
 * words occur (at most ANCHOR_WORDS × ANCHORS_PER_WORD places), are shortlisted by shared words, and the best TOP
 * are ranked by edit distance on their first MAX_SCORED_CHARS characters. `work`, when given, is charged for it.
 */
export function closestPassage(hay: string, needle: string, index: WordIndex = wordIndex(hay), work?: Work): Closest | undefined {
  const { starts, ends, hashes, mask, bucketStart, byBucket } = index;
  const total = starts.length;
  const qHashes: number[] = [];
  for (let k = 0; k < needle.length && qHashes.length < MAX_QUOTE_WORDS; ) {
    while (k < needle.length && isSpace(needle.charCodeAt(k))) k++;
    if (k >= needle.length) break;
    const s = k;
    while (k < needle.length && !isSpace(needle.charCodeAt(k))) k++;
    qHashes.push(bareHash(needle, s, k));
  }
  const n = qHashes.length;
  if (n === 0 || total === 0) return undefined;
  const qSet = new Set(qHashes.filter((h) => h !== 0));
  // Rarest first (by the size of their bucket), then in quote order.
  const firstAt = new Map<number, number>();
  qHashes.forEach((h, j) => h !== 0 && !firstAt.has(h) && firstAt.set(h, j));
  const size = (h: number) => bucketStart[(h & mask) + 1]! - bucketStart[h & mask]!;
  const rare = [...firstAt.keys()].filter((h) => size(h) > 0).sort((a, b) => size(a) - size(b) || firstAt.get(a)! - firstAt.get(b)!).slice(0, ANCHOR_WORDS);
  let steps = 0;
  const startsAt = new Set<number>();
  for (const h of rare) {
    const j = firstAt.get(h)!;
    const b = h & mask;
    let found = 0;
    // A bucket can hold a common word or many colliding ones: look at a bounded number of its entries.
    for (let e = bucketStart[b]!, stop = Math.min(bucketStart[b + 1]!, e + 8 * ANCHORS_PER_WORD); e < stop && found < ANCHORS_PER_WORD; e++) {
      steps++;
      const w = byBucket[e]!;
      if (hashes[w] !== h) continue;
      found++;
      for (const s of [w - j, w - j - 1, w - j + 1]) if (s >= 0 && s < total) startsAt.add(s);
    }
  }
  if (startsAt.size === 0) {
    if (work) work.spent += steps;
    return undefined;
  }
  const lens = [n - 1, n, n + 1].filter((l) => l > 0);
  const candidates: Array<{ i: number; len: number; score: number; order: number }> = [];
  for (const i of startsAt) {
    lens.forEach((len, order) => {
      const last = Math.min(total, i + len);
      let score = 0;
      for (let w = i; w < last; w++) if (qSet.has(hashes[w]!)) score++;
      steps += last - i;
      candidates.push({ i, len: last - i, score, order });
    });
  }
  candidates.sort((a, b) => b.score - a.score || a.i - b.i || a.order - b.order);
  const scored = needle.slice(0, MAX_SCORED_CHARS);
  const simOf = (i: number, len: number) => {
    const start = starts[i]!;
    const passage = hay.slice(start, Math.min(ends[i + len - 1]!, start + MAX_SCORED_CHARS));
    steps += passage.length * scored.length;
    return 1 - editDistance(passage, scored) / Math.max(passage.length, scored.length);
  };
  let best: { similarity: number; i: number; len: number } | undefined;
  for (const c of candidates.slice(0, TOP)) {
    const sim = simOf(c.i, c.len);
    if (!best || sim > best.similarity) best = { similarity: sim, i: c.i, len: c.len };
  }
  if (work) work.spent += steps;
  steps = 0;
  if (!best) return undefined;
  // Trim leading words the quote does not have, so that the passage starts where the quote would; trim a
  // trailing one only when that makes the passage no less similar, so that a misquoted last word still shows.
  let { i, len } = best;
  while (len > 1 && !qSet.has(hashes[i]!)) {
    i++;
    len--;
  }
  let similarity = len === best.len ? best.similarity : simOf(i, len);
  for (let k = 0; k < 4 && len > 1 && !qSet.has(hashes[i + len - 1]!); k++) {
    const shorter = simOf(i, len - 1);
    if (shorter < similarity) break;
    similarity = shorter;
    len--;
  }
  if (work) work.spent += steps;
  return { start: starts[i]!, end: ends[i + len - 1]!, similarity: best.similarity };
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
