// The whole-run cache: a finished `claims check` replayed when nothing it depends on has changed.
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import type { DiscoverArgs, Discovery } from '../load/discover.js';
import { isDynamicPattern } from 'tinyglobby';
import type { Corpus } from '../validate/refs.js';
import type { DocText } from '../validate/documents.js';
import type { FileResult } from '../report/types.js';
import { CheckCache, sha256, type RunOutput } from './cache.js';
import { isInside } from '../util/fs.js';
import { StatIndex } from './stat-index.js';

/** Document texts are read up to this size (as in src/check.ts). */
const docLimit = (config: Config) => Math.max(config.limits.maxFileBytes, 20 * 1024 * 1024);

// Fingerprints use synchronous I/O on purpose: thousands of small reads are several times faster that way than
// through fs.promises, and on a cache hit nothing else is waiting. Bytes are hashed only when the stat index
// (src/cache/stat-index.ts) cannot vouch for them.

/** What a YAML file is, for the run key: its bytes' hash, or why it cannot be read. */
function fileFingerprint(abs: string, maxBytes: number, index: StatIndex): string {
  try {
    const st = statSync(abs);
    if (st.size > maxBytes) return `big:${st.size}`;
    return `sha:${index.sha(abs, st)}`;
  } catch (err) {
    return `err:${(err as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

/** Case-insensitive file systems may give a real path another spelling: there, always ask the system. */
const LEXICAL_REALPATH = process.platform !== 'darwin' && process.platform !== 'win32';

/**
 * The real path of `abs`, and its stat when that came for free: when no component below `root` is a symbolic
 * link, the real path is the real root joined with the relative path (one lstat per file, folders remembered in
 * `dirs`); otherwise, or outside the root, the system's realpath. Throws as realpath does for a missing file.
 */
function realOf(root: string, realRoot: string, abs: string, dirs: Map<string, boolean>): { real: string; st?: Stats } {
  const rel = path.relative(root, abs);
  if (LEXICAL_REALPATH && rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    // The folders between the root and the file, nearest the root first.
    const parents: string[] = [];
    for (let dir = path.dirname(abs); dir !== root && dir.length > root.length; dir = path.dirname(dir)) parents.unshift(dir);
    const found = lexicalReal(realRoot, abs, rel, parents, dirs);
    if (found !== undefined) return found;
  }
  return { real: realpathSync.native(abs) };
}

function lexicalReal(realRoot: string, abs: string, rel: string, parents: readonly string[], dirs: Map<string, boolean>): { real: string; st: Stats } | undefined {
  for (const dir of parents) {
    let ok = dirs.get(dir);
    if (ok === undefined) {
      try {
        ok = lstatSync(dir).isDirectory();
      } catch {
        ok = false;
      }
      dirs.set(dir, ok);
    }
    if (!ok) return undefined;
  }
  let st: Stats | undefined;
  try {
    st = lstatSync(abs, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  // Missing or a link: the caller asks realpath (for its error, or to follow the link).
  if (st === undefined || st.isSymbolicLink()) return undefined;
  return { real: realRoot.endsWith(path.sep) ? realRoot + rel : `${realRoot}${path.sep}${rel}`, st };
}

/** Ignore files are read up to this size (as in src/config/exclude.ts). */
const MAX_IGNORE_BYTES = 256 * 1024;

/**
 * What one ignore file of the project holds, for the run key (`rel` from the project's real folder; remembered in
 * `seen` for the run): .gitignore files and .git/info/exclude decide which document paths are refused
 * (src/config/exclude.ts), so an edit of one must not replay an old report.
 */
function ignoreFile(realRoot: string, rel: string, index: StatIndex, seen: Map<string, string>): string {
  let fp = seen.get(rel);
  if (fp !== undefined) return fp;
  try {
    const real = realpathSync.native(path.join(realRoot, rel));
    if (!isInside(realRoot, real)) fp = `outside:${real}`;
    else {
      const st = statSync(real);
      fp = !st.isFile() ? 'other' : st.size > MAX_IGNORE_BYTES ? `big:${st.size}` : `sha:${real}:${index.sha(real, st)}`;
    }
  } catch (err) {
    fp = `none:${(err as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  seen.set(rel, fp);
  return fp;
}

/** The .gitignore files of every folder from the project's down to that of `rel` (a '/'-separated path inside it). */
function ignoreChain(realRoot: string, rel: string, index: StatIndex, seen: Map<string, string>): string {
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return '';
  let out = ignoreFile(realRoot, '.gitignore', index, seen);
  for (let i = rel.indexOf('/'); i !== -1; i = rel.indexOf('/', i + 1)) out += `|${ignoreFile(realRoot, `${rel.slice(0, i)}/.gitignore`, index, seen)}`;
  return out;
}

/** The ignore files that decide whether a project-relative path is excluded, outside the folder chain. */
export const projectIgnores = (realRoot: string, index: StatIndex): string => ignoreFile(realRoot, '.git/info/exclude', index, new Map());

/** A document path that path.resolve would only prefix with the root: plain names joined by "/". */
const CLEAN = /^(?!\.\.?(?:\/|$))(?:[^/\\]+\/(?!\.\.?(?:\/|$)))*[^/\\]+$/;

/**
 * What a document text is, for the run key: everything its findings and quote matches can depend on (the path as
 * written, where it really leads, the project's real folder, the kind and size of file, its bytes; the ignore
 * files on the way to both paths; for a missing file, the listing of its folder, which the "did you mean" hint
 * reads). A text whose real path is outside the project is not read: the check refuses it unread too.
 */
export function documentFingerprint(root: string, realRoot: string, p: string, maxBytes: number, index: StatIndex = new StatIndex(undefined), dirs = new Map<string, boolean>(), ignores = new Map<string, string>()): string {
  if (path.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')) return 'absolute';
  return documentItself(root, realRoot, p, maxBytes, index, dirs, (written, real) => `${ignoreChain(realRoot, written, index, ignores)}#${real === undefined ? '' : ignoreChain(realRoot, real, index, ignores)}`);
}

function documentItself(root: string, realRoot: string, p: string, maxBytes: number, index: StatIndex, dirs: Map<string, boolean>, ignored: (written: string, real: string | undefined) => string): string {
  let abs: string;
  let written: string;
  let found: { real: string; st?: Stats } | undefined;
  if (LEXICAL_REALPATH && path.sep === '/' && root.length > 1 && !root.endsWith('/') && CLEAN.test(p)) {
    // The common case, without path.resolve and path.relative for each of thousands of documents.
    abs = `${root}/${p}`;
    written = p;
    const parents: string[] = [];
    for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) parents.push(`${root}/${p.slice(0, i)}`);
    found = lexicalReal(realRoot, abs, p, parents, dirs);
  } else {
    abs = path.resolve(root, p);
    written = path.relative(root, abs).split(path.sep).join('/');
  }
  let real: string;
  let st: Stats | undefined;
  try {
    ({ real, st } = found ?? realOf(root, realRoot, abs, dirs));
  } catch (err) {
    let siblings: string[] = [];
    try {
      siblings = readdirSync(path.dirname(abs)).sort();
    } catch {
      // no folder: no hint
    }
    return `missing:${(err as NodeJS.ErrnoException).code ?? 'error'}:${sha256(siblings.join('\n'))}:${ignored(written, undefined)}`;
  }
  const realRel = real.startsWith(`${realRoot}/`) && path.sep === '/' ? real.slice(realRoot.length + 1) : path.relative(realRoot, real).split(path.sep).join('/');
  const at = `${realRoot}:${real}:${ignored(written, realRel)}`;
  if (!isInside(realRoot, real)) return `outside:${at}`;
  try {
    st ??= statSync(real);
    if (!st.isFile()) return `not-a-file:${at}`;
    if (st.size > maxBytes) return `big:${st.size}:${at}`;
    return `sha:${at}:${index.sha(real, st)}`;
  } catch (err) {
    return `err:${(err as NodeJS.ErrnoException).code ?? 'error'}:${at}`;
  }
}

export type { DiscoverArgs } from '../load/discover.js';

const YAML_EXT = /\.ya?ml$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);

/**
 * Everything discovery's answer depends on, read without timestamps: the real paths of the project, the
 * configuration file and each path given, and the listing (names and kinds) of every folder discovery walks.
 * Undefined whenever the walk meets anything but plain folders and files (a symbolic link, a pipe, an unreadable
 * folder): then discovery runs, as without the cache. Walks at least what discovery walks (hidden entries and
 * node_modules/.git below a given path are skipped by both).
 */
export function treeFingerprint(args: DiscoverArgs): string | undefined {
  const parts: string[] = [];
  try {
    parts.push(realpathSync.native(args.root));
    if (args.configFile !== undefined) parts.push(realpathSync.native(args.configFile));
  } catch {
    return undefined;
  }
  const walk = (dir: string, rel: string): boolean => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      // A .gitignore deeper down can leave files out of the walk.
      if (e.name === '.gitignore' && !args.noIgnore) parts.push(ignoreFile(realRoot, path.relative(realRoot, path.join(dir, e.name)).split(path.sep).join('/'), index, ignores));
      const r = `${rel}/${e.name}`;
      // Skipped YAML files are reported (file/ignored): a hidden one counts; a hidden or node_modules folder is not memoised.
      if (e.name.startsWith('.')) {
        if (e.isFile() && YAML_EXT.test(e.name)) parts.push(`h${r}`);
        else if (e.isDirectory() && e.name !== '.git') return false;
        continue;
      }
      if (e.isDirectory()) {
        if (e.name === 'node_modules') return false;
        if (SKIP_DIRS.has(e.name)) continue;
        parts.push(`d${r}`);
        if (!walk(path.join(dir, e.name), r)) return false;
      } else if (e.isFile()) {
        if (YAML_EXT.test(e.name)) parts.push(`f${r}`);
      } else return false;
    }
    return true;
  };
  // What else decides the answer: the ignore patterns, and the .gitignore files on the way to each path.
  let realRoot: string;
  try {
    realRoot = realpathSync.native(args.root);
  } catch {
    return undefined;
  }
  const index = new StatIndex(undefined);
  const ignores = new Map<string, string>();
  if (!args.noIgnore) parts.push(projectIgnores(realRoot, index));
  try {
    for (const p of [...args.paths.map((q) => path.resolve(args.base, q)), ...(args.ledger ?? [])]) {
      const abs = p;
      if (!args.noIgnore) parts.push(ignoreChain(realRoot, path.relative(args.root, abs).split(path.sep).join('/'), index, ignores));
      let st: Stats;
      try {
        st = lstatSync(abs);
      } catch (err) {
        // A glob's matches are found afresh each time (the tree it walks is not fingerprinted).
        if (isDynamicPattern(path.relative(args.base, abs))) return undefined;
        parts.push(`missing:${abs}:${(err as NodeJS.ErrnoException).code ?? 'error'}`);
        continue;
      }
      if (st.isDirectory()) {
        parts.push(`D:${abs}:${realpathSync.native(abs)}`);
        if (!walk(abs, '')) return undefined;
      } else if (st.isFile()) parts.push(`F:${abs}:${realpathSync.native(abs)}`);
      else return undefined;
    }
  } catch {
    return undefined;
  }
  return sha256(parts.join('\n'));
}

export interface RunCache {
  cache: CheckCache;
  /** The stored outputs, when a previous run had exactly these inputs. */
  hit?: RunOutput;
  /**
   * What storing this run will need, taken from the finished check so that the check itself (every entity of the
   * corpus) can be let go while the reports are written; then `store` saves the outputs, unless an input changed
   * while the run was reading it.
   */
  prepare: (run: { corpus: Corpus; files: FileResult[]; texts: Map<string, DocText> }) => { store: (out: RunOutput) => Promise<void> };
  /** prepare(run).store(out). */
  save: (run: { corpus: Corpus; files: FileResult[]; texts: Map<string, DocText> }, out: RunOutput) => Promise<void>;
}

/** Discovery's answer, from the cache when the tree it walked is unchanged (see treeFingerprint). */
async function discoverCached(cache: CheckCache, args: DiscoverArgs, discover: () => Promise<Discovery>): Promise<Discovery> {
  const tree = treeFingerprint(args);
  if (tree === undefined) return discover();
  const memo = await cache.getDiscovery(args, tree);
  if (memo !== undefined) return memo;
  const found = await discover();
  // Stored only if the tree did not change while discovery walked it.
  if (treeFingerprint(args) === tree) cache.putDiscovery(args, tree, found);
  return found;
}

/**
 * Look up a run: `slot` names the invocation (arguments, output options); the key adds the configuration and the
 * hash of every YAML file found. On a miss, `save` stores the outputs with the fingerprints of the document texts.
 */
export async function openRunCache(cache: CheckCache, config: Config, discovery: { args: DiscoverArgs; discover: () => Promise<Discovery> }, slot: unknown): Promise<RunCache> {
  const found = await discoverCached(cache, discovery.args, discovery.discover);
  const limit = config.limits.maxFileBytes;
  const index = cache.statIndex();
  const fps = found.files.map((f) => [f.file, f.abs, fileFingerprint(f.abs, limit, index)]);
  const slotId = JSON.stringify(slot);
  let realRoot = config.root;
  try {
    realRoot = realpathSync.native(config.root);
  } catch {
    // keep the configured folder
  }
  const key = JSON.stringify([slotId, config, found.findings, found.missing, fps, projectIgnores(realRoot, index)]);
  const dirs = new Map<string, boolean>();
  const ignores = new Map<string, string>();
  const fingerprint = async (p: string) => documentFingerprint(config.root, realRoot, p, docLimit(config), index, dirs, ignores);
  const hit = await cache.getRun(slotId, key, fingerprint);
  cache.saveStatIndex();
  await cache.flush();
  const prepare: RunCache['prepare'] = ({ corpus, files, texts }) => {
    // The key was computed before the run read the files: store only if the run saw the same bytes.
    const before = new Map(fps.map(([file, , fp]) => [file, fp]));
    const changed = files.some((f) => f.sha256 !== undefined && before.has(f.file) && before.get(f.file) !== `sha:${f.sha256}`);
    const paths = [...new Set([...corpus.documents.values()].flatMap((d) => (d.path === undefined ? [] : [d.path])))];
    const read: Array<[string, string]> = [];
    for (const [id, t] of texts) {
      const p = corpus.documents.get(id)?.path;
      if (p !== undefined) read.push([p, t.sha256]);
      // The run hashed each text as it read it: the stat index can vouch for them without reading them again.
      if (t.seen) index.remember(t.seen.real, t.seen, t.seen.at, t.sha256);
    }
    return {
      store: async (out) => {
        if (changed) return;
        // Folders and ignore files are looked at afresh: the run may have taken a while.
        dirs.clear();
        ignores.clear();
        const docs = await Promise.all(paths.map(async (p): Promise<[string, string]> => [p, await fingerprint(p)]));
        cache.saveStatIndex();
        const byPath = new Map(docs);
        for (const [p, sha] of read) if (!byPath.get(p)?.endsWith(`:${sha}`)) return;
        cache.putRun(slotId, key, docs, out);
        await cache.flush();
      },
    };
  };
  return {
    cache,
    ...(hit && { hit }),
    prepare,
    save: (run, out) => prepare(run).store(out),
  };
}
