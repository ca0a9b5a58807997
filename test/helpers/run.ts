import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { run } from '../../src/cli/run.js';
import type { IO } from '../../src/cli/io.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'claims.js');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process, as a user would from `cwd`, with no colour unless the env asks for it. */
export async function runCli(args: string[], cwd: string, extra: Partial<IO> = {}): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: IO = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd,
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    readStdin: async () => new Uint8Array(),
    ...extra,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

/** Run the real executable (bin/claims.js, built code) in a child process. */
export function spawnCli(args: string[], cwd: string, env: Record<string, string> = {}, input?: string): Ran {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    input,
    // Reports of generated corpora run to megabytes; the default 1 MiB would cut them off.
    maxBuffer: 512 * 1024 * 1024,
    // A process that hangs is killed, and the test fails on its exit code rather than hanging the suite.
    timeout: 100_000,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...(process.env['XDG_CACHE_HOME'] !== undefined && { XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'] }), ...env },
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
