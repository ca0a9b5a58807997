// Elided quotes pieced together from scattered letters or words of a text must not verify (quote/over-elided).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeForMatch } from '../../src/validate/match.js';
import { docContent, verifyInText, type QuoteOutcome } from '../../src/validate/verify-text.js';
import { ROOT } from '../helpers/run.js';
import { packOutcomes, unpackOutcomes } from '../../src/parallel/quote-worker.js';
import { QuoteMemo } from '../../src/cache/quote-memo.js';

const AFP_FR = readFileSync(path.join(ROOT, 'seeds', '001_64a9f13770f06660.txt'), 'utf8');

const verify = (text: string, quote: string): QuoteOutcome => verifyInText([{ quote, documentId: 'doc' }], 'docs/doc.txt', docContent(text))[0]!;
const verified = (o: QuoteOutcome) => 'range' in o;
const rule = (o: QuoteOutcome) => ('range' in o ? 'verified' : (o.rule ?? 'quote/not-found'));

/**
 * The red-team fabricator: each word of `target` is taken whole from the text when it occurs within reach of the
 * piece before, else letter by letter, every piece joined by "[...]". Undefined when the text lacks a letter.
 */
function fabricate(text: string, target: string): string | undefined {
  const t = normalizeForMatch(text).text;
  const pieces: string[] = [];
  let pos = 0;
  const reach = (p: string) => {
    const i = t.indexOf(p, pos);
    return i !== -1 && (pieces.length === 0 || i - pos <= 390) ? i : -1;
  };
  for (const w of target.split(' ')) {
    const i = reach(w);
    if (i !== -1) {
      pieces.push(w);
      pos = i + w.length;
      continue;
    }
    for (const ch of w) {
      const j = reach(ch);
      if (j === -1) return undefined;
      pieces.push(ch);
      pos = j + 1;
    }
  }
  return pieces.join(' [...] ');
}

/** A small deterministic generator (mulberry32), so that the "random" sentences are the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCABULARY = ['les', 'talibans', 'ont', 'pris', 'Kaboul', 'le', 'gouvernement', 'a', 'nié', 'toute', 'attaque', 'contre', 'la', 'ville', 'des', 'civils', 'tués', 'par', 'armée', 'afghane', 'hier', 'soir', 'frontière', 'fermée', 'Pakistan', 'accord', 'signé'];

describe('over-elided quotes', () => {
  it('the red-team quote of one-letter pieces against the AFP text is refused', () => {
    const quote = 'Les [...] talibans [...] ont [...] p [...] r [...] i [...] s [...] K [...] a [...] b [...] o [...] u [...] l';
    const o = verify(AFP_FR, quote);
    expect(rule(o)).toBe('quote/over-elided');
    expect('message' in o && o.message).toMatch(/at most 5 elisions, each kept part at least two words/);
  });

  it('fabricated quotes of 20 random invented sentences are all refused', () => {
    const next = prng(20260101);
    let built = 0;
    for (let s = 0; s < 20; s++) {
      const words = Array.from({ length: 4 + Math.floor(next() * 5) }, () => VOCABULARY[Math.floor(next() * VOCABULARY.length)]!);
      const quote = fabricate(AFP_FR, words.join(' '));
      if (!quote) continue;
      built++;
      const o = verify(AFP_FR, quote);
      expect(verified(o), quote).toBe(false);
      expect(['quote/over-elided', 'quote/not-found']).toContain(rule(o));
    }
    // The fabricator must really have produced quotes, or the loop proves nothing.
    expect(built).toBeGreaterThanOrEqual(15);
  });

  it('a piece that matches only inside a longer word does not count', () => {
    const text = 'The fighters took the bridge at dawn, and the residents said the bridge fell at dawn.';
    expect(verified(verify(text, 'The fighters took (...) the residents said'))).toBe(true);
    expect(rule(verify(text, 'The fighters took (...) he residents said'))).toBe('quote/not-found');
    expect(rule(verify(text, 'The fighters to (...) the residents said'))).toBe('quote/not-found');
  });

  it('more than 5 elisions is refused even with long pieces', () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen';
    expect(verified(verify(text, 'one two (...) four five (...) seven eight (...) ten eleven (...) thirteen fourteen'))).toBe(true);
    expect(rule(verify(text, 'one two (...) three four (...) five six (...) seven eight (...) nine ten (...) eleven twelve (...) thirteen fourteen'))).toBe('quote/over-elided');
  });

  it('a match that leaves out more than 3 times what it quotes is refused', () => {
    const text = `The minister said (${'and then a long aside that the quote leaves out, '.repeat(3)}) the army withdrew.`;
    const o = verify(text, 'The minister said (...) the army withdrew');
    expect(rule(o)).toBe('quote/over-elided');
    expect('message' in o && o.message).toMatch(/characters elided for \d+ quoted/);
  });

  it('ordinary elisions of the AFP text still verify', () => {
    for (const quote of [
      "ont fait état d'une forte présence talibane (...) sur la route reliant Spin Boldak à Kandahar",
      'Les terroristes talibans ont fait mouvement près de la zone frontalière (...) les forces de sécurité ont repoussé leur attaque',
    ]) expect(verified(verify(AFP_FR, quote)), quote).toBe(true);
  });
});

describe('the over-elided rule survives worker threads and the quote memo', () => {
  const outcomes: QuoteOutcome[] = [
    { message: 'too elided', rule: 'quote/over-elided' },
    { message: 'absent' },
    { range: { line: 1, column: 2, endLine: 1, endColumn: 9 } },
  ];
  it('packOutcomes and unpackOutcomes keep it', () => {
    const { ranges, messages } = packOutcomes(outcomes);
    expect(unpackOutcomes(ranges!, messages!)).toEqual(outcomes);
  });
  it('a stored memo gives it back', () => {
    const quotes = outcomes.map((_, k) => ({ quote: `q${k}`, documentId: 'doc' }));
    const memo = new QuoteMemo(undefined, 'code');
    memo.put('docs/doc.txt', 'abc', quotes, outcomes);
    expect(new QuoteMemo(memo.serialize(), 'code').get('docs/doc.txt', 'abc', quotes)).toEqual(outcomes);
  });
});

describe('a quote without elisions', () => {
  it('must start and end on word boundaries: "founded" is not a quote of "unfounded", nor "aliban" of "Taliban"', () => {
    const text = 'The ministry called the reports unfounded. The Taliban said so.';
    expect(rule(verify(text, 'founded'))).toBe('quote/not-found');
    expect(rule(verify(text, 'aliban said'))).toBe('quote/not-found');
    expect(rule(verify(text, 'reports unfounde'))).toBe('quote/not-found');
    expect(verified(verify(text, 'the reports unfounded.'))).toBe(true);
    expect(verified(verify(text, 'Taliban said so'))).toBe(true);
    // Punctuation at an edge needs no boundary: a quote may start with its opening mark or end with a full stop.
    expect(verified(verify('Il a dit : « les talibans sont là ».', '« les talibans sont là »'))).toBe(true);
  });
});
