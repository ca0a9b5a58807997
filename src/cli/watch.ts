import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, watch, type FSWatcher, type Stats } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../config/config.js';
import { ConfigError } from '../config/find.js';
import { isInside, relPosix } from '../util/fs.js';
import { bigPrint, errPrint, inodePrint, kindPrint, listPrint, NOT_FILE, seenOf, type ReadKind, type ReadRecorder, type SeenStat } from '../util/reads.js';
import { inert, plural } from '../util/text.js';
import { LedgerScope } from '../ledger/scope.js';
import type { ReadCarrier, RecordedRead } from '../ledger/ledger.js';
import { checkCommand } from './check.js';
import { CheckCache } from '../cache/cache.js';
import { errorLine, UsageError } from './errors.js';
import type { IO } from './io.js';

/**
 * Quiet time after the last change before checking again. An editor's save is often several writes (a temporary
 * file renamed over the old one, or a truncate then a write, and a touch of the folder), which come within a few
 * milliseconds of each other; 25 ms of quiet coalesces them, and is counted in the time from a save to its redraw
 * (the target: 100 ms at 10,000 claims). A write that still lands after the check started is seen, and checked
 * again right after.
 */
export const DEBOUNCE_MS = 25;

/** How often the stat of everything the last check read is taken again, for a change no event told of. */
export const POLL_MS = 1000;

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

/** How long after a stat the file's own times must be older than it, for that stat to stand for its content. */
export const RACY_MS = 2000;

/** Most folders watched one by one for what the check read outside the watched trees (the poll covers the rest). */
const MAX_EXTRA_WATCHED = 256;

/** What stat (`l`: lstat, not following a link) says of a path: its identity, size and times, or the error. */
function statPrint(st: Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'>): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

function statNow(abs: string, link: boolean): { print: string; racyAt?: number } {
  const at = Date.now();
  try {
    const st = link ? lstatSync(abs) : statSync(abs);
    return { print: statPrint(st), ...(isRacy(st, at) && { racyAt: at }) };
  } catch (err) {
    return { print: errPrint(err) };
  }
}

/** True when something is at `abs` (a link counts, wherever it leads). */
function existsNow(abs: string): boolean {
  try {
    lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

/** A stat taken at `at` cannot tell a write in the same clock tick: the file's times are too close to it. */
const isRacy = (st: Pick<SeenStat, 'mtimeMs' | 'ctimeMs'>, at: number): boolean => st.mtimeMs > at - RACY_MS || st.ctimeMs > at - RACY_MS;

/** The read `kind` of `abs` made again, as the check's fingerprint of it (src/util/reads.ts). */
export function fingerprintNow(kind: ReadKind, abs: string, recorded: string): string {
  try {
    switch (kind) {
      case 'bytes': {
        const st = statSync(abs);
        if (!st.isFile()) return NOT_FILE;
        if (recorded.startsWith('big:')) return bigPrint(st.size);
        return recorded.startsWith('sha:') ? `sha:${createHash('sha256').update(readFileSync(abs)).digest('hex')}` : 'file';
      }
      case 'list':
        return listPrint(readdirSync(abs, { withFileTypes: true }));
      case 'kind':
        return kindPrint(lstatSync(abs));
      case 'stat':
        return kindPrint(statSync(abs));
      case 'real':
        return realpathSync.native(abs);
      case 'inode':
        return inodePrint(statSync(abs));
    }
  } catch (err) {
    return errPrint(err);
  }
}

/** The dependencies made of each list of reads carried, kept while the list is (Dependencies.carry). */
const blocks = new WeakMap<readonly RecordedRead[], Map<string, Dependency>>();

/** One read of the last check: what it found, and the stat of its path taken no later than the read. */
interface Dependency {
  kind: ReadKind;
  abs: string;
  fingerprint: string;
  stat: string;
  /** When the stat was taken, while it cannot vouch for the content (see isRacy). */
  racyAt?: number;
}

/**
 * Everything one check read (told by it as the whole-run cache is told: discovery's listings, kinds and real paths,
 * each YAML file, the ignore files, every document text, the folders of a "did you mean" hint), with the stat of
 * each path. The poll stats every path again; a path whose stat differs, or whose stat was too recent to vouch for
 * it, is read again, and only a read that finds something else than the check did is a change. A path read twice
 * with different answers (it changed during the check, or was read two ways: a text located by its size, then
 * hashed) keeps both reads: whichever no longer holds is a change.
 */
export class Dependencies implements ReadRecorder, ReadCarrier {
  readonly reads = new Map<string, Dependency>();
  /** Reads told again as a whole (carry), each list's as made the first time it was carried. */
  private readonly carried: Array<Map<string, Dependency>> = [];
  private readonly stats = new Map<string, { print: string; racyAt?: number }>();
  /** Reads told (a check replayed from the whole-run cache tells none). */
  told = 0;

  /**
   * `last`: the reads of the check before. A read it made too, with the same answer, keeps the stat taken then
   * (no system call): a change since then makes the stat differ, which the poll sees as for any other read.
   */
  constructor(private readonly last?: Dependencies) {}

  record(kind: ReadKind, abs: string, fingerprint: string, seen?: SeenStat): void {
    this.told++;
    this.index = this.pathSet = undefined;
    const key = `${kind}\0${abs}\0${fingerprint}`;
    if (this.reads.has(key)) return;
    // A file's stat taken just before its bytes were read; any other path is stat'ed now (just after the read: a
    // change in between leaves its times too recent, and the poll then reads it again).
    const link = kind === 'kind';
    const sk = `${link ? 'l' : 's'}${abs}`;
    let st = seen !== undefined && !link ? { print: statPrint(seen), ...(isRacy(seen, seen.at) && { racyAt: seen.at }) } : this.stats.get(sk);
    if (st === undefined) {
      const before = this.last?.find(key);
      st = before !== undefined ? { print: before.stat, ...(before.racyAt !== undefined && { racyAt: before.racyAt }) } : statNow(abs, link);
      this.stats.set(sk, st);
    }
    this.reads.set(key, { kind, abs, fingerprint, stat: st.print, ...(st.racyAt !== undefined && { racyAt: st.racyAt }) });
  }

  /**
   * Reads told again as they were told before (a kept ledger's document stage, when it takes the texts as they
   * were): made into dependencies once, and the same ones kept each time the same list is told again, so that
   * the stats taken (or updated by the poll) then still stand.
   */
  carry(list: readonly RecordedRead[]): void {
    this.told += list.length;
    this.index = this.pathSet = undefined;
    let block = blocks.get(list);
    if (block === undefined) {
      const made = new Dependencies(this.last);
      for (const r of list) made.record(...r);
      blocks.set(list, (block = made.reads));
    }
    this.carried.push(block);
    this.carriedIndex = undefined;
  }

  /** The read of this key, recorded or carried. */
  private find(key: string): Dependency | undefined {
    const d = this.reads.get(key);
    if (d !== undefined || this.carried.length === 0) return d;
    if (this.carriedIndex === undefined) {
      // Made once the check has carried its lists (a list carried later makes it again); the first list wins.
      this.carriedIndex = new Map();
      for (let i = this.carried.length - 1; i >= 0; i--) for (const [k, c] of this.carried[i]!) this.carriedIndex.set(k, c);
    }
    return this.carriedIndex.get(key);
  }
  private carriedIndex?: Map<string, Dependency>;

  /** Every read, recorded or carried. */
  private *all(): Iterable<Dependency> {
    yield* this.reads.values();
    for (const b of this.carried) yield* b.values();
  }

  /**
   * The paths (of `only`, or all) whose read would now find something else than the check did. Stats are taken
   * once per path and poll. A path whose stat changed but whose read finds the same keeps the new stat, but for
   * a file whose bytes the check did not hash (a text kept unread by its stat, src/validate/documents.ts KeptTexts,
   * is told by its size only): there the stat is what the next check decides by, so a new stat is a change.
   */
  changed(only?: ReadonlySet<string>): string[] {
    const out = new Set<string>();
    const stats = new Map<string, { print: string; racyAt?: number }>();
    const asked = only === undefined ? this.all() : [...only].flatMap((abs) => this.byPath().get(abs) ?? []);
    for (const d of asked) {
      const link = d.kind === 'kind';
      const sk = `${link ? 'l' : 's'}${d.abs}`;
      let st = stats.get(sk);
      if (st === undefined) stats.set(sk, (st = statNow(d.abs, link)));
      if (st.print === d.stat && d.racyAt === undefined) continue;
      const hashed = d.kind !== 'bytes' || d.fingerprint.startsWith('sha:');
      if (!hashed && st.print === d.stat) continue;
      if (!hashed || fingerprintNow(d.kind, d.abs, d.fingerprint) !== d.fingerprint) {
        out.add(d.abs);
        continue;
      }
      d.stat = st.print;
      if (st.racyAt === undefined) delete d.racyAt;
      else d.racyAt = st.racyAt;
    }
    return [...out].sort();
  }

  /** The folders that hold what the check read (and the folders it listed). */
  folders(): Set<string> {
    const dirs = new Set<string>();
    for (const d of this.all()) dirs.add(d.kind === 'list' ? d.abs : path.dirname(d.abs));
    return dirs;
  }

  /** Every path read. */
  paths(): ReadonlySet<string> {
    return (this.pathSet ??= new Set(this.byPath().keys()));
  }
  private pathSet?: Set<string>;

  /** The reads of each path, made once the check has told them (a read told later makes it again). */
  private index?: Map<string, Dependency[]>;
  private byPath(): Map<string, Dependency[]> {
    if (this.index !== undefined) return this.index;
    const index = new Map<string, Dependency[]>();
    for (const d of this.all()) {
      const list = index.get(d.abs);
      if (list === undefined) index.set(d.abs, [d]);
      else list.push(d);
    }
    return (this.index = index);
  }
}

/**
 * The reads a check makes before it is run, that it does not tell (src/cache/run-cache.ts reads them for the
 * whole-run cache): the configuration file, and the folders from the working folder up to the project's, where a
 * configuration file could appear.
 */
function configReads(deps: Dependencies, config: Config, cwd: string): void {
  if (config.file !== undefined) {
    const real = fingerprintNow('real', config.file, '');
    deps.record('real', config.file, real);
    if (!real.startsWith('err:')) {
      // The stat is taken before the bytes are read.
      const at = Date.now();
      let st: Stats | undefined;
      try {
        st = statSync(real);
      } catch {
        st = undefined;
      }
      deps.record('bytes', real, fingerprintNow('bytes', real, 'sha:'), st && seenOf(st, at));
    }
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    deps.record('list', dir, fingerprintNow('list', dir, ''));
    if (dir === config.root || !isInside(config.root, dir) || path.dirname(dir) === dir) break;
  }
  deps.told = 0;
}

/**
 * `claims check --watch`: check, then check again after every change to what the last check read, redrawing the
 * report (the screen is cleared on a terminal; otherwise a separator line comes first). File-system events make a
 * change seen at once; they are not trusted to tell every change (a file replaced by a rename can drop out of a
 * recursive watch), so once a second the stat of every path the last check read is taken again, and a change found
 * so is checked as an event's would be. After each check the watched folders are chosen again, from the
 * configuration and from what was read. Each run goes through the cache as a plain check does, so unchanged files
 * are replayed and only what changed is read again, and one ledger (src/ledger/ledger.ts) is kept between runs, so
 * that only the claims a change reaches are judged again and only the quotes of changed texts are searched again.
 * Ctrl-C (or SIGTERM) stops watching and exits 0.
 */
export async function watchCommand(paths: string[], opts: Record<string, unknown>, io: IO, signal?: AbortSignal): Promise<number> {
  if (paths.includes('-')) throw new UsageError('--watch cannot read standard input ("-"): name files or folders, or none for the corpus.');
  let config = loadConfig(io.cwd, opts['config'] as string | undefined);
  CheckCache.keepPacks = true;
  const outputs = ((opts['output'] as string[] | undefined) ?? []).filter((o) => o !== '-').map((o) => path.resolve(io.cwd, o));
  const cacheDir = typeof opts['cacheLocation'] === 'string' ? path.resolve(io.cwd, opts['cacheLocation']) : undefined;
  /** The configuration as it reads now; one that cannot be read keeps the last (the check says what is wrong). */
  const currentConfig = (): Config => {
    try {
      return loadConfig(io.cwd, opts['config'] as string | undefined);
    } catch {
      return config;
    }
  };
  let folders = watchedFolders(config.root, config.corpus);
  let deps = new Dependencies();
  let runs = 0;
  let lastOut: string | undefined;
  const scope = new LedgerScope();
  // Ctrl-C is taken from the moment the first report is shown; until then it ends the first check at once (the
  // default action). The watching set up after the first report is undone by `cleanup`.
  let stopped = false;
  let cleanup = () => {};
  let done: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (done = resolve));
  const stop = () => {
    stopped = true;
    cleanup();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    signal?.removeEventListener('abort', stop);
    done(0);
  };
  let listening = false;
  const listen = () => {
    if (listening) return;
    listening = true;
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    signal?.addEventListener('abort', stop);
    if (signal?.aborted) stop();
  };
  /**
   * One check and its redraw; `quiet`: a check that only learns what to poll, shown only if its report differs.
   * Resolves to whether the check read anything (a run replayed from the whole-run cache does not).
   */
  const once = async (changed: string[], quiet = false, hint?: ReadonlySet<string>): Promise<boolean> => {
    let out = '';
    let err = '';
    let later: (() => Promise<void>) | undefined;
    const reads = new Dependencies(deps);
    // The configuration as it is now (one may have appeared, or changed, since the last check), so that what is
    // recorded of it is what this check reads, and an edit of it after this check is seen as a change.
    config = currentConfig();
    configReads(reads, config, io.cwd);
    // The first check writes the cache before it returns: the folders are watched from its end, so its line on
    // stderr says that a change from then on is seen.
    const watching = runs === 0 && !quiet ? { again: false, reads } : { again: true, reads, later: (work: () => Promise<void>) => void (later = work) };
    const stderr = quiet ? (s: string) => void (err += s) : io.stderr;
    const code = await scope.run(() => checkCommand(paths, opts, { ...io, stdout: (s) => void (out += s), stderr }, watching), hint).catch((e: unknown) => {
      // A configuration made unreadable or invalid is shown in place of the report, as the check alone says it;
      // the check runs again when a file changes (the configuration's bytes are recorded above).
      if (!(e instanceof UsageError || e instanceof ConfigError) || runs === 0) throw e;
      out += errorLine(e instanceof ConfigError ? `configuration error: ${e.message}` : e.message, { keepNewlines: true });
      return 2;
    });
    deps = reads;
    if (quiet && out === lastOut) {
      await later?.().catch(() => undefined);
      return true;
    }
    lastOut = out;
    io.stderr(err);
    const what = changed.length > 0 ? ` after a change to ${changed.slice(0, 3).map((c) => inert(c)).join(', ')}${changed.length > 3 ? ` and ${plural(changed.length - 3, 'other')}` : ''}` : '';
    const stamp = new Date().toTimeString().slice(0, 8);
    listen();
    const head = io.stdoutIsTTY ? CLEAR : runs > 0 ? `\n${'─'.repeat(20)} claims check --watch: checked again${what} ${'─'.repeat(20)}\n` : '';
    io.stdout(`${head}${out}`);
    io.stderr(`claims: ${stamp} exit ${code}; watching ${plural(folders.length, 'folder')} for changes. Ctrl-C stops.\n`);
    runs++;
    // The cache is written once the report is shown: the next check waits for it, the redraw does not.
    await later?.().catch((e: unknown) => io.stderr(`claims: warning: the cache could not be written: ${inert(String((e as Error)?.message ?? e))}\n`));
    return reads.told > 0;
  };
  const replayed = !(await once([]));

  if (stopped) return finished;
  // From here on, until stopped: events, the poll, and the checks they ask for.
  const keepWatching = () => {
    /** The open watchers, by folder and whether recursive. */
    let watchers = new Map<string, FSWatcher>();
    /** What the last check read: an event for it is a change even in a hidden folder. */
    let read: ReadonlySet<string> = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    let running = false;
    let pending = new Set<string>();
    const changedSoon = (rel: string) => {
      pending.add(rel);
      clearTimeout(timer);
      timer = setTimeout(() => void fire(), DEBOUNCE_MS);
    };
    /** Watch again: the folders the configuration names now, and those of what the last check read outside them. */
    const rewatch = () => {
      config = currentConfig();
      const trees = watchedFolders(config.root, config.corpus);
      read = deps.paths();
      const inTree = (dir: string) => trees.some((t) => t.recursive && isInside(t.dir, dir) && !relPosix(t.dir, dir).split('/').some(SKIP));
      const extra = [...deps.folders()].filter((d) => isInside(config.root, d) && !trees.some((t) => t.dir === d) && !inTree(d)).sort().slice(0, MAX_EXTRA_WATCHED);
      const wanted = [...trees, ...extra.map((dir) => ({ dir, recursive: false }))];
      const next = new Map<string, FSWatcher>();
      for (const { dir, recursive } of wanted) {
        const key = `${recursive ? 'r' : 'f'}${dir}`;
        // A folder watched already stays watched, by the same watcher (a recursive watcher is costly to set up).
        const open = watchers.get(key);
        if (open !== undefined) {
          next.set(key, open);
          continue;
        }
        try {
          const w = watch(dir, { recursive, persistent: true }, (_event, name) => {
            if (stopped) return;
            const abs = path.join(dir, name === null ? '' : String(name));
            const rel = relPosix(config.root, abs);
            if (outputs.includes(abs) || !isInside(config.root, abs)) return;
            if (cacheDir !== undefined && (abs === cacheDir || isInside(cacheDir, abs))) return;
            // What the check read is a change wherever it is; elsewhere hidden folders and node_modules are not.
            if (!read.has(abs) && !read.has(path.dirname(abs)) && rel.split('/').some((seg) => SKIP(seg))) return;
            changedSoon(rel);
          });
          w.on('error', () => w.close());
          next.set(key, w);
        } catch {
          // A folder that vanished (or cannot be watched) is left out: the poll still sees what was read in it.
        }
      }
      // The new watchers are open before the old ones close: no event falls between them.
      for (const [key, w] of watchers) if (next.get(key) !== w) w.close();
      watchers = next;
      folders = wanted;
    };
    const fire = async (quiet = false) => {
      if (running || stopped) return;
      running = true;
      let changed = [...pending].sort();
      pending = new Set();
      let hint: Set<string> | undefined;
      if (!quiet) {
        // An event for something the last check read is a change only if reading it again finds something else
        // (reading a file can itself make an event, when its access time is updated).
        const known = deps.paths();
        const abs = changed.map((rel) => path.resolve(config.root, rel));
        const asked = new Set(abs.filter((a) => known.has(a)));
        const really = new Set(asked.size > 0 ? deps.changed(asked) : []);
        changed = changed.filter((_rel, i) => !asked.has(abs[i]!) || really.has(abs[i]!));
        if (changed.length === 0) {
          running = false;
          return;
        }
        // What the check is told may have changed since the last one: every path of these events, but those the
        // last check did not read that are not there now (an editor's temporary file, renamed over the file saved).
        hint = new Set();
        for (const rel of changed) {
          const a = path.resolve(config.root, rel);
          if (known.has(a) || existsNow(a)) hint.add(a);
        }
        // Only names the last check never read that are gone again (an editor's temporary file whose late event
        // came after the check of its save began): nothing a check reads has changed.
        if (hint.size === 0) {
          running = false;
          return;
        }
      }
      try {
        await once(changed, quiet, hint);
      } catch (err) {
        io.stderr(errorLine(`internal error while checking again: ${(err as Error)?.message ?? String(err)}`));
      }
      if (!stopped) rewatch();
      running = false;
      if (pending.size > 0 && !stopped) timer = setTimeout(() => void fire(), DEBOUNCE_MS);
    };
    rewatch();
    // The backstop: what an event did not tell, the stat of what the last check read does.
    const poll = setInterval(() => {
      if (running || stopped || pending.size > 0) return;
      const changed = deps.changed();
      for (const abs of changed) pending.add(isInside(config.root, abs) ? relPosix(config.root, abs) : abs);
      if (changed.length > 0) void fire();
    }, POLL_MS);
    cleanup = () => {
      clearTimeout(timer);
      clearInterval(poll);
      for (const w of watchers.values()) w.close();
    };
    // A first check replayed from the whole-run cache read nothing: checked once more, shown only if it differs.
    if (replayed) void fire(true);
  };
  keepWatching();
  return finished;
}
