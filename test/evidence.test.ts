import { readFileSync, symlinkSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { runCheck } from '../src/check.js';
import { checkQuotes } from '../src/validate/quotes.js';
import type { Report } from '../src/report/types.js';
import { BASE_FILES, claimFile, copySeedProject, makeProject } from './helpers/project.js';
import { ROOT, runCli } from './helpers/run.js';

const json = async (dir: string, args: string[] = []) => {
  const r = await runCli(['check', '--format', 'json', ...args], dir);
  return { ...r, report: JSON.parse(r.stdout) as Report };
};

describe('the bundled corpus', () => {
  it('every quote verifies, with its place in the document', async () => {
    const { report, code } = await json(ROOT);
    expect(code).toBe(0);
    const q = report.summary.quotes;
    expect(q.total).toBeGreaterThanOrEqual(45);
    expect(q).toMatchObject({ verified: q.total, notFound: 0, unverifiable: 0 });
    for (const c of report.claims) for (const a of c.assertions) for (const quote of a.quotes) {
      expect(quote.match, `${c.id}: ${quote.text}`).toBeDefined();
      expect(quote.match!.path).toMatch(/^seeds\/\d{3}_[0-9a-f]+\.txt$/);
    }
  });

  it('changing one word of any quote is caught at the quote, and the right passage is suggested', async () => {
    const config = loadConfig(ROOT);
    const result = await runCheck({ config, cwd: ROOT, paths: [] });
    let tried = 0;
    for (const claim of result.corpus.claims) {
      claim.assertions.forEach((a, ai) =>
        a.quotes.forEach((q, qi) => {
          const words = q.text.match(/[\p{L}]{4,}/gu) ?? [];
          const word = words.sort((x, y) => y.length - x.length)[0]!;
          const mutated = { ...q, text: q.text.replace(word, word === 'différent' ? 'autre' : 'différent') };
          const assertions = claim.assertions.map((x, i) => (i === ai ? { ...x, quotes: x.quotes.map((y, j) => (j === qi ? mutated : y)) } : x));
          const corpus = { ...result.corpus, claims: [{ ...claim, assertions }] };
          const check = checkQuotes(corpus, result.texts);
          const notFound = check.findings.filter((f) => f.ruleId === 'quote/not-found');
          expect(notFound, `${claim.id}: ${mutated.text}`).toHaveLength(1);
          const f = notFound[0]!;
          expect([f.file, f.line, f.column]).toEqual([claim.file, q.loc.line, q.loc.column]);
          const original = result.report.claims.find((c) => c.id === claim.id)!.assertions[ai]!.quotes[qi]!.match!;
          expect(f.message, f.message).toContain(`Closest passage, line ${original.line} (`);
          tried++;
        }),
      );
    }
    expect(tried).toBe(result.report.summary.quotes.total);
  });

  it('editing one character of a seed file is caught as a hash mismatch', async () => {
    const dir = copySeedProject();
    const seed = path.join(dir, 'seeds', '003_60b4f15737e3d2e5.txt');
    writeFileSync(seed, readFileSync(seed, 'utf8').replace('Herat', 'Herar'));
    const { report, code } = await json(dir);
    expect(code).toBe(1);
    const f = report.findings.filter((x) => x.ruleId === 'document/hash-mismatch');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ file: 'claims/documents.yaml', severity: 'error' });
    expect(f[0]!.message).toMatch(/seeds\/003_60b4f15737e3d2e5\.txt" has changed since the claims were recorded/);
  });
});

describe('claims hash', () => {
  it('fills in missing hashes in place: byte-identical apart from the hash lines, comments kept', async () => {
    const dir = copySeedProject();
    const file = path.join(dir, 'claims', 'documents.yaml');
    const original = readFileSync(file, 'utf8');
    const stripped = original.replace(/^ {4}sha256: [0-9a-f]{64}\n/gm, '');
    expect(stripped).not.toBe(original);
    writeFileSync(file, stripped);
    const before = await json(dir);
    expect(before.report.findings.filter((f) => f.ruleId === 'document/no-hash')).toHaveLength(5);
    const r = await runCli(['hash'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^claims\/documents\.yaml:13 {2}afp-spin-boldak-fr {2}sha256 recorded 07cb8bf2502d…$/m);
    expect(r.stdout).toMatch(/5 hashes changed, 0 already up to date\.\n$/);
    expect(readFileSync(file, 'utf8')).toBe(original);
    const again = await runCli(['hash'], dir);
    expect(again.stdout).toBe('0 hashes changed, 5 already up to date.\n');
  });

  it('updates a wrong hash where it stands, keeps CRLF line endings, and --dry-run writes nothing', async () => {
    const dir = makeProject({
      ...BASE_FILES,
      'claims/documents.yaml': 'documents:\r\n  - id: doc-a # the wire copy\r\n    path: docs/a.txt\r\n    sha256: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n    publisher: Wire\r\n    language: en\r\n',
    });
    const file = path.join(dir, 'claims', 'documents.yaml');
    const dry = await runCli(['hash', '--dry-run'], dir);
    expect(dry.stdout).toMatch(/updated aaaaaaaaaaaa… → [0-9a-f]{12}… \(dry run: not written\)/);
    expect(readFileSync(file, 'utf8')).toMatch(/sha256: a{64}\r\n/);
    expect((await json(dir)).report.findings.map((f) => f.ruleId)).toContain('document/hash-mismatch');
    await runCli(['hash'], dir);
    const after = readFileSync(file, 'utf8');
    expect(after).toMatch(/^documents:\r\n {2}- id: doc-a # the wire copy\r\n {4}path: docs\/a.txt\r\n {4}sha256: [0-9a-f]{64}\r\n {4}publisher: Wire\r\n/);
    expect((await json(dir)).report.summary.errors).toBe(0);
  });
});

describe('containment: document paths stay inside the project', () => {
  const outside = mkdtempSync(path.join(os.tmpdir(), 'claims-outside-'));
  writeFileSync(path.join(outside, 'secret.txt'), 'The fighters took the bridge at dawn.\n');
  const claim = claimFile('bridge-taken', [['witness-one', 'asserts', 'The fighters took the bridge at dawn.']]);
  const docs = (p: string) => `documents:\n  - id: doc-a\n    path: ${JSON.stringify(p)}\n    publisher: Wire\n    language: en\n`;

  it.each([
    ['an absolute path', path.join(outside, 'secret.txt'), /is absolute/],
    ['a .. that leaves the project', `../${path.basename(outside)}/secret.txt`, /leads outside the project folder/],
  ])('%s is an error and the file is not read', async (_, p, message) => {
    const dir = makeProject({ ...BASE_FILES, 'claims/documents.yaml': docs(p), 'claims/c.yaml': claim });
    const { report, code } = await json(dir);
    expect(code).toBe(1);
    const f = report.findings.find((x) => x.ruleId === 'document/outside-project')!;
    expect(f).toMatchObject({ file: 'claims/documents.yaml', line: 3 });
    expect(f.message).toMatch(message);
    expect(report.claims[0]!.assertions[0]!.quotes[0]!.verification).toBe('unverifiable');
  });

  it('a symlink pointing outside is an error and the file is not read', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/documents.yaml': docs('docs/link.txt'), 'claims/c.yaml': claim });
    symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'docs', 'link.txt'));
    const { report } = await json(dir);
    expect(report.findings.find((x) => x.ruleId === 'document/outside-project')!.message).toMatch(/symbolic link to a file outside/);
    expect(report.claims[0]!.assertions[0]!.quotes[0]!.verification).toBe('unverifiable');
  });

  it('a document with only a URL makes its quotes unverifiable (info), never silently passed', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/documents.yaml': 'documents:\n  - id: doc-a\n    url: https://example.org/a\n    publisher: Wire\n    language: en\n', 'claims/c.yaml': claim });
    const { report, code } = await json(dir);
    expect(code).toBe(0);
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`)).toEqual(['assertion/unproven warning claims/c.yaml:5', 'quote/unverifiable info claims/c.yaml:9']);
    expect(report.summary.quotes.unverifiable).toBe(1);
  });
});

describe('consistency checks', () => {
  const withQuote = (extra: string, quote = 'The fighters took the bridge at dawn.', lang = '') =>
    `claims:\n  - id: bridge-taken\n    statement: S.\n    assertions:\n      - source: rebel-spokesman\n        stance: asserts\n${extra}        quotes:\n          - document: doc-a\n${lang}            text: ${JSON.stringify(quote)}\n`;

  it('an assertion dated after the document that reports it', async () => {
    const { report } = await json(makeProject({ ...BASE_FILES, 'claims/c.yaml': withQuote('        date: 2021-07-20\n') }));
    const f = report.findings.find((x) => x.ruleId === 'assertion/after-document')!;
    expect(f).toMatchObject({ severity: 'error', line: 7, column: 15 });
    const ok = await json(makeProject({ ...BASE_FILES, 'claims/c.yaml': withQuote('        date: 2021-07\n') }));
    expect(ok.report.findings.map((x) => x.ruleId)).not.toContain('assertion/after-document');
  });

  it("a quote whose declared language differs from its document's", async () => {
    const { report } = await json(makeProject({ ...BASE_FILES, 'claims/c.yaml': withQuote('', undefined, '            lang: fr\n') }));
    expect(report.findings.find((x) => x.ruleId === 'quote/language-mismatch')).toMatchObject({ severity: 'warning', line: 10 });
  });

  it('an assertion with no quote', async () => {
    const { report, code } = await json(makeProject({ ...BASE_FILES, 'claims/c.yaml': claimFile('bridge-taken', [['rebel-spokesman', 'asserts']]) }));
    expect(code).toBe(0);
    expect(report.findings.filter((x) => x.severity !== 'info').map((x) => `${x.ruleId} ${x.severity} ${x.line}:${x.column}`)).toEqual(['assertion/no-quote warning 5:17', 'assertion/unproven warning 5:17']);
  });

  it('corroboration resting on one article is a warning', async () => {
    const { report } = await json(makeProject({ ...BASE_FILES, 'claims/c.yaml': claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dawn'], ['witness-two', 'asserts', 'the bridge fell at dawn']]) }));
    expect(report.claims[0]!.status).toBe('corroborated');
    expect(report.findings.find((x) => x.ruleId === 'claim/single-document')).toMatchObject({ severity: 'warning', line: 2, column: 9 });
  });
});

describe('translations', () => {
  const files = {
    ...BASE_FILES,
    'docs/b.txt': 'Les combattants ont pris le pont à l’aube.\n',
    'claims/documents.yaml': `${BASE_FILES['claims/documents.yaml']}  - id: doc-b\n    path: docs/b.txt\n    publisher: Wire\n    language: fr\n    translation_of: doc-a\n`,
  };
  const quote = (document: string, text: string, lang: string) =>
    `claims:\n  - id: bridge-taken\n    statement: S.\n    assertions:\n      - source: witness-one\n        stance: asserts\n        quotes:\n          - document: ${document}\n            lang: ${lang}\n            text: ${JSON.stringify(text)}\n`;

  it('each quote of an assertion citing a document and its translation is verified against its own document', async () => {
    const { report } = await json(makeProject({ ...files, 'claims/c.yaml': claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dawn']]).replace('          - document: doc-a', '          - document: doc-b\n            text: "Les combattants ont pris le pont"\n          - document: doc-a') }));
    const quotes = report.claims[0]!.assertions[0]!.quotes;
    expect(quotes.map((q) => [q.document, q.verification, q.match?.document])).toEqual([
      ['doc-b', 'verified', 'doc-b'],
      ['doc-a', 'verified', 'doc-a'],
    ]);
  });

  it('a quote in French citing the English original is checked against the recorded French translation', async () => {
    const { report, code } = await json(makeProject({ ...files, 'claims/c.yaml': quote('doc-a', 'Les combattants ont pris le pont', 'fr') }));
    expect(code).toBe(0);
    const q = report.claims[0]!.assertions[0]!.quotes[0]!;
    expect(q).toMatchObject({ document: 'doc-a', verification: 'verified', match: { document: 'doc-b', path: 'docs/b.txt', line: 1, column: 1 } });
    expect(report.findings.map((f) => f.ruleId)).not.toContain('quote/language-mismatch');
  });

  it('the same, the other way round: English citing the French translation is checked against the English original', async () => {
    const { report } = await json(makeProject({ ...files, 'claims/c.yaml': quote('doc-b', 'the bridge fell at dawn', 'en') }));
    expect(report.claims[0]!.assertions[0]!.quotes[0]!.match?.document).toBe('doc-a');
  });

  it('with no translation in the quote\'s language, the language mismatch is a warning and the quote is checked against the cited text', async () => {
    const { report, code } = await json(makeProject({ ...files, 'claims/c.yaml': quote('doc-a', 'the bridge fell at dawn', 'de') }));
    expect(code).toBe(0);
    expect(report.findings.find((f) => f.ruleId === 'quote/language-mismatch')!.message).toMatch(/no translation of it in "de" is recorded/);
    expect(report.claims[0]!.assertions[0]!.quotes[0]!.match?.document).toBe('doc-a');
  });
});
