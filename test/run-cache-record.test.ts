// The whole-run cache replays a run only while every read it made finds the same, and its key is the check input
// and the formatters' options themselves: neither a new option nor a changed discovery can replay stale output.
import { mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReadLog, readAgain, runKey } from '../src/cache/run-cache.js';
import { StatIndex } from '../src/cache/stat-index.js';
import type { Config } from '../src/config/config.js';
import { loadConfig } from '../src/config/config.js';
import { runCli } from './helpers/run.js';
import { project, writeFiles } from './hostile/project.js';

const MISQUOTE = (id: string) =>
  `claims:\n  - id: ${id}\n    statement: A misquote.\n    assertions:\n      - source: witness-two\n        stance: asserts\n        quotes:\n          - document: doc-a\n            text: words that are not there\n`;

interface Run {
  replayed: boolean;
  code: number;
  stdout: string;
  files: string[];
}

/** A cached check of `dir` (its own cache folder), as JSON: whether it was replayed, and the files its findings name. */
function checker(dir: string) {
  const env = { XDG_CACHE_HOME: mkdtempSync(path.join(os.tmpdir(), 'claims-record-cache-')) };
  return async (args: string[] = []): Promise<Run> => {
    const r = await runCli(['check', '--format', 'json', '--debug', ...args], dir, { env });
    const report = JSON.parse(r.stdout) as { findings: Array<{ file: string }> };
    return { replayed: r.stderr.includes('its reports are replayed'), code: r.code, stdout: r.stdout, files: [...new Set(report.findings.map((f) => f.file))].sort() };
  };
}

/** Run twice: the second must be replayed with the same output (so that a miss below means something). */
async function warm(check: (args?: string[]) => Promise<Run>, args: string[] = []): Promise<Run> {
  const first = await check(args);
  const second = await check(args);
  expect(second.replayed).toBe(true);
  expect(second.stdout).toBe(first.stdout);
  return first;
}

/** The output of the same check without any cache. */
async function uncached(dir: string, args: string[] = []): Promise<string> {
  return (await runCli(['check', '--format', 'json', '--no-cache', ...args], dir)).stdout;
}

describe('the run key is the objects the run uses', () => {
  const config = { root: '/p', corpus: ['claims'], limits: { maxFileBytes: 1 } } as unknown as Config;
  const input = { config, cwd: '/p', paths: [], lean: true };
  const outputs = { given: [{ target: { format: 'text' }, options: { color: false, failOn: [], quiet: false } }], gateOptions: { failOn: [], maxWarnings: -1 } };

  it('an option added to the check input or to the formatters options is in the key, without being listed anywhere', () => {
    const key = runKey(config, input, outputs);
    expect(runKey(config, { ...input, someNewOption: 'x' }, outputs)).not.toBe(key);
    const withOption = { ...outputs, given: [{ ...outputs.given[0]!, options: { ...outputs.given[0]!.options, someNewOption: 2 } }] };
    expect(runKey(config, input, withOption)).not.toBe(key);
    // A map or a set is keyed by its entries (JSON alone would write {} for both).
    expect(runKey(config, { ...input, m: new Map([['a', 1]]) }, outputs)).not.toBe(runKey(config, { ...input, m: new Map([['a', 2]]) }, outputs));
    expect(runKey(config, { ...input, s: new Set(['a']) }, outputs)).not.toBe(runKey(config, { ...input, s: new Set(['b']) }, outputs));
  });

  it('what changes only how the check runs is not in the key', () => {
    const key = runKey(config, input, outputs);
    expect(runKey(config, { ...input, fileStage: { workers: 3 }, trace: () => undefined, reads: { record: () => undefined } }, outputs)).toBe(key);
  });
});

describe('a stored run is replayed only while its reads find the same', () => {
  it('a read that found two answers in one run (the file changed while it ran) never matches again', () => {
    const dir = project({});
    const index = new StatIndex(undefined);
    const log = new ReadLog(index);
    const abs = path.join(dir, 'docs', 'a.txt');
    log.record('bytes', abs, readAgain('bytes', abs, 'sha:', index));
    log.record('bytes', abs, 'sha:0000');
    expect(log.entries.every(([kind, p, fp]) => readAgain(kind, p, fp, index) === fp)).toBe(false);
  });

  it('an option given on the command line: another value is not replayed', async () => {
    const dir = project({ 'claims/bad.yaml': MISQUOTE('bad-claim') });
    const check = checker(dir);
    const all = await warm(check);
    const quiet = await check(['--quiet']);
    expect(quiet.replayed).toBe(false);
    expect(quiet.stdout).toBe(await uncached(dir, ['--quiet']));
    expect((await check(['--max-warnings', '0'])).replayed).toBe(false);
    expect((await check()).stdout).toBe(all.stdout);
  });

  it('a discovery rule that skipped a file, then one that does not: the file is checked (--ignore-pattern, ignore:, .gitignore, --no-ignore)', async () => {
    const dir = project({ 'claims/bad.yaml': MISQUOTE('bad-claim') });
    const check = checker(dir);
    expect((await warm(check, ['--ignore-pattern', 'claims/bad.yaml'])).files).not.toContain('claims/bad.yaml');
    const all = await check();
    expect(all.replayed).toBe(false);
    expect(all.files).toContain('claims/bad.yaml');
    // The configuration's ignore: setting.
    writeFiles(dir, { 'claims.config.yaml': 'corpus: claims\nparties: [rebels, government]\nignore: [claims/bad.yaml]\n' });
    const configured = await check();
    expect(configured.replayed).toBe(false);
    expect(configured.stdout).toBe(await uncached(dir));
    expect((await check(['--no-ignore'])).files).toContain('claims/bad.yaml');
    // A .gitignore that comes to name it, then is edited not to.
    writeFiles(dir, { 'claims.config.yaml': 'corpus: claims\nparties: [rebels, government]\n', '.gitignore': 'claims/bad.yaml\n' });
    await warm(check);
    writeFiles(dir, { '.gitignore': 'claims/other.yaml\n' });
    const edited = await check();
    expect(edited.replayed).toBe(false);
    expect(edited.files).toContain('claims/bad.yaml');
    expect(edited.stdout).toBe(await uncached(dir));
  });

  it('a folder gaining a YAML file, a document text edited, a link swapped: each checked again, as without the cache', async () => {
    const dir = project({ 'claims/one.yaml': MISQUOTE('one-claim'), 'claims/two.yaml': MISQUOTE('two-claim').replace('one', 'two') });
    const check = checker(dir);
    await warm(check);
    writeFiles(dir, { 'claims/deeper/new.yaml': MISQUOTE('new-claim') });
    const gained = await check();
    expect(gained.replayed).toBe(false);
    expect(gained.files).toContain('claims/deeper/new.yaml');
    await warm(check);
    writeFiles(dir, { 'docs/a.txt': 'Another text altogether.\n' });
    const edited = await check();
    expect(edited.replayed).toBe(false);
    expect(edited.stdout).toBe(await uncached(dir));
    // A claim file that is a link: pointed at another file, the run is not replayed.
    rmSync(path.join(dir, 'claims', 'deeper'), { recursive: true });
    renameSync(path.join(dir, 'claims', 'one.yaml'), path.join(dir, 'one.yaml'));
    renameSync(path.join(dir, 'claims', 'two.yaml'), path.join(dir, 'two.yaml'));
    symlinkSync('../one.yaml', path.join(dir, 'claims', 'linked.yaml'));
    await warm(check);
    rmSync(path.join(dir, 'claims', 'linked.yaml'));
    symlinkSync('../two.yaml', path.join(dir, 'claims', 'linked.yaml'));
    const swapped = await check();
    expect(swapped.replayed).toBe(false);
    expect(swapped.stdout).toContain('two-claim');
    expect(swapped.stdout).toBe(await uncached(dir));
  });

  it('a glob: a new file where its walk looked is checked; the configuration file edited is read again', async () => {
    // Outside the ledger, so that only the glob's own walk can see the folder.
    const dir = project({ 'extra/sub/one.yaml': MISQUOTE('one-claim') });
    const check = checker(dir);
    const glob = ['extra/**/*.yaml'];
    await warm(check, glob);
    writeFiles(dir, { 'extra/sub/deep/two.yaml': MISQUOTE('two-claim') });
    const grown = await check(glob);
    expect(grown.replayed).toBe(false);
    expect(grown.files).toContain('extra/sub/deep/two.yaml');
    expect(grown.stdout).toBe(await uncached(dir, glob));
    await warm(check, glob);
    writeFiles(dir, { 'claims.config.yaml': 'corpus: claims\nparties: [rebels, government]\ncorroboration:\n  threshold: 3\n' });
    expect(loadConfig(dir).threshold).toBe(3);
    const reconfigured = await check(glob);
    expect(reconfigured.replayed).toBe(false);
    expect(reconfigured.stdout).toBe(await uncached(dir, glob));
    writeFileSync(path.join(dir, 'extra', 'sub', 'one.yaml'), MISQUOTE('one-claim'));
    expect((await check(glob)).replayed).toBe(true);
  });
});
