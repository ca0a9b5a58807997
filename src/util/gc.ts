// A full garbage collection on request, for the few points of a very large check where big structures have just
// been let go. V8 lets its heap grow to several times what was live at its last collection before collecting
// again, so on a corpus of 100,000 claims the garbage of one phase (entities judged and dropped, texts checked)
// would otherwise sit on top of the next phase's data and take the peak of memory past 1 GiB (bench/NOTES.md).
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** Collect now, if the runtime lets us (a no-op otherwise). */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      const existing = (globalThis as { gc?: () => void }).gc;
      if (typeof existing === 'function') gc = existing;
      else {
        v8.setFlagsFromString('--expose-gc');
        const fn = runInNewContext('gc') as unknown;
        gc = typeof fn === 'function' ? (fn as () => void) : null;
      }
    } catch {
      gc = null;
    }
  }
  gc?.();
}
