// `claims check --watch`: a change redraws the report, unchanged files come from the cache, Ctrl-C exits cleanly.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchedFolders } from '../src/cli/watch.js';
import { BIN } from './helpers/run.js';
import { BASE_FILES, claimFile, makeProject } from './helpers/project.js';
import { count, waitFor } from './helpers/wait.js';


describe('claims check --watch', () => {
  it('checks again after a file is saved, with the unchanged files from the cache and the unchanged verdicts kept, and stops on SIGINT with exit 0', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/bridge.yaml': claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dawn']]), 'claims/other.yaml': claimFile('bridge-also-taken', [['witness-one', 'asserts', 'the bridge fell at dawn']]) });
    const cache = mkdtempSync(path.join(os.tmpdir(), 'claims-watch-cache-'));
    const child = spawn(process.execPath, [BIN, 'check', '--watch', '--debug', '--cache-location', cache], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await waitFor(() => err, (s) => count(s, 'watching') === 1);
      expect(out).toContain('single-source');
      // The claim loses its only quote's match: the redraw must show the new verdict.
      writeFileSync(path.join(dir, 'claims/bridge.yaml'), claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at noon']]));
      await waitFor(() => out, (s) => s.includes('after a change to claims/bridge.yaml') && (s.split('checked again').at(-1) ?? '').includes('✔') === false && s.trimEnd().endsWith('files'));
      await waitFor(() => err, (s) => count(s, 'watching') >= 2);
      expect(out).toContain('checked again after a change to claims/bridge.yaml');
      expect(out.split('checked again')[1]).toContain('quote/not-found');
      expect(out).not.toContain('\u001b[2J');
      // Of the second run's four YAML files, the three unchanged ones (read again: the same bytes) keep their results.
      expect(err.split('; watching')[1]).toMatch(/1 file checked.*; 0 files from the cache; 3 files unchanged since the last check/);
      // One ledger is kept between runs: the edited claim is judged again, the other keeps its verdict.
      expect(err.split('; watching')[0]).toMatch(/verdicts: 2 claims judged again, 0 verdicts kept/);
      expect(err.split('; watching')[1]).toMatch(/verdicts: 1 claim judged again, 1 verdict kept/);
      appendFileSync(path.join(dir, 'docs/a.txt'), 'Residents said the bridge fell at noon.\n');
      await waitFor(() => out, (s) => s.includes('after a change to docs/a.txt') && s.trimEnd().endsWith('files'));
      expect(out.split('checked again').at(-1)).toContain('docs/a.txt');
      expect(out.split('checked again').at(-1)).not.toContain('quote/not-found');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 60_000);

  it('on a terminal, clears the screen before each report, and Ctrl-C stops it with exit 0', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/bridge.yaml': claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dawn']]) });
    const cache = mkdtempSync(path.join(os.tmpdir(), 'claims-watch-cache-'));
    const child = spawn('script', ['-qfec', `exec '${process.execPath}' '${BIN}' check --watch --cache-location '${cache}'`, '/dev/null'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', TERM: 'xterm' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await waitFor(() => out, (s) => s.includes('watching'));
      expect(out).toContain('\u001b[2J');
      appendFileSync(path.join(dir, 'claims/bridge.yaml'), '# saved\n');
      await waitFor(() => out, (s) => count(s, '\u001b[2J') === 2 && count(s, 'watching') === 2);
      child.stdin.write('\u0003');
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
    expect(await exited).toBe(0);
  }, 60_000);

  it('watches the corpus and the other visible top-level folders, never hidden ones or node_modules', () => {
    const dir = makeProject({ 'claims.config.yaml': 'corpus: claims\n', 'claims/x.yaml': 'claims: []\n', 'seeds/a.txt': 'a', 'node_modules/p/i.js': '', '.git/HEAD': '' });
    writeFileSync(path.join(dir, 'file.txt'), '');
    expect(watchedFolders(dir, ['claims']).map((f) => [path.relative(dir, f.dir), f.recursive]).sort()).toEqual([['', false], ['claims', true], ['seeds', true]]);
  });
});
