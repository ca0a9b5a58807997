// Terminal manners and the small CLI options people expect: -o making its folders, --cache, --help, display widths.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run.js';
import { copyBroken } from './ci/helpers.js';
import { cells, hang, padCells, truncateCells } from '../src/util/width.js';

describe('-o creates the folders it needs', () => {
  it('inside the project, however deep', async () => {
    const dir = copyBroken();
    const r = await runCli(['check', '--format', 'sarif', '-o', 'reports/ci/claims.sarif'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'reports', 'ci', 'claims.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
  });

  it('outside the project, where the user named it', async () => {
    const dir = copyBroken();
    const outside = mkdtempSync(path.join(os.tmpdir(), 'claims-out-'));
    const r = await runCli(['check', '--format', 'json', '-o', path.join(outside, 'a', 'b', 'report.json')], dir);
    expect(r.stderr).toBe('');
    expect(existsSync(path.join(outside, 'a', 'b', 'report.json'))).toBe(true);
  });

  it('never through a folder link that leads out of the project: nothing is made outside, and it says why', async () => {
    const dir = copyBroken();
    const outside = mkdtempSync(path.join(os.tmpdir(), 'claims-out-'));
    symlinkSync(outside, path.join(dir, 'reports'));
    const r = await runCli(['check', '--format', 'sarif', '-o', 'reports/new/deeper/claims.sarif'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^claims: --output: reports\/new\/deeper\/claims.sarif leads outside the project folder through a symbolic link/);
    expect(readdirSync(outside)).toEqual([]);
  });
});

/** A small ledger whose voices have CJK and Arabic names: one claim, two voices for it and two against. */
function wideNames(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-wide-'));
  const w = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  w('claims.config.yaml', 'corpus: claims\ncorroboration:\n  threshold: 2\n');
  w('seeds/report.txt', 'The ministry said the bridge was taken. The governor said the bridge was taken too. The army denied it. The council denied it as well.\n');
  w('claims/documents.yaml', 'documents:\n  - id: report\n    path: seeds/report.txt\n    language: en\n');
  w('claims/sources.yaml', 'sources:\n  - id: ministry\n    name: 中华人民共和国外交部发言人办公室\n  - id: governor\n    name: Governor\n  - id: army\n    name: المتحدث باسم القوات المسلحة\n  - id: council\n    name: 東京都議会\n');
  const a = (source: string, stance: string, text: string) => `      - source: ${source}\n        stance: ${stance}\n        quotes:\n          - document: report\n            text: ${text}\n`;
  w('claims/bridge.yaml', `claims:\n  - id: bridge-taken\n    statement: The bridge was taken, a statement long enough to be wrapped on a narrow terminal but left whole in a pipe.\n    assertions:\n${a('ministry', 'asserts', 'The ministry said the bridge was taken.')}${a('governor', 'corroborates', 'The governor said the bridge was taken too.')}${a('army', 'denies', 'The army denied it.')}${a('council', 'denies', 'The council denied it as well.')}`);
  return dir;
}

describe('columns in display cells', () => {
  it('measures, pads, cuts and wraps by cells: a CJK character takes two, a combining mark none', () => {
    expect(cells('東京')).toBe(4);
    expect(cells('e\u0301')).toBe(1);
    expect(padCells('東京', 6)).toBe('東京  ');
    expect(truncateCells('東京都議会', 7)).toBe('東京都…');
    expect(cells(truncateCells('東京都議会', 7))).toBeLessThanOrEqual(7);
    expect(hang('> ', 'one two three four five six seven eight nine ten eleven twelve thirteen', 30)).toBe('> one two three four five six\n  seven eight nine ten eleven\n  twelve thirteen');
    expect(hang('> ', 'one two three four five six seven eight nine ten eleven twelve thirteen', undefined)).toBe('> one two three four five six seven eight nine ten eleven twelve thirteen');
  });

  it('claims show keeps its right column in place whatever the script of the names on the left', async () => {
    const r = await runCli(['show', 'bridge-taken'], wideNames());
    expect(r.stderr).toBe('');
    const start = r.stdout.lastIndexOf('\n', r.stdout.indexOf('SUPPORTING')) + 1;
    const rows = r.stdout.slice(start).split('\n').slice(0, 3);
    expect(rows[1]).toContain('中华人民共和国');
    expect(rows[1]).toContain('المتحدث');
    // Where the right column starts, in cells: the same on every row.
    const at = (row: string, marker: string) => cells(row.slice(0, row.indexOf(marker)));
    expect(at(rows[1]!, '- ')).toBe(at(rows[0]!, 'OPPOSING'));
    expect(at(rows[2]!, '- ')).toBe(at(rows[0]!, 'OPPOSING'));
  });
});

describe('lines fitted to the terminal', () => {
  it('on a terminal, no line of check or show is wider than it; piped, every line is whole', async () => {
    const dir = wideNames();
    for (const args of [['check'], ['show', 'bridge-taken']]) {
      const tty = await runCli(args, dir, { stdoutIsTTY: true, columns: 60, env: { NO_COLOR: '1' } });
      for (const line of tty.stdout.split('\n')) expect(cells(line), line).toBeLessThanOrEqual(60);
      const piped = await runCli(args, dir, { env: { NO_COLOR: '1' } });
      expect(piped.stdout).toMatch(/The bridge was taken, a statement long enough to be wrapped on a narrow terminal but left whole in a pipe\./);
      expect(tty.stdout).not.toMatch(/The bridge was taken, a statement long enough to be wrapped on a narrow terminal but left whole in a pipe\./);
    }
  });
});

describe('the options people reach for', () => {
  it('--cache is accepted (ESLint spelling) and turns the cache on again after --no-cache', async () => {
    const dir = copyBroken();
    const env = { CLAIMS_CACHE_KEY_DIR: mkdtempSync(path.join(os.tmpdir(), 'claims-key-')) };
    const args = ['check', '--cache-location', mkdtempSync(path.join(os.tmpdir(), 'claims-cache-')), '--debug'];
    const plain = await runCli(['check'], dir);
    const first = await runCli([...args, '--no-cache', '--cache'], dir, { env });
    expect(first.code).toBe(plain.code);
    expect(first.stderr).not.toMatch(/unknown option|nothing changed since a run/);
    // The second run is replayed from the cache the first one wrote: --cache left it on.
    expect((await runCli([...args, '--no-cache', '--cache'], dir, { env })).stderr).toMatch(/nothing changed since a run with these arguments/);
    expect((await runCli([...args, '--cache', '--no-cache'], dir, { env })).stderr).not.toMatch(/nothing changed since a run/);
  });

  it('--help shows examples, the exit codes and where the documentation is', async () => {
    for (const args of [['--help'], ['check', '--help']]) {
      const r = await runCli(args, copyBroken());
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/\nExamples:\n {2}claims /);
      expect(r.stdout).toMatch(/\nExit codes:\n {2}0 {2}[^\n]+\n {2}1 {2}[^\n]+\n {2}2 {2}usage/);
      expect(r.stdout).toContain('Documentation: https://github.com/claims-ledger/claims#readme');
    }
    expect((await runCli(['check', '--help'], copyBroken())).stdout).toContain("claims check 'claims/**/*.yaml'");
  });
});
