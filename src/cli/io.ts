/** Everything the CLI touches outside itself, so that tests can run it in-process. */
export interface IO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  readStdin: () => Promise<Uint8Array>;
}

export function nodeIO(): IO {
  // A reader that goes away early (`claims check | head`) is not an error: stop writing, quietly.
  const closed = { stdout: false, stderr: false };
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      closed[name] = true;
    });
  }
  return {
    stdout: (s) => void (closed.stdout || process.stdout.write(s)),
    stderr: (s) => void (closed.stderr || process.stderr.write(s)),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

/** Colour on or off, as the brief says: --no-color / --color, then NO_COLOR, then FORCE_COLOR, then the TTY. */
export function useColor(flag: boolean | undefined, env: IO['env'], isTTY: boolean): boolean {
  if (flag === false) return false;
  if (flag === true) return true;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return !(force === '0' || force === 'false');
  return isTTY && env['TERM'] !== 'dumb';
}
