import { watch, type FSWatcher } from 'node:fs';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { isInside, relPosix } from '../util/fs.js';
import { inert, plural } from '../util/text.js';
import { LedgerScope } from '../ledger/scope.js';
import { checkCommand } from './check.js';
import { errorLine, UsageError } from './errors.js';
import type { IO } from './io.js';

/**
 * Quiet time after the last change before checking again. An editor's save is often several writes (a temporary
 * file renamed over the old one, or a truncate then a write, and a touch of the folder), which come within a few
 * milliseconds of each other; 40 ms of quiet coalesces them, and keeps the redraw of a 10,000-claim ledger within
 * 100 ms of the save. A write that still lands after the check started is seen, and checked again right after.
 */
export const DEBOUNCE_MS = 40;

/** Clear the screen and its scroll-back, cursor home (only ever written to a terminal). */
const CLEAR = '\u001b[2J\u001b[3J\u001b[H';

/** Folders never watched: they hold no ledger file or document text, and node_modules can hold thousands of folders. */
const SKIP = (name: string) => name.startsWith('.') || name === 'node_modules';

/**
 * What to watch: the corpus folders, every other visible top-level folder of the project (where document texts
 * live, such as seeds/), each with its subfolders, and the project folder itself for the configuration.
 */
export function watchedFolders(root: string, corpus: readonly string[]): Array<{ dir: string; recursive: boolean }> {
  const dirs = new Map<string, boolean>([[root, false]]);
  for (const c of corpus) dirs.set(path.resolve(root, c), true);
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    entries = [];
  }
  for (const e of entries) if (e.isDirectory() && !SKIP(e.name)) dirs.set(path.join(root, e.name), true);
  return [...dirs].map(([dir, recursive]) => ({ dir, recursive }));
}

/**
 * `claims check --watch`: check, then check again after every change in the ledger's folders, redrawing the
 * report (the screen is cleared on a terminal; otherwise a separator line comes first). Each run goes through the
 * cache as a plain check does, so unchanged files are replayed and only what changed is read again, and one ledger
 * (src/ledger/ledger.ts) is kept between runs, so that only the claims a change reaches are judged again and only
 * the quotes of changed texts are searched again. Ctrl-C (or SIGTERM) stops watching and exits 0.
 */
export async function watchCommand(paths: string[], opts: Record<string, unknown>, io: IO, signal?: AbortSignal): Promise<number> {
  if (paths.includes('-')) throw new UsageError('--watch cannot read standard input ("-"): name files or folders, or none for the corpus.');
  const config = loadConfig(io.cwd, opts['config'] as string | undefined);
  const outputs = ((opts['output'] as string[] | undefined) ?? []).filter((o) => o !== '-').map((o) => path.resolve(io.cwd, o));
  const cacheDir = typeof opts['cacheLocation'] === 'string' ? path.resolve(io.cwd, opts['cacheLocation']) : undefined;
  const folders = watchedFolders(config.root, config.corpus);
  let runs = 0;
  const scope = new LedgerScope();
  const once = async (changed: string[]): Promise<void> => {
    let out = '';
    let later: (() => Promise<void>) | undefined;
    // The first check writes the cache before it returns: the folders are watched from its end, so its line on
    // stderr says that a change from then on is seen.
    const watching = runs === 0 ? { again: false } : { again: true, later: (work: () => Promise<void>) => void (later = work) };
    const code = await scope.run(() => checkCommand(paths, opts, { ...io, stdout: (s) => void (out += s) }, watching)).catch((err: unknown) => {
      if (!(err instanceof UsageError) || runs === 0) throw err;
      out += errorLine(err.message, { keepNewlines: true });
      return 2;
    });
    const what = changed.length > 0 ? ` after a change to ${changed.slice(0, 3).map((c) => inert(c)).join(', ')}${changed.length > 3 ? ` and ${plural(changed.length - 3, 'other')}` : ''}` : '';
    const stamp = new Date().toTimeString().slice(0, 8);
    const head = io.stdoutIsTTY ? CLEAR : runs > 0 ? `\n${'─'.repeat(20)} claims check --watch: checked again${what} ${'─'.repeat(20)}\n` : '';
    io.stdout(`${head}${out}`);
    io.stderr(`claims: ${stamp} exit ${code}; watching ${plural(folders.length, 'folder')} for changes. Ctrl-C stops.\n`);
    runs++;
    // The cache is written once the report is shown: the next check waits for it, the redraw does not.
    await later?.().catch((err: unknown) => io.stderr(`claims: warning: the cache could not be written: ${inert(String((err as Error)?.message ?? err))}\n`));
  };
  await once([]);

  return new Promise<number>((resolve) => {
    const watchers: FSWatcher[] = [];
    let timer: NodeJS.Timeout | undefined;
    let running = false;
    let pending = new Set<string>();
    const stop = () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve(0);
    };
    const fire = async () => {
      if (running) return;
      running = true;
      const changed = [...pending].sort();
      pending = new Set();
      try {
        await once(changed);
      } catch (err) {
        io.stderr(errorLine(`internal error while checking again: ${(err as Error)?.message ?? String(err)}`));
      }
      running = false;
      if (pending.size > 0) timer = setTimeout(() => void fire(), DEBOUNCE_MS);
    };
    for (const { dir, recursive } of folders) {
      try {
        const w = watch(dir, { recursive, persistent: true }, (_event, name) => {
          const abs = path.join(dir, name === null ? '' : String(name));
          const rel = relPosix(config.root, abs);
          if (rel.split('/').some((seg) => SKIP(seg)) || outputs.includes(abs) || !isInside(config.root, abs)) return;
          if (cacheDir !== undefined && (abs === cacheDir || isInside(cacheDir, abs))) return;
          pending.add(rel);
          clearTimeout(timer);
          timer = setTimeout(() => void fire(), DEBOUNCE_MS);
        });
        w.on('error', () => w.close());
        watchers.push(w);
      } catch {
        // A folder that vanished (or cannot be watched) is left out; the others still are watched.
      }
    }
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    signal?.addEventListener('abort', stop);
  });
}
