import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_FILES, claimFile, makeProject } from './helpers/project.js';
import { ROOT, runCli, spawnCli } from './helpers/run.js';

describe('exit codes and streams', () => {
  it('no arguments prints help on stderr and exits 2', async () => {
    const r = await runCli([], ROOT);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Usage: claims/);
  });
  it('--help and --version exit 0 on stdout', async () => {
    expect((await runCli(['--help'], ROOT)).code).toBe(0);
    const v = await runCli(['--version'], ROOT);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
  it('an unknown option, command or format is a usage error (2) with nothing on stdout', async () => {
    for (const args of [['check', '--frobnicate'], ['chek'], ['check', '--format', 'yaml']]) {
      const r = await runCli(args, ROOT);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.length).toBeGreaterThan(0);
    }
  });
  it('a path that does not exist is a usage error (2)', async () => {
    const r = await runCli(['check', 'no/such/place'], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^claims: no such file or folder: no\/such\/place\./);
  });
  it('--debug says on stderr what each stage did and how long it took; the report is unchanged', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/c.yaml': claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dawn']]) });
    const plain = await runCli(['check', '--no-cache'], dir);
    const r = await runCli(['check', '--no-cache', '--debug'], dir);
    expect(r.code).toBe(plain.code);
    expect(r.stdout).toBe(plain.stdout);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.map((l) => /^claims: debug: (\w+): /.exec(l)?.[1])).toEqual(['discover', 'files', 'corpus', 'documents', 'verdicts']);
    for (const l of lines) expect(l).toMatch(/ \([\d,]+ ms\)$/);
    expect(lines[1]).toMatch(/: 3 files checked, with 0 worker threads; 0 files from the cache /);
    expect(lines[3]).toMatch(/: 1 text read; quotes searched in 1 text on the main thread and 0 texts in 0 worker threads /);
    // With the cache: the second run is replayed whole.
    await runCli(['check'], dir);
    expect((await runCli(['check', '--debug'], dir)).stderr).toBe('claims: debug: cache: nothing changed since a run with these arguments: its reports are replayed\n');
  });
  it('CLAIMS_WORKERS must be a number: anything else is a usage error (2), cached run or not', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/c.yaml': claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dawn']]) });
    expect((await runCli(['check'], dir, { env: { CLAIMS_WORKERS: '0' } })).code).toBe(0);
    expect((await runCli(['check'], dir, { env: { CLAIMS_WORKERS: '64' } })).code).toBe(0);
    for (const value of ['two', '-1', '1.5', '65', '999']) {
      const r = await runCli(['check'], dir, { env: { CLAIMS_WORKERS: value } });
      expect(r.code, value).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`claims: CLAIMS_WORKERS must be a number of worker threads from 0 (none) to 64, not "${value}".\n`);
    }
  });
  it('an invalid configuration file is a configuration error (2), located', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims.config.yaml': 'corroboration:\n  treshold: 2\n' });
    const r = await runCli(['check'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^claims: configuration error: claims\.config\.yaml:2:3: Unknown field "treshold" in this corroboration policy\. Did you mean "threshold"\?/);
  });
  it('the configuration is found by walking up from the working folder, and paths are relative to it', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/c.yaml': claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dawn']]) });
    const r = await runCli(['check', '--format', 'json'], `${dir}/claims`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).claims[0].file).toBe('claims/c.yaml');
  });
  it('colour follows NO_COLOR, FORCE_COLOR and --no-color', async () => {
    const esc = '\u001b[';
    expect((await runCli(['check'], ROOT, { stdoutIsTTY: true })).stdout).toContain(esc);
    expect((await runCli(['check'], ROOT, { stdoutIsTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(esc);
    expect((await runCli(['check', '--no-color'], ROOT, { stdoutIsTTY: true })).stdout).not.toContain(esc);
    expect((await runCli(['check'], ROOT, { env: { FORCE_COLOR: '1' } })).stdout).toContain(esc);
    expect((await runCli(['check'], ROOT)).stdout).not.toContain(esc);
  });
});

describe('claims show', () => {
  it('an unknown id says so on stderr, suggests the nearest ids, and exits 1', async () => {
    const r = await runCli(['show', 'spin-boldak'], ROOT);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('claims: no claim has the id "spin-boldak". Did you mean "spin-boldak-crossing-seized"?\n');
  });
  it('prints the evidence from both the French and the English documents', async () => {
    const r = spawnCli(['show', 'spin-boldak-crossing-seized'], ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('seeds/001_64a9f13770f06660.txt:3');
    expect(r.stdout).toContain('⟦hissé leur drapeau et retiré le drapeau afghan» du poste-frontière⟧');
    expect(r.stdout).toContain('seeds/000_1a017cdba93b8a0d.txt:5');
    expect(r.stdout).toContain('⟦hoisted their flag and removed the Afghan flag" from the border post⟧');
  });
});

describe('the built executable (bin/claims.js and its bundle) gives what the sources give', () => {
  it('display widths: columns of names in CJK and Arabic script line up as in-process (string-width loads on first use)', async () => {
    const sources = 'sources:\n  - id: ministry\n    name: 中华人民共和国外交部发言人办公室\n  - id: governor\n    name: Governor\n  - id: army\n    name: المتحدث باسم القوات المسلحة\n  - id: council\n    name: 東京都議会\n';
    const a = (source: string, stance: string, text: string) => `      - source: ${source}\n        stance: ${stance}\n        quotes:\n          - document: report\n            text: ${text}\n`;
    const dir = makeProject({
      'claims.config.yaml': 'corpus: claims\n',
      'seeds/report.txt': 'The ministry said the bridge was taken. The governor said the bridge was taken too. The army denied it. The council denied it as well.\n',
      'claims/documents.yaml': 'documents:\n  - id: report\n    path: seeds/report.txt\n    language: en\n',
      'claims/sources.yaml': sources,
      'claims/bridge.yaml': `claims:\n  - id: bridge-taken\n    statement: The bridge was taken.\n    assertions:\n${a('ministry', 'asserts', 'The ministry said the bridge was taken.')}${a('governor', 'corroborates', 'The governor said the bridge was taken too.')}${a('army', 'denies', 'The army denied it.')}${a('council', 'denies', 'The council denied it as well.')}`,
    });
    const built = spawnCli(['show', 'bridge-taken'], dir);
    expect(built.stderr).toBe('');
    expect(built.stdout).toContain('中华人民共和国');
    expect(built.stdout).toBe((await runCli(['show', 'bridge-taken'], dir)).stdout);
  });
});

describe('the streams of the real process (nodeIO)', () => {
  it('a reader that goes away early ends the output quietly: exit code as usual, nothing on stderr', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'claims.js'), 'check', '--no-cache', '--format', 'html'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the process writes its report: every write to it fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('standard error is not opened by a run that writes nothing to it', () => {
    const dir = makeProject({});
    const errFile = path.join(dir, 'stderr');
    const script = `const { nodeIO } = require(${JSON.stringify(path.join(ROOT, 'dist', 'bundle', 'claims.cjs'))}); const io = nodeIO(); io.stdout(JSON.stringify(process.moduleLoadList.filter((m) => m.includes('sync_write_stream'))));`;
    const run = (extra: string) => {
      const fd = openSync(errFile, 'w');
      try {
        return spawnSync(process.execPath, ['-e', script + extra], { encoding: 'utf8', stdio: ['ignore', 'pipe', fd] }).stdout;
      } finally {
        closeSync(fd);
      }
    };
    // Standard error is a file here: writing to it makes a stream that loads sync_write_stream; standard output is a pipe.
    expect(run('')).toBe('[]');
    expect(run(" io.stderr('x'); io.stdout(JSON.stringify(process.moduleLoadList.some((m) => m.includes('sync_write_stream'))));")).toBe('[]true');
    expect(readFileSync(errFile, 'utf8')).toBe('x');
  });
});

describe('what the bundle loads at start-up', () => {
  it('a check of the seeds loads no child_process (commander needs it for no command of claims) and no unbundled picomatch (fdir)', () => {
    const dir = makeProject({ 'loaded.cjs': "process.on('exit', () => process.stderr.write(JSON.stringify({ childProcess: process.moduleLoadList.includes('NativeModule child_process'), unbundled: Object.keys(require.cache).filter((f) => f.includes('node_modules')) })));\n" });
    const r = spawnSync(process.execPath, ['-r', path.join(dir, 'loaded.cjs'), path.join(ROOT, 'bin', 'claims.js'), 'check', '--no-cache'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stderr)).toEqual({ childProcess: false, unbundled: [] });
  });
});

describe('the bundle files', () => {
  it('are ASCII, so that V8 holds each as a one-byte string', () => {
    for (const name of ['claims.cjs', 'worker.cjs', 'quote-worker.cjs']) {
      const text = readFileSync(path.join(ROOT, 'dist', 'bundle', name), 'latin1');
      expect(/[\u0080-\u00ff]/.exec(text)?.index, name).toBeUndefined();
    }
  });
});

