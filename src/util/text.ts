// Small text helpers shared by every stage.

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

/** The closest candidates to `input`, nearest first, within a distance that still looks like a typo. */
export function closest(input: string, candidates: Iterable<string>, max = 3): string[] {
  // Nothing to go on: an empty name "contains" every candidate and is near every short one.
  if (input.trim() === '') return [];
  const lower = input.toLowerCase();
  const limit = Math.max(2, Math.floor(input.length / 3));
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    const containment = c.includes(lower) || (lower.length >= 4 && lower.includes(c));
    if (d <= limit || containment) scored.push([c, containment ? Math.min(d, limit) : d]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
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

// C0 and C1 control characters (tab and newline aside), DEL, and the bidi overrides that can reorder a terminal line.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Make text taken from input files inert for a terminal: control characters become visible escapes. */
export function inert(text: string, { keepNewlines = false } = {}): string {
  const s = text.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return keepNewlines ? s : s.replace(/\r?\n|\r/g, ' ').replace(/\t/g, ' ');
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
