// The package as users get it: npm pack, install the tarball into an empty project (offline, from the npm
// cache that `npm ci` warmed), then run the installed binary through npx.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';
import { sarifValidator } from './helpers.js';

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
// npm's own noise (config warnings) on stderr is not ours to judge; keep the environment minimal and offline.
const ENV = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' };

function sh(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: ENV, timeout: 120_000 });
}
const npx = (args: string[], cwd: string) => sh('npx', ['--no-install', 'claims', ...args], cwd);

interface PackEntry {
  filename: string;
  files: Array<{ path: string }>;
}

describe('npm pack', () => {
  let work: string;
  let project: string;
  let files: string[];

  beforeAll(() => {
    expect(existsSync(path.join(ROOT, 'dist', 'cli', 'run.js')), 'dist/ is built by "npm test" (pretest)').toBe(true);
    work = mkdtempSync(path.join(os.tmpdir(), 'claims-pack-'));
    // --ignore-scripts: pack the dist/ that pretest built, instead of rebuilding it under running tests.
    const pack = sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT);
    expect(pack.status, pack.stderr).toBe(0);
    const [entry] = JSON.parse(pack.stdout) as PackEntry[];
    files = entry!.files.map((f) => f.path);
    project = path.join(work, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'newsroom-ledger', version: '1.0.0', private: true }, null, 2)}\n`);
    const install = sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', path.join(work, entry!.filename)], project);
    expect(install.status, `${install.stdout}\n${install.stderr}`).toBe(0);
  }, 180_000);

  it('carries the binary, the built code, the schemas and the README, and no tests, sources, seeds or corpus', () => {
    for (const f of ['package.json', 'bin/claims.js', 'dist/cli/run.js', 'dist/format/sarif.js', 'dist/format/junit.js', 'README.md']) expect(files).toContain(f);
    for (const k of ['claims', 'sources', 'documents', 'config', 'report']) expect(files).toContain(`schemas/${k}.schema.json`);
    const unwanted = files.filter((f) => /^(test|tests|src|seeds|claims|bench|\.ci|\.github|node_modules)\//.test(f) || /\.test\.|\.tgz$|tsbuildinfo|\.claims-cache/.test(f));
    expect(unwanted).toEqual([]);
  });

  it('runs from the installed package: --version, init, then check exits 0', () => {
    const v = npx(['--version'], project);
    expect(v.stdout).toBe(`${VERSION}\n`);
    const init = npx(['init'], project);
    expect(init.status, init.stderr).toBe(0);
    // Installed locally, the modelines resolve: init has no hint to give.
    expect(init.stderr).not.toMatch(/claims: note/);
    for (const rel of ['claims.config.yaml', 'claims/example.yaml', 'claims/sources.yaml', 'claims/documents.yaml']) {
      const first = readFileSync(path.join(project, rel), 'utf8').split('\n')[0]!;
      const target = path.resolve(project, path.dirname(rel), first.replace('# yaml-language-server: $schema=', ''));
      expect(existsSync(target), `${rel} -> ${target}`).toBe(true);
    }
    const check = npx(['check'], project);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/0 errors/);
    const sarif = npx(['check', '--format', 'sarif'], project);
    expect(sarif.status).toBe(0);
    expect(sarifValidator()(JSON.parse(sarif.stdout))).toBe(true);
    const schema = npx(['schema', 'claims'], project);
    expect(schema.stdout.trimEnd()).toBe(readFileSync(path.join(ROOT, 'schemas', 'claims.schema.json'), 'utf8').trimEnd());
  });

  it('checks the bundled seed corpus with the installed package, exit 0', () => {
    const copy = path.join(work, 'seed-copy');
    mkdirSync(copy);
    for (const p of ['claims', 'seeds', 'claims.config.yaml']) cpSync(path.join(ROOT, p), path.join(copy, p), { recursive: true });
    cpSync(path.join(project, 'node_modules'), path.join(copy, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    const r = npx(['check', '--format', 'junit'], copy);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/<testcase name="spin-boldak-crossing-seized"/);
  });
});
