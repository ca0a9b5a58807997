import type { IO } from './io.js';

/** A long check shows "files done / total" on stderr, but only on a terminal, never in CI, never on stdout. */
export interface Progress {
  onProgress: (done: number, total: number) => void;
  /** Clear the progress line, if one was drawn. */
  end: () => void;
}

export const PROGRESS_DELAY_MS = 1000;

export function isCI(env: IO['env']): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export function createProgress(io: IO, now: () => number = () => performance.now()): Progress | undefined {
  if (!io.stderrIsTTY || isCI(io.env)) return undefined;
  const start = now();
  let drawn = false;
  let last = 0;
  return {
    onProgress(done, total) {
      const t = now();
      if (t - start < PROGRESS_DELAY_MS || (t - last < 100 && done < total)) return;
      last = t;
      drawn = true;
      io.stderr(`\r\x1b[2Kclaims: checked ${done} of ${total} files`);
    },
    end() {
      if (drawn) io.stderr('\r\x1b[2K');
      drawn = false;
    },
  };
}
