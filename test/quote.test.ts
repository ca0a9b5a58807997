// `claims quote`: the words found with check's typography-tolerant matching, printed as a ready quote or added to a claim.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPassages, searchPassages } from '../src/cli/quote.js';
import { runCli } from './helpers/run.js';
import { BASE_FILES, claimFile, makeProject } from './helpers/project.js';

const TEXT = 'Les talibans ont affirmé s’être emparés d’un poste-frontière clé.\nUn responsable a indiqué qu’ils avaient «hissé leur drapeau»,\net les talibans ont ajouté que la route était sous leur contrôle.\n';

const project = () =>
  makeProject({
    ...BASE_FILES,
    'docs/fr.txt': TEXT,
    'claims/documents.yaml': `${BASE_FILES['claims/documents.yaml']}  - id: doc-fr\n    path: docs/fr.txt\n    publisher: AFP\n    language: fr\n`,
    'claims/bridge.yaml': `# The bridge.\r\n${claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dawn']]).replace(/\n/g, '\r\n')}`,
  });

describe('findPassages', () => {
  it('finds typed apostrophes and quotation marks as printed, and a passage over a line break as one line', () => {
    expect(findPassages(TEXT, "s'être emparés d'un poste-frontière")).toEqual([{ text: 's’être emparés d’un poste-frontière', line: 1 }]);
    expect(findPassages(TEXT, '"hissé leur drapeau", et les talibans')).toEqual([{ text: '«hissé leur drapeau», et les talibans', line: 2 }]);
  });

  it('lists every match, and gives the pieces of an elided search as printed', () => {
    expect(findPassages(TEXT, 'talibans ont').map((p) => p.line)).toEqual([1, 3]);
    expect(findPassages(TEXT, 'Les talibans ... poste-frontière clé')).toEqual([{ text: 'Les talibans […] poste-frontière clé', line: 1 }]);
  });

  it('matches as check does: whole words only, and no quote that check would refuse as over-elided', () => {
    // "alibans ont" is inside "talibans ont": check would not verify it, so it is not offered as a quote.
    expect(searchPassages(TEXT, 'alibans ont')).toEqual({ insideWords: { text: 'talibans ont', line: 1 } });
    expect(searchPassages(TEXT, 'talibans on')).toEqual({ insideWords: { text: 'talibans ont', line: 1 } });
    // A piece of one short word between elisions, as check refuses it (quote/over-elided).
    expect(searchPassages(TEXT, 'Les talibans ... clé')).toMatchObject({ overElided: expect.stringContaining('"clé"') });
    // Not found at all: an empty list, and the caller shows the closest passages.
    expect(searchPassages(TEXT, 'the bridge fell')).toEqual({ passages: [] });
  });
});

describe('claims quote', () => {
  it('prints a ready YAML quote with the document, its language, the text as printed and the line', async () => {
    const r = await runCli(['quote', 'doc-fr', "qu'ils avaient", '"hissé', 'leur', 'drapeau"'], project());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('# docs/fr.txt:2\n- document: doc-fr\n  lang: fr\n  text: qu’ils avaient «hissé leur drapeau»\n');
  });

  it('names every match when the words occur more than once', async () => {
    const r = await runCli(['quote', 'doc-fr', 'talibans ont'], project());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# docs/fr.txt:1 (also at line 3)');
  });

  it('gives the closest passage when the words are not in the text (exit 1)', async () => {
    const r = await runCli(['quote', 'doc-fr', 'hissé leurs drapeaux'], project());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('not in document "doc-fr"');
    expect(r.stderr).toContain('docs/fr.txt:2');
  });

  it('refuses words that occur only inside longer words, and names the whole words (exit 1)', async () => {
    const r = await runCli(['quote', 'doc-fr', 'alibans ont affirm'], project());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('claims: these words occur in document "doc-fr" only as part of longer words, and claims check matches whole words only. At docs/fr.txt:1 the whole words are: "talibans ont affirmé". Quote them as printed.\n');
  });

  it('refuses an elided search that check would refuse as over-elided (exit 1)', async () => {
    const r = await runCli(['quote', 'doc-fr', 'Les talibans [...] clé'], project());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^claims: a quote of these words would not pass claims check: The part "clé" of this quote/);
  });

  it('adds only quotes that claims check then verifies', async () => {
    const dir = project();
    for (const words of ['talibans ont ajouté', 'Les talibans ... poste-frontière clé', "qu'ils avaient", 'alibans ont', 'ont ajouté que la']) {
      await runCli(['quote', 'doc-fr', words, '--claim', 'bridge-taken', '--source', 'witness-one', '--stance', 'asserts'], dir);
    }
    const added = readFileSync(path.join(dir, 'claims/bridge.yaml'), 'utf8');
    expect(added).toContain('text: talibans ont ajouté');
    expect(added).not.toContain('text: alibans');
    const check = await runCli(['check', '--no-cache', '--format', 'json', 'claims/bridge.yaml'], dir);
    const report = JSON.parse(check.stdout) as { findings: Array<{ ruleId: string; message: string }> };
    expect(report.findings.filter((f) => f.ruleId.startsWith('quote/'))).toEqual([]);
  });

  it('refuses an unknown document, source, claim or stance with a suggestion (exit 2)', async () => {
    const dir = project();
    const d = await runCli(['quote', 'doc-fx', 'talibans'], dir);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('Did you mean "doc-fr"');
    expect((await runCli(['quote', 'doc-fr', 'talibans', '--claim', 'bridge-taken', '--source', 'witness-one', '--stance', 'assert'], dir)).stderr).toContain('Did you mean "asserts"?');
    expect((await runCli(['quote', 'doc-fr', 'talibans', '--claim', 'bridge-take', '--source', 'witness-one', '--stance', 'asserts'], dir)).stderr).toContain('"bridge-taken"');
    expect((await runCli(['quote', 'doc-fr', 'talibans', '--claim', 'bridge-taken', '--source', 'witness-on', '--stance', 'asserts'], dir)).stderr).toContain('"witness-one"');
    expect((await runCli(['quote', 'doc-fr', 'talibans', '--claim', 'bridge-taken'], dir)).stderr).toContain('missing --source and --stance');
  });

  it('adds the quote to the assertion of that source and stance, or as a new assertion, keeping CRLF and comments', async () => {
    const dir = project();
    const file = path.join(dir, 'claims/bridge.yaml');
    const before = readFileSync(file, 'utf8');
    const a = await runCli(['quote', 'doc-fr', 'hissé leur drapeau', '--claim', 'bridge-taken', '--source', 'witness-one', '--stance', 'asserts'], dir);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('added the quote to the assertion of witness-one (asserts) on claim "bridge-taken" in claims/bridge.yaml:11');
    const b = await runCli(['quote', 'doc-fr', 'Un responsable a indiqué', '--claim', 'bridge-taken', '--source', 'official', '--stance', 'denies'], dir);
    expect(b.code).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(
      `${before}          - document: doc-fr\r\n            lang: fr\r\n            text: hissé leur drapeau\r\n      - source: official\r\n        stance: denies\r\n        quotes:\r\n          - document: doc-fr\r\n            lang: fr\r\n            text: Un responsable a indiqué\r\n`,
    );
    const again = await runCli(['quote', 'doc-fr', 'hissé leur drapeau', '--claim', 'bridge-taken', '--source', 'witness-one', '--stance', 'asserts'], dir);
    expect(again.stdout).toContain('already has this quote');
    expect(readFileSync(file, 'utf8')).toBe(after);
    const check = await runCli(['check', '--format', 'json', '--no-cache'], dir);
    expect(JSON.parse(check.stdout).summary.quotes).toMatchObject({ total: 3, verified: 3 });
  });

  it('leaves a claims file with YAML errors alone (exit 2)', async () => {
    const dir = project();
    const file = path.join(dir, 'claims/bridge.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}  broken: [\r\n`);
    const before = readFileSync(file, 'utf8');
    const r = await runCli(['quote', 'doc-fr', 'talibans ont affirmé', '--claim', 'bridge-taken', '--source', 'witness-one', '--stance', 'asserts'], dir);
    expect(r.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
