// Isolation: the bundled seed corpus mixed with every hostile file. Each hostile file gets at least one located
// finding, the run exits 1 (never 2, never a stack trace), and every seed claim keeps exactly its verdict.
import { readFileSync, readdirSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClaimVerdict, Report } from '../../src/report/types.js';
import { runCli, spawnCli } from '../helpers/run.js';
import { FIXTURES, checkJson, seedProject, tempDir, writeFiles } from './project.js';
import { GENERATED, H } from './cases.js';

/** What must not change about a verdict when hostile files join the corpus. */
const verdictOf = (c: ClaimVerdict) => ({
  status: c.status,
  contested: c.contested,
  corroborated: c.corroborated,
  complete: c.complete,
  support: c.support.map((v) => [v.id, v.sources, v.documents, v.stances]),
  opposition: c.opposition.map((v) => [v.id, v.sources, v.documents, v.stances]),
  quotes: c.assertions.flatMap((a) => a.quotes.map((q) => [q.document, q.verification, q.match?.line, q.match?.column])),
  explanation: c.explanation,
});

/** A fake credential that must appear in no output. */
const GIT_TOKEN = 'Z2hzX0lTT0xBVElPTkZBS0VUT0tFTg';

/** Put every hostile file of the suite into `dir`/claims/hostile; returns the project-relative names. */
function addHostile(dir: string): string[] {
  const names: string[] = [];
  const add = (name: string, content: string | Uint8Array) => {
    writeFiles(dir, { [`${H}/${name}`]: content });
    names.push(`${H}/${name}`);
  };
  for (const f of readdirSync(FIXTURES)) add(f, readFileSync(path.join(FIXTURES, f)));
  for (const [name, c] of Object.entries(GENERATED)) add(name, c.content());
  add('too-large.yaml', `claims:\n${'# padding\n'.repeat(700_000)}`);
  add('thousands.yaml', `claims:\n${Array.from({ length: 2000 }, (_, i) => `  - id: Bad_${i}\n    statement: ${i}\n    assertions: x\n`).join('')}`);
  const h = path.join(dir, H);
  mkdirSync(h, { recursive: true });
  for (const [name, target] of [
    ['loop-a.yaml', 'loop-b.yaml'],
    ['loop-b.yaml', 'loop-a.yaml'],
    ['dangling.yaml', 'nowhere.yaml'],
    ['outside.yaml', '/etc/hostname.yaml'],
    ['to-root', '../..'],
  ] as const) {
    symlinkSync(target, path.join(h, name));
    names.push(`${H}/${name}`);
  }
  const outside = tempDir('claims-outside-');
  writeFileSync(path.join(outside, 'x.yaml'), 'claims: []\n');
  symlinkSync(path.join(outside, 'x.yaml'), path.join(h, 'outside-real.yaml'));
  names.push(`${H}/outside-real.yaml`);
  if (spawnSync('mkfifo', [path.join(h, 'pipe.yaml')]).status === 0) names.push(`${H}/pipe.yaml`);
  // The control-character file name of the output tests.
  add('\u001b[31mred\nname.yaml', 'claims: [\n');
  // A credential in .git/config, named as a document and quoted (slightly wrong, so that a hint would show it).
  writeFiles(dir, { '.git/config': `[http]\n\textraheader = AUTHORIZATION: basic ${GIT_TOKEN}\n` });
  add('secret-docs.yaml', 'documents:\n  - id: hostile-git-config\n    path: .git/config\n    publisher: Hostile\n    language: en\n');
  add('secret-claims.yaml', 'claims:\n  - id: hostile-leak\n    statement: The header says so.\n    assertions:\n      - source: taliban-spokesman-unnamed\n        stance: asserts\n        quotes:\n          - document: hostile-git-config\n            text: "extraheader = AUTHORIZATION: basic token"\n');
  return names.sort();
}

describe('seed corpus + every hostile file', () => {
  it('exit 1, a located finding in every hostile file, every seed verdict unchanged', async () => {
    const clean = await checkJson(seedProject());
    expect(clean.code).toBe(0);
    const cleanVerdicts = new Map(clean.report.claims.map((c) => [c.id, verdictOf(c)]));
    expect(cleanVerdicts.size).toBeGreaterThan(10);

    const dir = seedProject();
    const hostile = addHostile(dir);
    const t0 = Date.now();
    const mixed = await checkJson(dir);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toBe('');

    for (const name of hostile) {
      const mine = mixed.report.findings.filter((f) => f.file === name);
      expect(mine.length, `no finding for ${JSON.stringify(name)}`).toBeGreaterThan(0);
      for (const f of mine) {
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(f.column).toBeGreaterThanOrEqual(1);
        expect(f.message.length).toBeGreaterThan(20);
      }
    }
    // Seed files gain no finding, and every seed claim is still there with the same verdict.
    const seedFindings = (r: Report) => r.findings.filter((f) => !f.file.startsWith(`${H}/`));
    expect(seedFindings(mixed.report)).toEqual(seedFindings(clean.report));
    for (const [id, v] of cleanVerdicts) {
      const now = mixed.report.claims.find((c) => c.id === id);
      expect(now, id).toBeDefined();
      expect(verdictOf(now!), id).toEqual(v);
    }
  });

  it('the real binary on the mixed corpus: exit 1, nothing on stderr, every format', () => {
    const dir = seedProject();
    addHostile(dir);
    for (const format of ['text', 'json', 'sarif', 'junit', 'github', 'markdown', 'html']) {
      const r = spawnCli(['check', '--format', format], dir);
      expect(r.code, `${format}: ${r.stderr}`).toBe(1);
      expect(r.stderr, format).toBe('');
      expect(r.stdout.length, format).toBeGreaterThan(0);
      expect(r.stdout, format).not.toContain(GIT_TOKEN);
    }
  });
});

describe('exit 2 only for usage, configuration and internal errors; never a stack trace', () => {
  it('a hostile configuration file is a configuration error (2), one located message, no stack', async () => {
    for (const config of [
      'corpus: !!js/function "function(){}"\n',
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n',
      `corpus: ${'['.repeat(10_000)}`,
      'corpus: claims\ncorpus: other\n',
      '\u0000\u0001binary',
    ]) {
      const dir = seedProject();
      writeFileSync(path.join(dir, 'claims.config.yaml'), config);
      const r = await runCli(['check'], dir);
      expect(r.code, config.slice(0, 30)).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^claims: configuration error: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  });
});
