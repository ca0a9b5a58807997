// The package as users get it: npm pack, install the tarball into an empty project, then run the installed
// binary through npx. The install is `npm ci --offline` from a lockfile made of this repository's own lockfile
// entries, so that it needs nothing but the package tarballs that `npm ci` already put in the npm cache (a plain
// `npm install --offline` also needs registry metadata, which `npm ci` does not cache).
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
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

interface LockEntry {
  dev?: boolean;
  [key: string]: unknown;
}

/**
 * package.json and package-lock.json of a project that has the packed tarball as its only devDependency, with the
 * tool's runtime dependencies pinned to exactly the versions (and integrity hashes) of this repository's lockfile.
 * Each entry also gets the tarball address on the configured registry (the repository's lockfile leaves it out),
 * so that npm finds the tarball in its cache by integrity and needs no registry metadata at all.
 */
function lockedProject(tarball: string, registry: string, name = 'newsroom-ledger'): { manifest: object; lock: object } {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const rootLock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const spec = `file:${path.basename(tarball)}`;
  const manifest = { name, version: '1.0.0', private: true, devDependencies: { claims: spec } };
  const packages: Record<string, unknown> = {
    '': { name, version: '1.0.0', devDependencies: { claims: spec } },
    'node_modules/claims': {
      version: pkg['version'],
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      dev: true,
      license: pkg['license'],
      dependencies: pkg['dependencies'],
      bin: pkg['bin'],
      engines: pkg['engines'],
    },
  };
  // The runtime dependency tree is exactly the lockfile's non-dev entries; in the new project they are dev ones.
  for (const [key, entry] of Object.entries(rootLock.packages)) {
    if (key === '' || entry.dev) continue;
    const pkgName = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const resolved = entry['resolved'] ?? `${registry.replace(/\/?$/, '/')}${pkgName}/-/${pkgName.split('/').pop()}-${String(entry['version'])}.tgz`;
    packages[key] = { ...entry, resolved, dev: true };
  }
  return { manifest, lock: { name, version: '1.0.0', lockfileVersion: 3, requires: true, packages } };
}

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
    const tarball = path.join(project, entry!.filename);
    cpSync(path.join(work, entry!.filename), tarball);
    const registry = sh('npm', ['config', 'get', 'registry'], ROOT).stdout.trim();
    const { manifest, lock } = lockedProject(tarball, registry);
    writeFileSync(path.join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(path.join(project, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
    const install = sh('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
    expect(install.status, `${install.stdout}\n${install.stderr}`).toBe(0);
  }, 180_000);

  it('carries the binary, the built code, the schemas and the README, and no tests, sources, seeds or corpus', () => {
    for (const f of ['package.json', 'bin/claims.js', 'dist/cli/run.js', 'dist/format/sarif.js', 'dist/format/junit.js', 'README.md']) expect(files).toContain(f);
    // The bundle bin/claims.js runs (scripts/bundle.mjs), its worker threads' entries, and the precompiled validators.
    for (const f of ['dist/bundle/claims.cjs', 'dist/bundle/worker.cjs', 'dist/bundle/quote-worker.cjs', 'dist/validators/claims.cjs']) expect(files).toContain(f);
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
  }, 120_000);

  it('checks the bundled seed corpus with the installed package, exit 0', () => {
    const copy = path.join(work, 'seed-copy');
    mkdirSync(copy);
    for (const p of ['claims', 'seeds', 'claims.config.yaml']) cpSync(path.join(ROOT, p), path.join(copy, p), { recursive: true });
    cpSync(path.join(project, 'node_modules'), path.join(copy, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    const r = npx(['check', '--format', 'junit'], copy);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/<testcase name="spin-boldak-crossing-seized"/);
  });

  it('runs the bundle, which checks the seeds with no other installed package (the dependencies are in it)', () => {
    const lone = path.join(work, 'lone');
    const pkg = path.join(lone, 'node_modules', 'claims');
    mkdirSync(path.dirname(pkg), { recursive: true });
    cpSync(path.join(project, 'node_modules', 'claims'), pkg, { recursive: true });
    for (const p of ['claims', 'seeds', 'claims.config.yaml']) cpSync(path.join(ROOT, p), path.join(lone, p), { recursive: true });
    const alone = sh(process.execPath, [path.join(pkg, 'bin', 'claims.js'), 'check', '--no-cache', '--format', 'json'], lone);
    expect(alone.status, alone.stderr).toBe(0);
    const installed = sh(process.execPath, [path.join(project, 'node_modules', 'claims', 'bin', 'claims.js'), 'check', '--no-cache', '--format', 'json'], lone);
    expect(installed.status, installed.stderr).toBe(0);
    expect(alone.stdout).toBe(installed.stdout);
    expect(JSON.parse(alone.stdout)).toMatchObject({ summary: { errors: 0 } });
  }, 60_000);
});
