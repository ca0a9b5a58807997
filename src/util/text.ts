// Small text helpers shared by every stage.
import { pushTo } from './maps.js';

/** Order of two texts by UTF-16 code units: the same on every machine, whatever its locale (localeCompare is not). */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Damerau-Levenshtein (optimal string alignment) distance. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  // Three rows of the table, over UTF-16 code units (as indexing the strings gives).
  let prev2 = new Int32Array(n + 1);
  let prev = new Int32Array(n + 1);
  let cur = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  const bc = new Uint16Array(n);
  for (let j = 0; j < n; j++) bc[j] = b.charCodeAt(j);
  let aPrev = -1;
  for (let i = 1; i <= m; i++) {
    const ai = a.charCodeAt(i - 1);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const bj = bc[j - 1]!;
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      const sub = prev[j - 1]! + (ai === bj ? 0 : 1);
      let v = del < ins ? del : ins;
      if (sub < v) v = sub;
      if (i > 1 && j > 1 && ai === bc[j - 2] && aPrev === bj) {
        const t = prev2[j - 2]! + 1;
        if (t < v) v = t;
      }
      cur[j] = v;
    }
    aPrev = ai;
    const r = prev2;
    prev2 = prev;
    prev = cur;
    cur = r;
  }
  return prev[n]!;
}

/**
 * Edit distance when it is at most `max`, else max + 1: only a band of 2·max + 1 cells a row is filled, and the
 * work stops once a whole row is over `max`; so a comparison costs O(max · length), not O(length²).
 */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length * b.length <= 4096 || max >= Math.max(a.length, b.length)) return Math.min(editDistance(a, b), max + 1);
  const n = b.length;
  const BIG = max + 1;
  let prev2 = new Int32Array(n + 1).fill(BIG);
  let prev = new Int32Array(n + 1).fill(BIG);
  let cur = new Int32Array(n + 1).fill(BIG);
  for (let j = 0; j <= Math.min(n, max); j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    const lo = Math.max(1, i - max);
    const hi = Math.min(n, i + max);
    cur.fill(BIG, Math.max(0, lo - 2), Math.min(n + 1, hi + 2));
    if (i <= max) cur[0] = i;
    let rowMin = i <= max ? i : BIG;
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v > BIG ? BIG : v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return BIG;
    const r = prev2;
    prev2 = prev;
    prev = cur;
    cur = r;
  }
  return Math.min(prev[n]!, BIG);
}

/** Longest name "did you mean" looks at: ids are at most 120 characters, file names 255. */
export const MAX_SUGGEST_LENGTH = 256;
/** The largest distance that still looks like a typo, whatever the length of the name. */
const MAX_TYPO_DISTANCE = 12;
/** Candidates compared for one name, nearest lengths first, and the edit-distance cells one name may cost. */
const MAX_COMPARED = 2000;
const CALL_BUDGET = 2 ** 20;
/** Lists this long are prepared once and share a budget over all the names looked up in them. */
const SHARED_FROM = 256;
const LIST_BUDGET = 2 ** 30;

/** Candidates grouped by length, and what suggestions from this list have cost. */
interface Suggester {
  byLength: Map<number, string[]>;
  maxLength: number;
  spent: number;
  /** Names looked up in this list so far. */
  uses: number;
  /** For a long list asked more than once: the candidates, and for each 3-letter sequence (lower case) the candidates that hold it. */
  all?: string[];
  grams?: Map<string, number[]>;
}

/** A sequence held by more candidates than this says little about which is near: it is not followed. */
const COMMON_GRAM = 1000;
/** Candidates ranked by shared sequences that are then compared by edit distance. */
const GRAM_SHORTLIST = 40;
/** Most entries of the 3-letter index of one list (about 16 bytes each). */
const MAX_GRAMS = 4_000_000;

function gramsOf(s: string): Set<string> {
  const out = new Set<string>();
  for (let k = 0; k + 3 <= s.length; k++) out.add(s.slice(k, k + 3));
  return out;
}

/** The 3-letter index of a long list, or nothing when it would be too large. */
function indexGrams(s: Suggester): void {
  const all: string[] = [];
  for (const list of s.byLength.values()) for (const c of list) all.push(c);
  const grams = new Map<string, number[]>();
  let entries = 0;
  for (let i = 0; i < all.length; i++) {
    for (const g of gramsOf(all[i]!.toLowerCase())) {
      if (++entries > MAX_GRAMS) return;
      pushTo(grams, g, i);
    }
  }
  s.all = all;
  s.grams = grams;
}

/** Candidates sharing the most uncommon 3-letter sequences with `lower`, best first; undefined when no such sequence. */
function gramShortlist(s: Suggester, lower: string): string[] | undefined {
  if (!s.grams || !s.all) return undefined;
  const shared = new Map<number, number>();
  for (const g of gramsOf(lower)) {
    const l = s.grams.get(g);
    if (!l || l.length > COMMON_GRAM) continue;
    s.spent += l.length;
    for (const i of l) shared.set(i, (shared.get(i) ?? 0) + 1);
  }
  if (shared.size === 0) return undefined;
  return [...shared]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, GRAM_SHORTLIST)
    .map(([i]) => s.all![i]!);
}

const prepared = new WeakMap<object, Suggester>();

function suggester(candidates: Iterable<string>): Suggester {
  const cached = prepared.get(candidates as object);
  if (cached) return cached;
  const s: Suggester = { byLength: new Map(), maxLength: 0, spent: 0, uses: 0 };
  let count = 0;
  for (const c of candidates) {
    count++;
    if (c.length > MAX_SUGGEST_LENGTH) continue;
    pushTo(s.byLength, c.length, c);
    if (c.length > s.maxLength) s.maxLength = c.length;
  }
  // A long list (the ids of a corpus) is asked once per unknown id: prepare it once. Short lists (field names,
  // the three kinds) are prepared each time, so that their suggestions never depend on earlier calls.
  if (count >= SHARED_FROM && (Array.isArray(candidates) || candidates instanceof Set)) prepared.set(candidates, s);
  return s;
}

/**
 * The closest candidates to `input`, nearest first, within a distance that still looks like a typo. Bounded for
 * any input: names over MAX_SUGGEST_LENGTH get no suggestion; candidates of the nearest lengths are compared
 * first, at most MAX_COMPARED of them and CALL_BUDGET edit-distance cells; distances are banded; and a long list
 * stops giving suggestions once it has cost LIST_BUDGET cells (thousands of unknown ids against thousands). In a
 * long list, the candidates compared are those sharing the most uncommon 3-letter sequences with the input.
 */
export function closest(input: string, candidates: Iterable<string>, max = 3): string[] {
  // Nothing to go on: an empty name "contains" every candidate and is near every short one.
  if (input.trim() === '' || input.length > MAX_SUGGEST_LENGTH) return [];
  const s = suggester(candidates);
  // A long list is indexed when it is asked a second time (a list made for one name is not worth it).
  if (++s.uses === 2 && prepared.get(candidates as object) === s) indexGrams(s);
  const lower = input.toLowerCase();
  const limit = Math.min(MAX_TYPO_DISTANCE, Math.max(2, Math.floor(input.length / 3)));
  const L = input.length;
  const lengths = [L];
  for (let d = 1; L - d >= 0 || L + d <= s.maxLength; d++) {
    if (L - d >= 0) lengths.push(L - d);
    if (L + d <= s.maxLength) lengths.push(L + d);
  }
  const scored: Array<[string, number]> = [];
  const seen = new Set<string>();
  let compared = 0;
  let cells = 0;
  const consider = (c: string): boolean => {
    if (compared >= MAX_COMPARED || cells > CALL_BUDGET || s.spent > LIST_BUDGET) return false;
    if (seen.has(c)) return true;
    seen.add(c);
    compared++;
    const containment = c.includes(lower) || (lower.length >= 4 && lower.includes(c));
    if (Math.abs(c.length - L) > limit && !containment) return true;
    const cost = Math.min(c.length, L) * (2 * limit + 1);
    cells += cost;
    s.spent += cost;
    const d = editDistanceWithin(lower, c.toLowerCase(), limit);
    if (d <= limit || containment) scored.push([c, containment ? Math.min(d, limit) : d]);
    return true;
  };
  // In a long list, the candidates that share the most uncommon 3-letter sequences first (a typo leaves most intact).
  const shortlist = gramShortlist(s, lower);
  for (const c of shortlist ?? []) if (!consider(c)) break;
  // Then by nearest length: all of a short list; of a long one, only when no sequence led anywhere.
  if (shortlist === undefined || !s.grams) lengths: for (const len of lengths) {
    const list = s.byLength.get(len);
    // A candidate of another length than the input's is near only by edit distance, or by containment.
    if (!list || (Math.abs(len - L) > limit && len < L && lower.length < 4)) continue;
    for (const c of list) if (!consider(c)) break lengths;
  }
  scored.sort((x, y) => x[1] - y[1] || byCodeUnits(x[0], y[0]));
  return scored.slice(0, max).map(([c]) => c);
}

/** "did you mean `x`?" or "" */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const [best] = closest(input, candidates, 1);
  return best === undefined ? '' : ` Did you mean "${best}"?`;
}

/** Join words as "a, b and c". */
export function listWords(words: readonly string[], conj = 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conj} ${words[words.length - 1]}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// C0 control characters (tab and newline included) and DEL: never part of a value typed as one command-line word.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Whether text holds a C0 control character or DEL, such as a line break in a package spec or a revision. */
export const hasControl = (text: string): boolean => CONTROL.test(text);

// C0 and C1 control characters (tab and newline aside), DEL, and the bidi controls that can reorder a terminal
// line: the embeddings and overrides, the isolates, and the marks (LRM, RLM, ALM).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;

/**
 * Make text taken from input files inert for a terminal and a CI log: control characters become visible escapes,
 * and so does whatever would start a workflow command (see commandFree). `commands: false` leaves the latter, for
 * the data of a line that is itself a workflow command, where the runner looks for no other.
 */
export function inert(text: string, { keepNewlines = false, commands = true } = {}): string {
  const s = text.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const line = keepNewlines ? s : s.replace(/\r?\n|\r/g, ' ').replace(/\t/g, ' ');
  return commands ? commandFree(line) : line;
}

// The GitHub Actions runner reads a line of a step's output as a workflow command when, after leading white space
// (.NET's, a superset of JavaScript's \s less U+0085 and U+180E), it starts "::", or, in the legacy form, when
// "##[" occurs anywhere in it (actions/runner, src/Runner.Common/ActionCommand.cs); it splits lines at CR and LF.
const LEGACY_COMMAND = /##\[/g;
// A line start is the text's start or a CR or LF (not JavaScript's ^ with the m flag, which also takes U+2028 and
// U+2029); the white space after it stops at CR and LF, so each character is scanned once however the text looks.
const LINE_COMMAND = /(?<![^\r\n])((?:[^\S\r\n]|[\u0085\u180e])*):(?=:)/g;

/** How commandFree() writes the "#" and ":" it escapes: visible \uXXXX escapes by default, entities for HTML. */
export interface CommandEscapes {
  hash: string;
  colon: string;
}
const VISIBLE_ESCAPES: CommandEscapes = { hash: '\\u0023', colon: '\\u003a' };

/** Text in which no line can be read as a workflow command: the "#" of "##[" and the first ":" of a line's "::" are escaped. */
export function commandFree(text: string, escapes: CommandEscapes = VISIBLE_ESCAPES): string {
  return text.replace(LEGACY_COMMAND, `${escapes.hash}#[`).replace(LINE_COMMAND, `$1${escapes.colon}`);
}

/** JSON text with no "##[": the "#" written as \u0023, which every JSON parser reads back (and "##[" is only ever inside a string). */
export function commandFreeJson(json: string): string {
  return json.replace(LEGACY_COMMAND, '\\u0023#[');
}

/** Cut a long single-line text with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

// Characters JSON.stringify leaves raw that a terminal or a browser may still act on: DEL, C1 controls,
// the line and paragraph separators, and the bidi overrides.
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON.stringify, with the characters above escaped as \uXXXX (they can only occur inside strings). */
export function safeJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
