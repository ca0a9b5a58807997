// Writes lose nothing: every command that writes (hash, init, check --output) goes through writeFileAtomic
// (temporary file in the same folder, then rename). Killing the process at a random moment leaves each file
// either as it was or as it should be, never half-written; a leftover temporary file is hidden (".name.*.tmp"),
// so the corpus walk never reads it. Nothing is written under seeds/ or outside the project, not even through a link
// committed in the project.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, spawnCli } from '../helpers/run.js';
import { seedProject, tempDir } from './project.js';

/** Every file under `dir` (links as links), as path -> sha256 of its content. */
function snapshot(dir: string, skip: (rel: string) => boolean = () => false): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    const abs = path.join(dir, rel);
    const st = lstatSync(abs);
    if (st.isDirectory()) {
      for (const e of readdirSync(abs).sort()) walk(path.join(rel, e));
    } else if (!skip(rel)) {
      out.set(rel, st.isSymbolicLink() ? 'link' : createHash('sha256').update(readFileSync(abs)).digest('hex'));
    }
  };
  walk('');
  return out;
}

/** Start the CLI and SIGKILL it after `ms` milliseconds (or let it finish first). */
function runAndKill(args: string[], cwd: string, ms: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: 'ignore', env: { PATH: process.env['PATH'] ?? '', XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'] ?? '' } });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

/** A random delay spread over the whole life of a short run: before start-up ends, during, and after. */
const delay = (i: number, spread: number) => Math.floor(((i * 7919) % 101) / 100 * spread);

const TEMP = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/** Files in `dir` that the `before` snapshot does not have must be temporaries of writeFileAtomic (hidden, .tmp). */
function onlyHarmlessExtras(before: Map<string, string>, after: Map<string, string>, allowed: (rel: string) => boolean = () => false) {
  for (const rel of after.keys()) {
    if (before.has(rel) || allowed(rel)) continue;
    expect(path.basename(rel), `unexpected file ${rel}`).toMatch(TEMP);
  }
}

describe('interrupted writes leave every file whole', () => {
  it('claims hash, killed at random moments: documents.yaml is the old or the new text, never partial', async () => {
    const dir = seedProject();
    const docs = path.join(dir, 'claims', 'documents.yaml');
    const original = readFileSync(docs, 'utf8').replace(/^ {4}sha256: .*\n/gm, '');
    writeFileSync(docs, original);
    // The expected result, from an uninterrupted run on a copy.
    const ref = tempDir('claims-hash-ref-');
    cpSync(dir, ref, { recursive: true });
    expect(spawnCli(['hash'], ref).code).toBe(0);
    const hashed = readFileSync(path.join(ref, 'claims', 'documents.yaml'), 'utf8');
    expect(hashed).not.toBe(original);
    const before = snapshot(dir);
    let interrupted = 0;
    for (let i = 0; i < 15; i++) {
      writeFileSync(docs, original);
      const r = await runAndKill(['hash'], dir, delay(i, 400));
      if (r.killed) interrupted++;
      expect([original, hashed]).toContain(readFileSync(docs, 'utf8'));
      onlyHarmlessExtras(before, snapshot(dir), (rel) => rel.startsWith('.claims-cache'));
    }
    expect(interrupted).toBeGreaterThan(0);
    // Leftover temporaries are invisible to the check: the corpus still checks clean.
    const check = spawnCli(['check', '--format', 'json', '--no-cache'], dir);
    expect(check.code).toBe(0);
    expect(check.stdout).not.toMatch(/\.tmp/);
  }, 120_000);

  it('check --output, killed at random moments: the report file is the old one or a complete new one', async () => {
    const dir = seedProject();
    const out = path.join(dir, 'report.json');
    const before = snapshot(dir);
    let interrupted = 0;
    for (let i = 0; i < 12; i++) {
      writeFileSync(out, 'OLD REPORT\n');
      const r = await runAndKill(['check', '--format', 'json', '--output', 'report.json', '--no-cache'], dir, delay(i, 500));
      if (r.killed) interrupted++;
      const text = readFileSync(out, 'utf8');
      if (text !== 'OLD REPORT\n') expect(() => JSON.parse(text)).not.toThrow();
      onlyHarmlessExtras(before, snapshot(dir), (rel) => rel === 'report.json');
    }
    expect(interrupted).toBeGreaterThan(0);
  }, 120_000);

  it('claims init, killed at random moments: each scaffold file is absent or complete', async () => {
    const ref = tempDir('claims-init-ref-');
    expect(spawnCli(['init'], ref).code).toBe(0);
    const complete = snapshot(ref);
    for (let i = 0; i < 15; i++) {
      const dir = tempDir('claims-init-');
      await runAndKill(['init'], dir, delay(i, 400));
      for (const [rel, sum] of snapshot(dir)) {
        if (TEMP.test(path.basename(rel))) continue;
        expect(complete.get(rel), `${rel} is partial`).toBe(sum);
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('writeFileAtomic itself, killed in the middle of a large write: the target is old or new, never partial', async () => {
    const dir = tempDir('claims-atomic-');
    const target = path.join(dir, 'big.yaml');
    const script = path.join(dir, 'writer.mjs');
    const fsModule = path.join(ROOT, 'dist', 'util', 'fs.js');
    writeFileSync(script, `import { writeFileAtomic } from ${JSON.stringify(fsModule)};\nawait writeFileAtomic(${JSON.stringify(target)}, Buffer.alloc(64 * 1024 * 1024, 0x6e));\n`);
    const old = 'claims: []\n';
    let interrupted = 0;
    for (let i = 0; i < 10; i++) {
      writeFileSync(target, old);
      const r = await new Promise<{ killed: boolean }>((resolve) => {
        const child = spawn(process.execPath, [script], { stdio: 'ignore' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 60 + delay(i, 300));
        child.on('exit', (_c, signal) => {
          clearTimeout(timer);
          resolve({ killed: signal === 'SIGKILL' });
        });
      });
      if (r.killed) interrupted++;
      const size = lstatSync(target).size;
      expect([old.length, 64 * 1024 * 1024]).toContain(size);
      for (const e of readdirSync(dir)) if (!['big.yaml', 'writer.mjs'].includes(e)) expect(e).toMatch(TEMP);
    }
    expect(interrupted).toBeGreaterThan(0);
  }, 120_000);
});

describe('nothing is written under seeds/ or outside the project', () => {
  it('check (all formats, with cache), hash, init --force and --output inside the project', () => {
    const parent = tempDir('claims-parent-');
    const dir = path.join(parent, 'project');
    cpSync(seedProject(), dir, { recursive: true });
    writeFileSync(path.join(parent, 'neighbour.yaml'), 'claims: []\n');
    const seeds = snapshot(path.join(dir, 'seeds'));
    const outside = snapshot(parent, (rel) => rel.startsWith('project'));
    for (const args of [
      ['check'],
      ['check', '--format', 'sarif', '--format', 'junit', '--output', 'out/report.sarif', '--output', 'out/report.xml'],
      ['check', '--format', 'markdown', '--output', 'report.md'],
      ['hash'],
      ['show', 'spin-boldak-crossing-seized'],
    ]) {
      const r = spawnCli(args, dir);
      expect(r.stderr, args.join(' ')).not.toMatch(/internal error/);
    }
    const init = spawnCli(['init', 'fresh', '--force'], dir);
    expect(init.code, init.stderr).toBe(0);
    // Report targets committed as links out of the project (to a file, to the folder around it): refused, exit 2.
    symlinkSync(path.join(parent, 'neighbour.yaml'), path.join(dir, 'claims.sarif'));
    symlinkSync(parent, path.join(dir, 'reports'));
    for (const out of ['claims.sarif', 'reports/claims.sarif', 'reports/neighbour.yaml']) {
      const r = spawnCli(['check', '--format', 'sarif', '--output', out], dir);
      expect(r.code, `${out}: ${r.stderr}`).toBe(2);
    }
    expect(snapshot(path.join(dir, 'seeds'))).toEqual(seeds);
    expect(snapshot(parent, (rel) => rel.startsWith('project'))).toEqual(outside);
    expect(existsSync(path.join(parent, '.claims-cache'))).toBe(false);
  }, 60_000);
});
