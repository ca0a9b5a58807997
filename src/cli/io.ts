import { randomBytes } from 'node:crypto';
import { isatty } from 'node:tty';

/** Everything the CLI touches outside itself, so that tests can run it in-process. */
export interface IO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width in cells when stdout is a terminal (human output is wrapped to it); none when piped. */
  columns?: number;
  readStdin: () => Promise<Uint8Array>;
}

export function nodeIO(): IO {
  /**
   * Writes to one of the process's streams. Node.js makes a stream on its first use (a pipe's is a socket, which
   * loads the network modules), so stderr, which most runs never write to, is left alone until something is said.
   * A reader that goes away early (`claims check | head`) is not an error: stop writing, quietly.
   */
  const writer = (name: 'stdout' | 'stderr') => {
    let closed = false;
    let watched = false;
    return (s: string) => {
      if (closed) return;
      const stream = process[name];
      if (!watched) {
        watched = true;
        stream.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code !== 'EPIPE') throw err;
          closed = true;
        });
      }
      stream.write(s);
    };
  };
  return {
    stdout: writer('stdout'),
    stderr: writer('stderr'),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    // Whether file descriptor 2 is a terminal, asked without making the stream.
    stderrIsTTY: isatty(2),
    ...(process.stdout.isTTY && process.stdout.columns > 0 && { columns: process.stdout.columns }),
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

/** The width to wrap human output to: the terminal's, only when stdout is one (a pipe or a file gets whole lines). */
export function terminalWidth(io: IO): number | undefined {
  return io.stdoutIsTTY && io.columns !== undefined && io.columns > 0 ? io.columns : undefined;
}

/** Inside a GitHub Actions step: the runner reads the step's output lines as workflow commands. */
export function inActions(env: IO['env']): boolean {
  const v = env['GITHUB_ACTIONS'];
  return v !== undefined && v !== '' && v !== 'false';
}

/**
 * A human-readable report for standard output. Inside a GitHub Actions step it is wrapped in
 * "::stop-commands::TOKEN" … "::TOKEN::", between which the runner runs no command, "::" or "##[" form; the
 * token is random for each run, so that nothing in the report can end the block early (and 32 hex digits are
 * none of the tokens the runner refuses: empty, "pause-logging", a command's name). Machine formats are
 * never wrapped (a wrapper would break their parsers): they encode instead.
 */
export function forLog(text: string, human: boolean, env: IO['env']): string {
  if (!human || !inActions(env)) return text;
  const token = randomBytes(16).toString('hex');
  return `::stop-commands::${token}\n${text}${text.endsWith('\n') ? '' : '\n'}::${token}::\n`;
}
