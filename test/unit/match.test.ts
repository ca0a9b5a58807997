import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { closestPassage, find, findPieces, lineColAt, lineStarts, MAX_MARKS, normalizeForMatch, overElided, overElidedMatch, quotePieces, type Work } from '../../src/validate/match.js';
import { docContent, HINT_CHARS, verifyInText } from '../../src/validate/verify-text.js';

/** Does `quote` match somewhere in `doc` under the project's rules? */
function matches(doc: string, quote: string): boolean {
  return findPieces(normalizeForMatch(doc).text, quotePieces(quote)) !== undefined;
}

describe('quote matching: typography only', () => {
  const doc = 'Il a dit : « l’ennemi est entré dans la ville » — puis il est parti.';
  it.each([
    ['straight apostrophe for a curly one', "l'ennemi est entré"],
    ['modifier-letter apostrophe', 'lʼennemi est entré'],
    ['left single quote', 'l‘ennemi est entré'],
    ['straight double quotes for guillemets, spaces inside dropped', '"l’ennemi est entré dans la ville"'],
    ['curly double quotes for guillemets', '“l’ennemi est entré dans la ville”'],
    ['low-9 quote mark', '„l’ennemi est entré dans la ville“'],
    ['hyphen for an em dash', 'ville » - puis'],
    ['en dash for an em dash', 'ville » – puis'],
    ['surrounding quotation marks in the YAML value', '"puis il est parti."'],
  ])('%s', (_, quote) => expect(matches(doc, quote)).toBe(true));

  it('no-break and narrow no-break spaces match ordinary spaces', () => {
    expect(matches('à plus de 90\u00a0% et 1\u202f000 soldats', 'à plus de 90 % et 1 000 soldats')).toBe(true);
    expect(matches('à plus de 90 % et 1 000 soldats', 'à plus de 90\u00a0% et 1\u202f000 soldats')).toBe(true);
  });

  it('a line break (LF or CRLF) inside the quoted passage matches a space', () => {
    expect(matches('They are patrolling\nthe highway.', 'They are patrolling the highway')).toBe(true);
    expect(matches('They are patrolling\r\n  the highway.', 'They are patrolling the highway')).toBe(true);
    expect(matches('They are patrolling the highway.', 'They are patrolling\nthe highway')).toBe(true);
  });

  it('composed and decomposed accents are the same text (NFC)', () => {
    expect(matches('les forces de sécurité', 'les forces de se\u0301curite\u0301')).toBe(true);
    expect(matches('les forces de se\u0301curite\u0301', 'les forces de sécurité')).toBe(true);
  });
  it('a character that NFC replaces on its own (ANGSTROM SIGN, a CJK compatibility ideograph) is the same text', () => {
    expect(matches('a gap of 5 \u212b was measured', 'a gap of 5 \u00c5 was measured')).toBe(true);
    expect(matches('a gap of 5 \u00c5 was measured', 'a gap of 5 \u212b was measured')).toBe(true);
    expect(matches('\uf900 market', '\u8c48 market')).toBe(true);
  });

  it('an ellipsis character in the document matches three dots', () => {
    expect(matches('fighters have seized … Weish', 'fighters have seized ... Weish')).toBe(true);
  });

  it('case is never folded', () => {
    expect(matches(doc, "L'ennemi est entré")).toBe(false);
  });

  it('words are never folded: one changed word does not match', () => {
    expect(matches(doc, "l'ennemi est arrivé dans la ville")).toBe(false);
    expect(matches(doc, "l'ennemi est entré dans la cité")).toBe(false);
  });
});

describe('elisions', () => {
  const en = 'Our "fighters have seized (...) Weish, in Kandahar province. From now on, the road is theirs", said Mujahid.';
  it('the seed quote with (...) matches', () => expect(matches(en, 'fighters have seized (...) Weish, in Kandahar province')).toBe(true));
  it.each(['[...]', '…', '...', '( ... )'])('marker %s splits the quote into ordered pieces', (marker) => {
    expect(matches(en, `Our "fighters have seized ${marker} From now on`)).toBe(true);
  });
  it('pieces out of order do not match', () => {
    expect(matches(en, 'From now on (...) fighters have seized')).toBe(false);
  });
  it('pieces far apart do not match', () => {
    const far = `start here ${'filler words '.repeat(60)} end there`;
    expect(matches(far, 'start here (...) end there')).toBe(false);
    expect(matches(far.replace('filler words '.repeat(60), 'a few words '), 'start here (...) end there')).toBe(true);
  });
  it('quotePieces drops markers and surrounding quote marks', () => {
    expect(quotePieces('« fighters (...) Weish »')).toEqual(['fighters', 'Weish']);
  });
  it('elided pieces count only on word boundaries (Unicode letters and digits), a single piece anywhere', () => {
    const hay = normalizeForMatch('Les talibans ont pris le poste-frontière de Spin Boldak, où 2021 a commencé.').text;
    expect(findPieces(hay, ['Les talibans', 'poste-frontière'], 400, undefined, true)).toBeDefined();
    expect(findPieces(hay, ['Les talibans', 'frontière de Spin'], 400, undefined, true)).toBeDefined();
    expect(findPieces(hay, ['Les taliban', 'poste-frontière'], 400, undefined, true)).toBeUndefined();
    expect(findPieces(hay, ['es talibans', 'poste-frontière'], 400, undefined, true)).toBeUndefined();
    expect(findPieces(hay, ['Les talibans', 'poste-frontièr'], 400, undefined, true)).toBeUndefined();
    expect(findPieces(hay, ['Les talibans', 'où 202'], 400, undefined, true)).toBeUndefined();
    expect(findPieces(hay, ['Les talibans', 'où 2021'], 400, undefined, true)).toBeDefined();
    expect(findPieces(hay, ['es talibans'])).toBeDefined();
  });
  it('a piece found first inside a word is found again on its boundaries further on', () => {
    const hay = 'others said the army left';
    expect(findPieces(hay, ['the', 'army left'], 400, undefined, true)).toEqual({ start: 12, end: 25 });
  });
  it('overElided refuses more than 5 elisions and pieces shorter than 2 words and 12 characters', () => {
    expect(overElided(['a single piece'])).toBeUndefined();
    expect(overElided(['fighters have seized', 'Weish, in Kandahar province'])).toBeUndefined();
    expect(overElided(['two words', 'twelve-chars'])).toBeUndefined();
    expect(overElided(['fighters have seized', 'Weish'])).toMatch(/"Weish".*too short.*at most 5 elisions, each kept part at least two words/);
    expect(overElided(['fighters have seized', 'élevé-fermé'])).toMatch(/too short/);
    expect(overElided(Array(7).fill('two words'))).toMatch(/6 elisions; at most 5/);
    expect(overElided(Array(6).fill('two words'))).toBeUndefined();
  });
  it('overElidedMatch refuses a match leaving out more than 3 times what it quotes', () => {
    expect(overElidedMatch(['ab cd', 'ef gh'], { start: 0, end: 10 + 30 })).toBeUndefined();
    expect(overElidedMatch(['ab cd', 'ef gh'], { start: 0, end: 10 + 31 })).toMatch(/31 characters elided for 10 quoted/);
    expect(overElidedMatch(['ab cd'], { start: 0, end: 500 })).toBeUndefined();
  });
});

describe('positions and suggestions', () => {
  const doc = 'Line one is here.\nThe security forces repelled their attack, said Tariq Arian.\nLast line.';
  it('maps a match back to 1-based line and column of the original text', () => {
    const n = normalizeForMatch(doc);
    const found = findPieces(n.text, quotePieces('repelled their attack'))!;
    const at = lineColAt(lineStarts(doc), n.map[found.start]!);
    expect(at).toEqual({ line: 2, column: 21 });
  });
  it('a misquoted last word is still part of the suggested passage', () => {
    const text = 'Des membres du conseil ont dit que les combats se poursuivaient. Puis rien.';
    const near = closestPassage(text, 'les combats se poursuivent')!;
    expect(text.slice(near.start, near.end)).toBe('les combats se poursuivaient.');
  });
  it('the closest passage to a misquote is on the right line with a high similarity', () => {
    const n = normalizeForMatch(doc);
    const near = closestPassage(n.text, 'The security forces pushed back their attack')!;
    expect(lineColAt(lineStarts(doc), n.map[near.start]!).line).toBe(2);
    expect(near.similarity).toBeGreaterThan(0.7);
    expect(n.text.slice(near.start, near.end)).toContain('repelled their attack');
  });
});

/**
 * normalizeForMatch written plainly from its specification, one character cluster at a time with strings and
 * arrays: the optimised code (typed arrays, an ASCII fast path, growth by doubling) must give the same text and
 * the same map back to the original offsets.
 */
function referenceNormalize(input: string): { text: string; map: number[] } {
  const units: string[] = [];
  const map: number[] = [];
  const last = () => units[units.length - 1];
  const add = (s: string, at: number) => {
    for (const cp of s) {
      units.push(cp);
      map.push(at);
    }
  };
  const clusters: Array<{ text: string; at: number }> = [];
  let i = 0;
  while (i < input.length) {
    const at = i;
    let cluster = String.fromCodePoint(input.codePointAt(i)!);
    i += cluster.length;
    // At most MAX_MARKS marks go with a base (the stream-safe format); the rest of a run starts new clusters.
    for (let marks = 0; i < input.length && marks < MAX_MARKS; marks++) {
      const next = String.fromCodePoint(input.codePointAt(i)!);
      if (!/\p{M}/u.test(next)) break;
      cluster += next;
      i += next.length;
    }
    clusters.push({ text: cluster.normalize('NFC'), at });
  }
  for (const { text: ch, at } of clusters) {
    // A cluster whose base is a space is a space (its marks go with it).
    if (/^[\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]/u.test(ch)) {
      if (units.length > 0 && last() !== ' ' && last() !== '"') add(' ', at);
    } else if (['\u2019', '\u2018', '\u02bc', '\u02b9', '\u2032', '`', '\u00b4', '\u201b'].includes(ch)) add("'", at);
    else if (['\u00ab', '\u00bb', '\u201c', '\u201d', '\u201e', '\u201f', '\u2033', '\u2039', '\u203a', '"'].includes(ch)) {
      if (last() === ' ') {
        units.pop();
        map.pop();
      }
      add('"', at);
    } else if (['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe58', '\ufe63', '\uff0d'].includes(ch)) add('-', at);
    else if (ch === '\u2026') add('...', at);
    else add(ch, at);
  }
  if (last() === ' ') {
    units.pop();
    map.pop();
  }
  map.push(input.length);
  return { text: units.join(''), map };
}

describe('normalizeForMatch against a plain reference', () => {
  const pieces = ['a', 'Z', ' ', '  ', '\t', '\r\n', '\n', '\u00a0', '\u202f', '\u2026', '...', '"', '«', '»', '“', '”', '\u2019', '`', "'", '\u2014', '-', 'e\u0301', '\u00e9', '\u0301', 'ﬁ', '\u0344', '😀', '\ud800', '\udc00', 'l’ennemi', 'Kaboul', '«\u00a0', '\u00a0»', 'ॐ', '\u0308\u0301'];
  it('gives the same text and map on random mixes of the characters it treats specially', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const s = parts.join('');
        const got = normalizeForMatch(s);
        const want = referenceNormalize(s);
        expect(got.text).toBe(want.text);
        expect([...got.map]).toEqual(want.map);
      }),
      { numRuns: 3000 },
    );
  });
  it('gives the same text and map on long texts (the buffers grow) and on any code points', () => {
    const long = Array.from({ length: 5000 }, (_, k) => pieces[(k * 7) % pieces.length]).join('');
    expect(normalizeForMatch(long).text).toBe(referenceNormalize(long).text);
    expect([...normalizeForMatch('\u2026'.repeat(10_000)).map]).toEqual(referenceNormalize('\u2026'.repeat(10_000)).map);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(normalizeForMatch(s).text).toBe(referenceNormalize(s).text);
        expect([...normalizeForMatch(s).map]).toEqual(referenceNormalize(s).map);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normalisation of long runs of combining marks', () => {
  it('normalises a run of marks MAX_MARKS at a time, as the reference does, however long the run', () => {
    // Alternating combining classes (230, 220): NFC of the whole run would sort 200,000 marks (quadratic).
    const s = `x a${'\u0301\u0316'.repeat(100_000)} y`;
    const got = normalizeForMatch(s);
    const want = referenceNormalize(s);
    expect(got.text).toBe(want.text);
    expect([...got.map]).toEqual(want.map);
  });
  it('runs of up to MAX_MARKS marks are normalised whole, as NFC does', () => {
    const run = '\u0301\u0316'.repeat(MAX_MARKS / 2);
    expect(normalizeForMatch(`a${run}`).text).toBe(`a${run}`.normalize('NFC'));
  });
});

/** Plain indexOf from `from`, the reference for `find` (correct, but quadratic on some needles in V8). */
describe('find: linear-time substring search', () => {
  const alphabet = fc.constantFrom('a', 'a', 'a', 'b', ' ');
  const str = (max: number) => fc.array(alphabet, { maxLength: max }).map((a) => a.join(''));
  it('gives what indexOf gives, for short and long needles and any start', () => {
    fc.assert(
      fc.property(str(400), fc.oneof(str(8), str(80), fc.tuple(fc.integer({ min: 20, max: 60 }), str(3)).map(([n, t]) => 'a'.repeat(n) + t + 'a'.repeat(n))), fc.integer({ min: 0, max: 450 }), (hay, needle, from) => {
        expect(find(hay, needle, from)).toBe(hay.indexOf(needle, from));
      }),
      { numRuns: 3000 },
    );
  });
  it('falls back to Knuth-Morris-Pratt on a text where the needle start matches everywhere, with the same answers', () => {
    const hay = `${'a'.repeat(20_000)}${'a'.repeat(300)}b${'a'.repeat(300)}`;
    for (const needle of [`${'a'.repeat(300)}b${'a'.repeat(300)}`, `${'a'.repeat(300)}b${'a'.repeat(301)}`, `${'a'.repeat(40)}b`]) {
      for (const from of [0, 5, 19_999, 20_001]) expect(find(hay, needle, from)).toBe(hay.indexOf(needle, from));
    }
  });
  it('charges the work it does to a Work counter', () => {
    const work: Work = { spent: 0, limit: Infinity };
    find('abc abc', 'zzz', 0, work);
    find('abc abc', 'abc', 2, work);
    expect(work.spent).toBe(7 + 5 + 3 - 3);
  });
});

/** Every chain of occurrences of the pieces, in order, each within maxGap of the end of the one before. */
function referencePieces(hay: string, pieces: readonly string[], maxGap: number): { start: number; end: number } | undefined {
  const occ = pieces.map((p) => {
    const at: number[] = [];
    for (let k = 0; k + p.length <= hay.length; k++) if (hay.startsWith(p, k)) at.push(k);
    return at;
  });
  let start = Infinity;
  let end = Infinity;
  const walk = (i: number, first: number, prevEnd: number) => {
    if (i === pieces.length) {
      start = Math.min(start, first);
      end = Math.min(end, prevEnd);
      return;
    }
    for (const a of occ[i]!) if (a >= prevEnd && (i === 0 || a - prevEnd <= maxGap)) walk(i + 1, i === 0 ? a : first, a + pieces[i]!.length);
  };
  walk(0, 0, 0);
  return start === Infinity ? undefined : { start, end };
}

describe('findPieces against a reference that tries every chain', () => {
  it('finds the chain that starts first and ends first, or none, on random small texts', () => {
    const piece = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'x'), { maxLength: 40 }).map((a) => a.join('')), fc.array(piece, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 6 }), (hay, pieces, gap) => {
        expect(findPieces(hay, pieces, gap)).toEqual(referencePieces(hay, pieces, gap));
      }),
      { numRuns: 5000 },
    );
  });
  it('finds a chain whose middle piece must be a later occurrence than the first one after its neighbour', () => {
    // B right after A is too far from C; the second B is within reach of both.
    expect(findPieces('A.B..B....C', ['A', 'B', 'C'], 4)).toEqual({ start: 0, end: 11 });
  });
  it('does not retry every start one character at a time on an elision-heavy quote (a … a … … b)', () => {
    const hay = `${'a '.repeat(200)}${'x'.repeat(500)} b `.repeat(300);
    const pieces = [...Array<string>(200).fill('a'), 'b'];
    const spy = vi.spyOn(String.prototype, 'indexOf');
    try {
      expect(findPieces(hay, pieces)).toBeUndefined();
      // Each block of the text pushes each piece forward a bounded number of times.
      expect(spy.mock.calls.length).toBeLessThan(20 * 300 * pieces.length);
    } finally {
      spy.mockRestore();
    }
  });
  it('stops and says so when the work allowed is spent', () => {
    const work: Work = { spent: 0, limit: 10 };
    expect(findPieces(`${'x'.repeat(100)}a b`, ['a', 'b'], 400, work)).toBeUndefined();
    expect(work.cut).toBe(true);
  });
});

describe('quote outcomes stay bounded', () => {
  it('the closest-passage hint shows at most HINT_CHARS characters of the document, even from one huge word', () => {
    const text = `Intro words here. ${'secret'.repeat(50_000)}ending words\nmore`;
    const [o] = verifyInText([{ quote: `words here ${'secret'.repeat(3)}`, documentId: 'd' }], 'd.txt', docContent(text));
    const passage = /Closest passage, line \d+ \(\d+% similar\): "(.*)"\./.exec((o as { message: string }).message)?.[1];
    expect(passage).toBeDefined();
    expect(passage!.length).toBeLessThanOrEqual(HINT_CHARS);
  });
  it('a quote repeated (YAML aliases) is searched once and gets the same outcome each time', () => {
    const t = docContent('The fighters took the bridge at dawn.');
    const spy = vi.spyOn(String.prototype, 'indexOf');
    let calls: number;
    try {
      verifyInText(Array.from({ length: 500 }, () => ({ quote: 'the bridge at noon', documentId: 'd' })), 'd.txt', t);
      calls = spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBeLessThan(50);
    const out = verifyInText([{ quote: 'the bridge at noon', documentId: 'd' }, { quote: 'the bridge at noon', documentId: 'd' }], 'd.txt', t);
    expect(out[0]).toEqual(out[1]);
  });
  it('when one text costs more than its work limit, the quotes left say their search was stopped (an error, never "verified")', () => {
    const text = 'filler '.repeat(300_000);
    const quotes = Array.from({ length: 200 }, (_, k) => ({ quote: `absent quote number ${k}`, documentId: 'd' }));
    const out = verifyInText(quotes, 'd.txt', docContent(text));
    expect(out.every((o) => 'message' in o)).toBe(true);
    const messages = out.map((o) => (o as { message: string }).message);
    expect(messages[0]).toMatch(/^This quote does not appear/);
    expect(messages.at(-1)).toMatch(/was stopped/);
  });
});

describe('a quote of thousands of elided pieces', () => {
  it('is refused as over-elided without searching the text', () => {
    const text = 'word '.repeat(400_000);
    const quote = Array.from({ length: 5000 }, (_, k) => `absent${k}`).join(' … ');
    const spy = vi.spyOn(String.prototype, 'indexOf');
    let out;
    try {
      out = verifyInText([{ quote, documentId: 'd' }], 'd.txt', docContent(text));
    } finally {
      spy.mockRestore();
    }
    expect(spy.mock.calls.length).toBeLessThan(10);
    expect(out[0]).toMatchObject({ rule: 'quote/over-elided', message: expect.stringMatching(/^This quote has 4999 elisions/) });
  });
});
