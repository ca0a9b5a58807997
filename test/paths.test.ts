// `claims check` on some paths: the whole ledger is their context, globs and ignore patterns choose the files,
// and a path that matches nothing is a usage error with the nearest existing path.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/run.js';
import { BASE_FILES, claimFile, copySeedProject, makeProject } from './helpers/project.js';
import type { Report } from '../src/report/types.js';

const json = async (args: string[], cwd: string, extra = {}) => {
  const r = await runCli(['check', '--no-cache', '--format', 'json', ...args], cwd, extra);
  return { ...r, report: r.stdout === '' ? undefined : (JSON.parse(r.stdout) as Report) };
};
const verdicts = (r: Report | undefined) => (r?.claims ?? []).map((c) => ({ id: c.id, file: c.file, status: c.status, flags: c.flags, grade: c.grade, provisional: c.provisional }));

describe('the ledger is the context of the paths named', () => {
  it('each file of the bundled corpus checked alone gives 0 errors and the verdicts of the full check', async () => {
    const full = await json([], ROOT);
    expect(full.report!.summary.errors).toBe(0);
    const files = readdirSync(path.join(ROOT, 'claims')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const one = await json([`claims/${f}`], ROOT);
      expect(one.code, f).toBe(0);
      expect(one.report!.summary.errors, f).toBe(0);
      expect(one.report!.summary.files, f).toBe(1);
      expect(verdicts(one.report), f).toEqual(verdicts(full.report).filter((c) => c.file === `claims/${f}`));
      expect(one.stderr, f).toBe('');
    }
  });

  it('claims check claims/badghis.yaml gives 0 errors and the Badghis verdicts, in text too', async () => {
    const r = await runCli(['check', '--no-cache', 'claims/badghis.yaml'], ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✔ 0 errors, 0 warnings · 7 claims: 1 contested, 6 single-source · 9 of 9 quotes verified · 1 file/);
    expect(r.stdout).toContain('badghis-capital-entered');
    expect(r.stdout).not.toContain('weish');
  });

  it('from a subfolder, the path is taken from the working folder and the ledger still found', async () => {
    const one = await json(['badghis.yaml'], path.join(ROOT, 'claims'));
    expect(one.report!.summary.errors).toBe(0);
    expect(one.report!.claims.every((c) => c.file === 'claims/badghis.yaml')).toBe(true);
  });

  it('standard input named as a ledger file is checked with the ledger, and only it is reported', async () => {
    const bytes = readFileSync(path.join(ROOT, 'claims/badghis.yaml'));
    const r = await json(['-', '--stdin-filename', 'claims/badghis.yaml'], ROOT, { readStdin: async () => new Uint8Array(bytes) });
    const full = await json([], ROOT);
    expect(r.report!.summary.errors).toBe(0);
    expect(r.report!.summary.files).toBe(1);
    expect(verdicts(r.report)).toEqual(verdicts(full.report).filter((c) => c.file === 'claims/badghis.yaml'));
  });

  it('a file outside the ledger is checked alone, and stderr says so once', async () => {
    const dir = copySeedProject();
    mkdirSync(path.join(dir, 'drafts'));
    writeFileSync(path.join(dir, 'drafts/new.yaml'), readFileSync(path.join(ROOT, 'claims/badghis.yaml')));
    const alone = await json(['drafts/new.yaml'], dir);
    expect(alone.code).toBe(1);
    expect(alone.report!.summary.errors).toBeGreaterThan(0);
    expect(alone.stderr).toBe("claims: note: drafts/new.yaml is outside the ledger (claims.config.yaml names claims), so it was checked alone, without the ledger's sources and documents.\n");
    // Nothing named belongs to the ledger: the ledger is not even read.
    expect((await runCli(['check', '--no-cache', '--debug', 'drafts/new.yaml'], dir)).stderr).toContain('claims: debug: discover: 1 YAML file found');
    // With a ledger file beside it: the ledger file is judged with its context, the outsider still alone.
    const mixed = await json(['claims/badghis.yaml', 'drafts/new.yaml'], dir);
    expect(mixed.report!.findings.every((f) => f.file === 'drafts/new.yaml')).toBe(true);
    expect(mixed.report!.claims.filter((c) => c.file === 'claims/badghis.yaml').every((c) => !c.provisional)).toBe(true);
    expect(mixed.report!.summary.files).toBe(2);
    expect(mixed.stderr.match(/claims: note:/g)).toHaveLength(1);
    // --quiet: errors only, so no note.
    expect((await json(['drafts/new.yaml', '--quiet'], dir)).stderr).toBe('');
  });
});

describe('globs, ignore patterns and paths that match nothing', () => {
  it('a quoted glob is expanded (as CI and Windows shells pass it) and gives the full check', async () => {
    const full = await json([], ROOT);
    const g = await json(['claims/**/*.yaml'], ROOT);
    expect(g.code).toBe(0);
    expect(verdicts(g.report)).toEqual(verdicts(full.report));
    expect(g.report!.summary.files).toBe(full.report!.summary.files);
  });

  it('a mistyped file is exit 2 with the nearest existing path', async () => {
    const r = await runCli(['check', 'claims/badgis.yaml'], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('claims: no such file or folder: claims/badgis.yaml. Did you mean claims/badghis.yaml?\n');
  });

  it('a glob that matches nothing is exit 2 with the nearest folder', async () => {
    const r = await runCli(['check', 'clams/*.yaml'], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('claims: clams/*.yaml: no YAML file (.yaml, .yml) matches this pattern. Did you mean claims?\n');
  });

  it('an empty corpus folder, named or configured, is exit 2, not "0 files"', async () => {
    const dir = makeProject({ 'claims.config.yaml': 'corpus: ledger\n', 'ledger/README.md': 'nothing here\n' });
    const configured = await runCli(['check', '--no-cache'], dir);
    expect(configured.code).toBe(2);
    expect(configured.stderr).toContain('ledger: this folder holds no YAML file (.yaml, .yml), so there is nothing to check.');
    const named = await runCli(['check', '--no-cache', 'ledger'], dir);
    expect(named.code).toBe(2);
    const mistyped = makeProject({ 'claims.config.yaml': 'corpus: claimz\n', 'claims/a.yaml': 'claims: []\n' });
    const r = await runCli(['check', '--no-cache'], mistyped);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean claims?');
  });

  const withDraft = (extra: Record<string, string> = {}) =>
    makeProject({ ...BASE_FILES, 'claims/c.yaml': claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dawn']]), 'claims/drafts/d.yaml': 'claims: [oops\n', ...extra });

  it('.gitignore is honoured in folder walks and globs; --no-ignore checks every file', async () => {
    const dir = withDraft({ '.gitignore': 'drafts/\n' });
    for (const args of [[], ['claims'], ['claims/**/*.yaml']]) {
      const r = await json(args, dir);
      // Left out, so its syntax error is not reported: only a warning that it was skipped.
      expect(r.report!.findings.filter((f) => f.file.includes('drafts')).map((f) => [f.ruleId, f.severity]), args.join(' ')).toEqual([['file/ignored', 'warning']]);
    }
    const all = await json(['--no-ignore'], dir);
    expect(all.report!.findings.some((f) => f.file === 'claims/drafts/d.yaml')).toBe(true);
    // A file named one by one is checked even when ignored: the user asked for it.
    const named = await json(['claims/drafts/d.yaml'], dir);
    expect(named.report!.findings.some((f) => f.file === 'claims/drafts/d.yaml')).toBe(true);
    // It is still under the ledger's folder: checked with the ledger, so no note.
    expect(named.stderr).toBe('');
  });

  it('ignore: in the configuration and --ignore-pattern leave files out', async () => {
    const byConfig = withDraft({ 'claims.config.yaml': 'corpus: claims\nignore:\n  - claims/drafts/\n' });
    expect((await json([], byConfig)).report!.summary.files).toBe(3);
    const byFlag = withDraft();
    expect((await json([], byFlag)).report!.summary.files).toBe(4);
    expect((await json(['--ignore-pattern', '**/drafts/**'], byFlag)).report!.summary.files).toBe(3);
    const ignoredAll = await runCli(['check', '--no-cache', 'claims/drafts', '--ignore-pattern', 'd.yaml'], byFlag);
    expect(ignoredAll.code).toBe(2);
    expect(ignoredAll.stderr).toContain('--no-ignore checks them');
  });

  it("the configuration's ignore: may not climb out of the project", async () => {
    const dir = withDraft({ 'claims.config.yaml': 'corpus: claims\nignore:\n  - ../elsewhere/*.yaml\n' });
    const r = await runCli(['check', '--no-cache'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('claims.config.yaml:3:5: "../elsewhere/*.yaml" climbs out of the project folder with "..": ignore patterns are relative to the folder of claims.config.yaml and stay inside it. Remove the "..". (schema/pattern)');
    // A ".." inside a name is not a climb.
    const fine = withDraft({ 'claims.config.yaml': 'corpus: claims\nignore:\n  - "claims/v1..v2/"\n' });
    expect((await runCli(['check', '--no-cache'], fine)).code).not.toBe(2);
  });

  it('the run cache keys on --ignore-pattern and on .gitignore, so a replay is never stale', async () => {
    const dir = withDraft();
    const cache = ['--cache-location', path.join(os.tmpdir(), `claims-paths-cache-${process.pid}-${Date.now()}`)];
    const run = async (args: string[]) => JSON.parse((await runCli(['check', '--format', 'json', ...cache, ...args], dir)).stdout) as Report;
    expect((await run([])).summary.files).toBe(4);
    expect((await run(['--ignore-pattern', 'drafts/'])).summary.files).toBe(3);
    expect((await run([])).summary.files).toBe(4);
    writeFileSync(path.join(dir, '.gitignore'), 'drafts/\n');
    expect((await run([])).summary.files).toBe(3);
    expect((await run(['claims'])).summary.files).toBe(3);
    writeFileSync(path.join(dir, '.gitignore'), '');
    expect((await run(['claims'])).summary.files).toBe(4);
  });
});
