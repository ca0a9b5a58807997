// A `claims check --watch` process started from the built binary, for the watch tests.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from './run.js';
import { count, waitFor } from './wait.js';

/** A watch of `dir`, its output so far, and a way to wait for its n-th check. */
export function startWatch(dir: string, cache = mkdtempSync(path.join(os.tmpdir(), 'claims-watch-'))) {
  const child = spawn(process.execPath, [BIN, 'check', '--watch', '--cache-location', cache], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' } });
  const io = { out: '', err: '' };
  child.stdout.on('data', (d: Buffer) => (io.out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (io.err += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    io,
    /** Waits until `n` checks have been shown. */
    checks: (n: number, ms?: number) => waitFor(() => io.err, (s) => count(s, '; watching') >= n, ms),
    /** The last report shown, once whole (a report ends with its summary line, "... N files"). */
    last: () => (io.out.trimEnd().endsWith('files') ? (io.out.split('checked again').at(-1) ?? '') : ''),
    stop: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}
