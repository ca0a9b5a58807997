// `claims init`, `claims schema`, and the schema modelines editors follow.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, spawnCli } from '../helpers/run.js';
import { scaffold } from '../../src/cli/init.js';
import { VERSION } from '../../src/version.js';
import { validateWorkflow } from '@action-validator/core';
import { sarifValidator } from './helpers.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'claims-init-'));
const MODELINE = /^# yaml-language-server: \$schema=(\S+)\n/;
const KIND_OF = (text: string): string => (/^(claims|sources|documents):/m.exec(text)?.[1] ?? 'config');

describe('claims init', () => {
  it('scaffolds a ledger that passes claims check at once (exit 0), in-process and spawned', async () => {
    const dir = tmp();
    const r = await runCli(['init', 'ledger'], dir);
    expect(r.code).toBe(0);
    const ledger = path.join(dir, 'ledger');
    for (const f of ['claims.config.yaml', 'claims/sources.yaml', 'claims/documents.yaml', 'claims/example.yaml', '.github/workflows/claims.yml']) {
      expect(existsSync(path.join(ledger, f)), f).toBe(true);
      expect(r.stdout).toContain(`created ledger/${f}\n`);
    }
    expect(r.stdout).toContain(`created ledger/package.json (claims ${VERSION} as a devDependency)\n`);
    expect(JSON.parse(readFileSync(path.join(ledger, 'package.json'), 'utf8'))).toEqual({ name: 'claims-ledger', private: true, devDependencies: { claims: VERSION } });
    const check = await runCli(['check'], ledger);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/0 errors/);
    expect(spawnCli(['check'], ledger).code).toBe(0);
    expect(readdirSync(ledger).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes schema modelines that point at the installed package, for the right kind', () => {
    for (const [rel, text] of scaffold().filter(([f]) => f.endsWith('.yaml'))) {
      const m = MODELINE.exec(text);
      expect(m, rel).not.toBeNull();
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m![1]!));
      expect(target).toBe(`node_modules/claims/schemas/${KIND_OF(text)}.schema.json`);
    }
  });

  it('never overwrites without --force, and writes nothing at all when one file exists', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'claims'));
    writeFileSync(path.join(dir, 'claims', 'example.yaml'), 'mine\n');
    const r = await runCli(['init'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('claims: not overwriting claims/example.yaml: nothing was written. Use --force to overwrite.\n');
    expect(readFileSync(path.join(dir, 'claims', 'example.yaml'), 'utf8')).toBe('mine\n');
    expect(existsSync(path.join(dir, 'claims.config.yaml'))).toBe(false);
    expect(existsSync(path.join(dir, 'package.json'))).toBe(false);
    const forced = await runCli(['init', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('overwrote claims/example.yaml\n');
    expect(readFileSync(path.join(dir, 'claims', 'example.yaml'), 'utf8')).toMatch(/^# yaml-language-server/);
    expect((await runCli(['check'], dir)).code).toBe(0);
  });

  it('tells on stderr how editors will find the schemas when claims is not installed in the ledger', async () => {
    const r = await runCli(['init'], tmp());
    expect(r.stderr).toMatch(/^claims: note: the "# yaml-language-server" lines point at node_modules\/claims\/schemas\/; once "npm install" has run in \., editors find the schemas there\.\n$/);
    expect(r.stdout).toMatch(/\nNext: run "npm install" in \. and commit package\.json and package-lock\.json \(the workflow installs with "npm ci"\)/);
  });

  it('refuses a target that is a file', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'f'), '');
    const r = await runCli(['init', 'f'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a folder/);
  });

  it('writes a GitHub Actions workflow that installs the pinned claims with npm ci, runs only that one, reads no cache, on current actions and a supported Node', async () => {
    const dir = tmp();
    await runCli(['init'], dir);
    const text = readFileSync(path.join(dir, '.github/workflows/claims.yml'), 'utf8');
    const steps = (parse(text) as { jobs: Record<string, { steps: Array<{ run?: string; uses?: string; with?: Record<string, unknown> }> }> }).jobs['check']!.steps;
    expect(steps.map((s) => s.uses ?? s.run)).toEqual([
      'actions/checkout@v7',
      'actions/setup-node@v7',
      'npm ci',
      'npx --no claims check --no-cache --format github --format sarif --output - --output claims.sarif',
      'github/codeql-action/upload-sarif@v4',
    ]);
    expect(steps[0]!.with).toEqual({ 'persist-credentials': false });
    expect(steps[1]!.with).toEqual({ 'node-version': 24 });
    // Nothing is installed by name from a registry: the version comes from package.json and its lockfile.
    expect(text).not.toMatch(/npm (install|i) |claims@/);
  });

  it('writes a workflow that is valid against the GitHub workflow JSON schema (SchemaStore, via @action-validator/core)', () => {
    const workflow = scaffold().find(([f]) => f === '.github/workflows/claims.yml')![1];
    expect(validateWorkflow(workflow).errors).toEqual([]);
    // The validator does catch a broken workflow.
    expect(validateWorkflow(workflow.replace('runs-on:', 'runs_on:')).errors).not.toEqual([]);
  });

  it('README shows the workflow exactly as claims init writes it', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const shown = /\*\*GitHub Actions\*\*\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    const written = scaffold().find(([f]) => f === '.github/workflows/claims.yml')![1].replace(/^(#.*\n)+/, '');
    expect(shown).toBe(written);
  });

  it('writes a GitHub Actions workflow whose check command works as written and uploads valid SARIF', async () => {
    const dir = tmp();
    await runCli(['init'], dir);
    const wf = parse(readFileSync(path.join(dir, '.github/workflows/claims.yml'), 'utf8')) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: Record<string, { steps: Array<{ run?: string; uses?: string; with?: Record<string, string>; if?: string }> }>;
    };
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(wf.permissions['security-events']).toBe('write');
    const steps = Object.values(wf.jobs)[0]!.steps;
    const run = steps.find((s) => s.run?.startsWith('npx --no claims check'))!.run!;
    expect(run).toMatch(/--format github/);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload.if).toBeDefined();
    const args = run.trim().split(/\s+/).slice(3);
    expect(args).toContain('--no-cache');
    const r = await runCli(args, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^::warning file=claims\/example\.yaml/m);
    const sarif = JSON.parse(readFileSync(path.join(dir, upload.with!['sarif_file']!), 'utf8'));
    expect(sarifValidator()(sarif)).toBe(true);
  });
});

describe('claims init: the pull-request diff job', () => {
  type Step = { run?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string };
  const job = () => (parse(scaffold().find(([f]) => f === '.github/workflows/claims.yml')![1]) as { jobs: Record<string, { if?: string; permissions?: Record<string, string>; steps: Step[] }> }).jobs['diff']!;

  it('runs on pull requests only, with the least permissions (read the code, write a PR comment), the base branch passed through the environment', () => {
    const diff = job();
    expect(diff.if).toBe("github.event_name == 'pull_request'");
    expect(diff.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(diff.steps.map((s) => s.uses ?? s.run)).toEqual([
      'actions/checkout@v7',
      'actions/setup-node@v7',
      'npm ci',
      'npx --no claims diff "origin/$BASE" --no-cache --format markdown --output claims-diff.md',
      'cat claims-diff.md >> "$GITHUB_STEP_SUMMARY"',
      'gh pr comment "$PR" --repo "$GITHUB_REPOSITORY" --edit-last --create-if-none --body-file claims-diff.md',
    ]);
    expect(diff.steps[0]!.with).toEqual({ 'persist-credentials': false, 'fetch-depth': 0 });
    expect(diff.steps[3]!.env).toEqual({ BASE: '${{ github.base_ref }}' });
    // No expression is expanded into a script's text (a branch name cannot inject a command).
    for (const s of diff.steps) expect(s.run ?? '').not.toContain('${{');
    expect(diff.steps[5]!.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect(diff.steps[5]!.env).toEqual({ GH_TOKEN: '${{ github.token }}', PR: '${{ github.event.pull_request.number }}' });
  });

  it('its diff command works as written in a repository with the base branch fetched, and writes the comment unwrapped', async () => {
    const dir = tmp();
    await runCli(['init'], dir);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'ledger');
    git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    const example = path.join(dir, 'claims', 'example.yaml');
    writeFileSync(example, readFileSync(example, 'utf8').replace('example-border-crossing-seized', 'border-crossing-seized'));
    const step = job().steps[3]!;
    const args = step.run!.replace('"origin/$BASE"', 'origin/main').split(/\s+/).slice(3);
    const r = await runCli(args, dir, { env: { GITHUB_ACTIONS: 'true' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const comment = readFileSync(path.join(dir, 'claims-diff.md'), 'utf8');
    expect(comment).toMatch(/^## claims diff\n/);
    expect(comment).toContain('**border-crossing-seized**: new');
    expect(comment).not.toContain('::stop-commands::');
  });
});

describe('claims schema', () => {
  it('lists the kinds', async () => {
    const r = await runCli(['schema'], ROOT);
    expect(r.code).toBe(0);
    for (const k of ['claims', 'sources', 'documents', 'config', 'report', 'diff']) expect(r.stdout).toMatch(new RegExp(`^${k} `, 'm'));
  });
  it('prints each schema as published, and its path with --path', async () => {
    for (const k of ['claims', 'sources', 'documents', 'config', 'report', 'diff']) {
      const r = await runCli(['schema', k], ROOT);
      expect(r.code).toBe(0);
      const file = path.join(ROOT, 'schemas', `${k}.schema.json`);
      expect(r.stdout.trimEnd()).toBe(readFileSync(file, 'utf8').trimEnd());
      expect(JSON.parse(r.stdout).$id).toMatch(new RegExp(`/${k}\\.schema\\.json$`));
      expect((await runCli(['schema', k, '--path'], ROOT)).stdout).toBe(`${file}\n`);
    }
  });
  it('suggests the right kind for a typo, exit 2', async () => {
    const r = await runCli(['schema', 'claim'], ROOT);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/there is no schema "claim"\. Did you mean "claims"\?/);
  });
});

describe('bundled modelines', () => {
  const files = ['claims.config.yaml', ...readdirSync(path.join(ROOT, 'claims')).filter((f) => /\.ya?ml$/.test(f)).map((f) => `claims/${f}`)];
  it('every bundled YAML file starts with a modeline that resolves to the schema of its kind', () => {
    expect(files.length).toBeGreaterThan(3);
    for (const rel of files) {
      const text = readFileSync(path.join(ROOT, rel), 'utf8');
      const m = MODELINE.exec(text);
      expect(m, rel).not.toBeNull();
      const target = path.resolve(ROOT, path.dirname(rel), m![1]!);
      expect(target, rel).toBe(path.join(ROOT, 'schemas', `${KIND_OF(text)}.schema.json`));
      expect(existsSync(target), rel).toBe(true);
    }
  });
});
