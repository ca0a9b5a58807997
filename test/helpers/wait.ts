/** Resolves when `test` holds for the output so far, checked every `every` ms; rejects after `ms` (a bounded wait, never a hang). */
export function waitFor(read: () => string, test: (s: string) => boolean, ms = 20_000, every = 25): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = setInterval(() => {
      if (test(read())) {
        clearInterval(tick);
        resolve();
      } else if (Date.now() - started > ms) {
        clearInterval(tick);
        reject(new Error(`timed out; output so far:\n${read()}`));
      }
    }, every);
  });
}

/** How many times `word` occurs in `s`. */
export const count = (s: string, word: string): number => s.split(word).length - 1;
