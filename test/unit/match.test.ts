import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closestPassage, findPieces, lineColAt, lineStarts, normalizeForMatch, quotePieces } from '../../src/validate/match.js';

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
    while (i < input.length) {
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
      if (last() === ' ') (units.pop(), map.pop());
      add('"', at);
    } else if (['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe58', '\ufe63', '\uff0d'].includes(ch)) add('-', at);
    else if (ch === '\u2026') add('...', at);
    else add(ch, at);
  }
  if (last() === ' ') (units.pop(), map.pop());
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
