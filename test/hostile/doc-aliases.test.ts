// One big text cited by hundreds of documents through spellings of its path and links to it is read, hashed and
// searched once: the work of a run follows the texts on disk, not the entries that name them.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentEntity, Report } from '../../src/report/types.js';
import { loadDocumentTexts } from '../../src/validate/documents.js';
import type { Corpus } from '../../src/report/corpus.js';
import { BIN } from '../helpers/run.js';
import { project, tempDir } from './project.js';

const SPELLINGS = 300;
const LINKS = 20;

// Runs bin/claims.js in this child, and writes its resource usage on exit (processor time of all its threads).
const WRAPPER = `const fs = require('node:fs'); process.on('exit', () => fs.writeFileSync(process.env.CLAIMS_MEASURE_OUT, JSON.stringify(process.resourceUsage()))); import(require('node:url').pathToFileURL(process.argv[1]).href);`;

/** A text of about 4 MB of varied words, and a run of its last words (a quote that is there). */
function bigText(): { text: string; tail: string } {
  let seed = 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const vocab = Array.from({ length: 5000 }, () => Array.from({ length: 2 + Math.floor(rnd() * 8) }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(rnd() * 26)]).join(''));
  const words: string[] = [];
  for (let size = 0; size < 4_000_000; ) {
    const w = vocab[Math.floor(rnd() * vocab.length)]!;
    words.push(w);
    size += w.length + 1;
  }
  return { text: words.join(' '), tail: words.slice(-6).join(' ') };
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('documents that lead to one text', () => {
  it(`${SPELLINGS} spellings of a path and ${LINKS} links to one 4 MB text: read and searched once, each document's quotes judged as its own`, () => {
    const { text, tail } = bigText();
    const paths = [...Array.from({ length: SPELLINGS }, (_, i) => `seeds/${'./'.repeat(i)}big.txt`), ...Array.from({ length: LINKS }, (_, i) => `seeds/link${i}.txt`)];
    // Every third document quotes words that are not in the text, the others words that are.
    const absent = (i: number) => i % 3 === 2;
    const documents = ['documents:', ...paths.flatMap((p, i) => [`  - id: d${i}`, `    path: "${p}"`, '    publisher: P', '    language: fr', '    published: 2021-07'])];
    const claims = ['claims:', '  - id: c1', '    statement: Something happened.', '    assertions:', '      - source: s1', '        stance: asserts', '        quotes:', ...paths.flatMap((_, i) => [`          - document: d${i}`, `            text: "${absent(i) ? 'zzqq absent words here' : tail}"`])];
    const dir = project(
      {
        'claims.config.yaml': 'corpus: claims\n',
        'seeds/big.txt': text,
        'claims/sources.yaml': 'sources:\n  - id: s1\n    name: S\n',
        'claims/documents.yaml': `${documents.join('\n')}\n`,
        'claims/claims.yaml': `${claims.join('\n')}\n`,
      },
      false,
    );
    dirs.push(dir);
    for (let i = 0; i < LINKS; i++) symlinkSync('big.txt', path.join(dir, 'seeds', `link${i}.txt`));
    const usage = path.join(tempDir('claims-measure-'), 'usage.json');
    dirs.push(path.dirname(usage));
    const r = spawnSync(process.execPath, ['-e', WRAPPER, BIN, 'check', '--no-cache', '--debug', '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 1024 ** 3,
      timeout: 120_000,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', CLAIMS_MEASURE_OUT: usage },
    });
    const { userCPUTime, systemCPUTime } = JSON.parse(readFileSync(usage, 'utf8')) as { userCPUTime: number; systemCPUTime: number };
    expect((userCPUTime + systemCPUTime) / 1e6).toBeLessThan(30);
    // The text was searched once, for the quotes of all 320 documents.
    expect(r.stderr).toMatch(/quotes searched in 1 text on the main thread and 0 texts in/);
    const report = JSON.parse(r.stdout) as Report;
    const notFound = report.findings.filter((f) => f.ruleId === 'quote/not-found');
    const expected = paths.map((_, i) => i).filter(absent);
    expect(notFound.map((f) => /document "(d\d+)"/.exec(f.message)?.[1])).toEqual(expected.map((i) => `d${i}`));
    expect(notFound.every((f) => f.message.startsWith('This quote does not appear in document'))).toBe(true);
    expect(report.summary.quotes).toMatchObject({ verified: paths.length - expected.length, notFound: expected.length });
    expect(report.findings.filter((f) => f.ruleId.startsWith('document/') && f.ruleId !== 'document/no-hash')).toEqual([]);
  }, 180_000);

  it('texts past the run\'s budget are reported, not read; links to a text already read cost nothing more', async () => {
    const dir = project({ 'seeds/a.txt': 'a'.repeat(600), 'seeds/b.txt': 'b'.repeat(600), 'seeds/c.txt': 'c'.repeat(600) }, false);
    dirs.push(dir);
    symlinkSync('a.txt', path.join(dir, 'seeds', 'a-link.txt'));
    const entry = (id: string, p: string, line: number): DocumentEntity => ({ id, path: p, file: 'claims/documents.yaml', loc: { line, column: 5 } });
    const docs = [entry('a', 'seeds/a.txt', 2), entry('b', 'seeds/b.txt', 3), entry('a2', 'seeds/./a-link.txt', 4), entry('c', 'seeds/c.txt', 5)];
    const corpus = { documents: new Map(docs.map((d) => [d.id, d])) } as unknown as Corpus;
    const seen: string[][] = [];
    const out = await loadDocumentTexts(corpus, dir, 1 << 20, (ids) => seen.push([...ids]), [], 1000);
    expect(seen).toEqual([['a', 'a2']]);
    expect([...out.texts.keys()]).toEqual(['a', 'a2']);
    const budget = out.findings.filter((f) => f.ruleId === 'document/budget');
    expect(budget.map((f) => [f.line, f.severity])).toEqual([
      [3, 'error'],
      [5, 'error'],
    ]);
    expect(budget[0]!.message).toContain('document "b" was not checked');
  });
});
