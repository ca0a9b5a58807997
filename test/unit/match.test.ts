import { describe, expect, it } from 'vitest';
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
