// Output plumbing: --format/--output pairs, atomic files, no colour in files, "-" with --stdin-filename, the step summary.
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/run.js';
import { planOutputs } from '../../src/cli/check.js';
import { BROKEN, copyBroken, junitCiXsd, sarifValidator, xmllintJunit } from './helpers.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'claims-out-'));
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

describe('pairing --format and --output', () => {
  it('pairs in order; unpaired formats and "-" go to stdout', () => {
    expect(planOutputs([], [])).toEqual([{ format: 'text' }]);
    expect(planOutputs([], ['r.txt'])).toEqual([{ format: 'text', file: 'r.txt' }]);
    expect(planOutputs(['text', 'sarif'], ['-', 'out.sarif'])).toEqual([{ format: 'text' }, { format: 'sarif', file: 'out.sarif' }]);
    expect(planOutputs(['sarif', 'github'], ['out.sarif'])).toEqual([{ format: 'sarif', file: 'out.sarif' }, { format: 'github' }]);
  });
  it('refuses two reports on stdout, more outputs than formats, a file twice and unknown formats', () => {
    expect(() => planOutputs(['text', 'sarif'], [])).toThrow(/only one report can go to standard output/);
    expect(() => planOutputs(['sarif'], ['a', 'b'])).toThrow(/2 --output options but only 1 --format/);
    expect(() => planOutputs(['sarif', 'junit'], ['a', 'a'])).toThrow(/given twice/);
    expect(() => planOutputs(['yaml'], [])).toThrow(/unknown format "yaml"/);
  });
});

describe('check with several outputs', () => {
  it('writes text to stdout (coloured when forced) and SARIF and JUnit to files, from one check', async () => {
    const dir = copyBroken();
    const r = await runCli(['check', '--format', 'text', '--format', 'sarif', '-f', 'junit', '-o', '-', '-o', 'out/../report.sarif', '--output', 'report.xml', '--fail-on', 'contested'], dir, { env: { FORCE_COLOR: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(ANSI);
    expect(r.stdout).toMatch(/errors?, /);
    expect(sarifValidator()(JSON.parse(readFileSync(path.join(dir, 'report.sarif'), 'utf8')))).toBe(true);
    expect(xmllintJunit(readFileSync(path.join(dir, 'report.xml'), 'utf8'), junitCiXsd()).status).toBe(0);
    // Atomic writes leave no temporary files behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('never colours text written to a file, even with FORCE_COLOR or --color', async () => {
    const dir = copyBroken();
    const r = await runCli(['check', '--color', '-o', 'report.txt'], dir, { env: { FORCE_COLOR: '3' }, stdoutIsTTY: true });
    expect(r.stdout).toBe('');
    const text = readFileSync(path.join(dir, 'report.txt'), 'utf8');
    expect(text).toMatch(/claims\/bridge\.yaml/);
    expect(text).not.toMatch(ANSI);
  });

  it('overwrites an existing report file, makes a missing folder, and fails with exit 2 when a file stands where a folder should be', async () => {
    const dir = copyBroken();
    await runCli(['check', '-f', 'json', '-o', 'r.json'], dir);
    const again = await runCli(['check', '-f', 'json', '-o', 'r.json'], dir);
    expect(again.code).toBe(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')).reportVersion).toBe('2.0');
    expect((await runCli(['check', '-f', 'sarif', '-o', 'no/such/dir/r.sarif'], dir)).code).toBe(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'no', 'such', 'dir', 'r.sarif'), 'utf8')).version).toBe('2.1.0');
    const bad = await runCli(['check', '-f', 'sarif', '-o', 'r.json/r.sarif'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('claims: cannot write r.json/r.sarif: ENOTDIR\n');
  });

  it('usage errors exit 2 with nothing on stdout', async () => {
    for (const args of [
      ['check', '-f', 'text', '-f', 'json'],
      ['check', '-o', 'a', '-o', 'b'],
      ['check', '-f', 'xml'],
    ]) {
      const r = await runCli(args, BROKEN);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });

  it('the spawned binary writes the same SARIF to a file as to stdout', () => {
    const dir = copyBroken();
    const a = spawnCli(['check', '--format', 'sarif'], dir);
    const b = spawnCli(['check', '--format', 'sarif', '--output', 'x.sarif'], dir);
    expect(a.code).toBe(1);
    expect(b.code).toBe(1);
    expect(b.stdout).toBe('');
    expect(readFileSync(path.join(dir, 'x.sarif'), 'utf8')).toBe(a.stdout);
  });
});

describe('"-" reads one file from standard input', () => {
  const fixed = (text: string) => text.replace('stance: assert\n', 'stance: asserts\n');

  it('checks it in the context of the corpus, under --stdin-filename, replacing the file on disk', async () => {
    const onDisk = readFileSync(path.join(BROKEN, 'claims', 'bridge.yaml'), 'utf8');
    // A buffer with the stance fixed: the on-disk error goes away, and no id is reported twice.
    const r = await runCli(['check', '-', '--stdin-filename', 'claims/bridge.yaml', '-f', 'json'], BROKEN, { readStdin: async () => new TextEncoder().encode(fixed(onDisk)) });
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; file: string; line: number }>; claims: Array<{ id: string }> };
    expect(report.findings.filter((f) => f.ruleId === 'schema/enum')).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === 'ref/duplicate-id')).toEqual([]);
    // Sources and documents come from the corpus: the shopkeeper resolves; the misspelt sources (one revealed by
    // the fixed stance) do not.
    expect(report.findings.filter((f) => f.ruleId === 'ref/unknown-source').map((f) => `${f.file}:${f.line}`)).toEqual(['claims/bridge.yaml:24', 'claims/bridge.yaml:45']);
    expect(report.claims.map((c) => c.id)).toContain('bridge-destroyed');
    // Positions of a finding in the buffer are reported under the given name.
    const broken = await runCli(['check', '-', '--stdin-filename', 'claims/bridge.yaml'], BROKEN, { readStdin: async () => new TextEncoder().encode(onDisk.replace('stance: denies', 'stance: deny')) });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/claims\/bridge\.yaml\n(.*\n)*\s+17:17\s+error\s+"deny" is not a valid value for "stance"\./);
  });

  it('names the file relative to the project folder when run from a subfolder, and <stdin> without a name', async () => {
    const dir = copyBroken();
    const text = 'claims:\n  - id: from-stdin\n    statement: A claim typed into the buffer.\n    assertions:\n      - source: shopkeeper\n        stance: assertz\n';
    const sub = await runCli(['check', '-', '--stdin-filename', 'new.yaml', '-f', 'github'], path.join(dir, 'claims'), { readStdin: async () => new TextEncoder().encode(text) });
    expect(sub.stdout).toMatch(/^::error file=claims\/new\.yaml,line=6,endLine=6,col=17,/m);
    const anon = await runCli(['check', '-', '-f', 'github'], dir, { readStdin: async () => new TextEncoder().encode(text) });
    expect(anon.stdout).toMatch(/^::error file=<stdin>,line=6,/m);
  });

  it('works through the real binary and standard input, and "-" twice is a usage error', () => {
    const dir = copyBroken();
    const text = fixed(readFileSync(path.join(dir, 'claims', 'bridge.yaml'), 'utf8'));
    const r = spawnCli(['check', '-', '--stdin-filename', 'claims/bridge.yaml', '-f', 'sarif'], dir, {}, text);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(log.runs[0]!.results.map((x) => x.ruleId)).not.toContain('schema/enum');
    const twice = spawnCli(['check', '-', '-'], dir, {}, text);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/only once/);
  });
});

describe('$GITHUB_STEP_SUMMARY', () => {
  it('receives a Markdown summary, appended, when --format github runs', async () => {
    const dir = tmp();
    const summary = path.join(dir, 'summary.md');
    const env = { GITHUB_STEP_SUMMARY: summary };
    const r = await runCli(['check', '--format', 'github'], BROKEN, { env });
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('::')).toBe(true);
    const once = readFileSync(summary, 'utf8');
    expect(once).toMatch(/^## claims check\n\n❌ \*\*8 errors\*\*/);
    expect(once).toContain('```mermaid');
    await runCli(['check', '--format', 'github'], BROKEN, { env });
    expect(readFileSync(summary, 'utf8')).toBe(`${once}${once}`);
  });
  it('is left alone by other formats, and a bad path is a warning, not a failure', async () => {
    const dir = tmp();
    const summary = path.join(dir, 'summary.md');
    await runCli(['check', '--format', 'sarif'], BROKEN, { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(existsSync(summary)).toBe(false);
    const r = await runCli(['check', '--format', 'github'], BROKEN, { env: { GITHUB_STEP_SUMMARY: path.join(dir, 'no', 'such', 'file') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^claims: warning: could not write the step summary/);
  });
});
