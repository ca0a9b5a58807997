import { promises as fsp, readdir as readdirCb, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { Finding } from '../report/types.js';
import { isInside, relPosix } from '../util/fs.js';
import { errPrint, kindPrint, listPrint, type ReadRecorder } from '../util/reads.js';
import { makeFinding, type RuleId } from '../report/rules/index.js';
import { excluder, matcher, type Excluder } from '../config/exclude.js';
import { closest, inert } from '../util/text.js';

export interface FoundFile {
  abs: string;
  /** Project-relative POSIX path, as shown in reports. */
  file: string;
}

export interface Discovery {
  files: FoundFile[];
  findings: Finding[];
  /** Paths named on the command line that do not exist (a usage error). */
  missing: string[];
  /**
   * Paths, folders or globs that matched no YAML file, each as a sentence with the nearest existing path when one
   * is near (a usage error, as `missing`, whose sentences these include).
   */
  unmatched?: string[];
  /**
   * When paths were named inside the ledger: the report files whose findings and verdicts are shown (the rest of
   * `files` is loaded as context only).
   */
  selected?: string[];
  /** Named files outside the ledger: checked alone, without the ledger's sources and documents. */
  alone?: string[];
}

/** What discovery is given: the paths, the ledger around them, and the rules that leave files out. */
export interface DiscoverArgs {
  root: string;
  /** The folder relative paths are resolved from. */
  base: string;
  paths: string[];
  configFile?: string;
  /** The ledger the configuration names (absolute paths), loaded as context when `paths` name part of it. */
  ledger?: string[];
  /** Extra gitignore-style patterns of YAML files never checked (the configuration's `ignore:`). */
  ignore?: string[];
  /** --ignore-pattern: patterns from the command line, which is trusted, so what they leave out is not reported. */
  trustedIgnore?: string[];
  /** --no-ignore: neither the patterns nor .gitignore files leave a file out. */
  noIgnore?: boolean;
  /** The report name of a file given on standard input: part of the ledger, in place of a file of that name. */
  stdinName?: string;
}

/** Options of a walk that are not paths. */
export interface WalkOptions {
  ignore?: readonly string[];
  trustedIgnore?: readonly string[];
  noIgnore?: boolean;
  /** Told of every read of the file system the walk makes (listings, kinds, real paths, ignore files, a glob's walk). */
  reads?: ReadRecorder;
}

/** The file system calls of discovery, each told to the recorder with what it found. */
function recordedFs(reads: ReadRecorder | undefined) {
  const told = <T>(kind: Parameters<ReadRecorder['record']>[0], abs: string, run: () => Promise<T>, print: (v: T) => string): Promise<T> =>
    reads === undefined
      ? run()
      : run().then(
          (v) => (reads.record(kind, abs, print(v)), v),
          (err: unknown) => {
            reads.record(kind, abs, errPrint(err));
            throw err;
          },
        );
  return {
    lstat: (abs: string): Promise<Stats> => told('kind', abs, () => fsp.lstat(abs), kindPrint),
    stat: (abs: string): Promise<Stats> => told('stat', abs, () => fsp.stat(abs), kindPrint),
    realpath: (abs: string): Promise<string> => told('real', abs, () => fsp.realpath(abs), (r) => r),
    readdir: (abs: string): Promise<Dirent[]> => told('list', abs, () => fsp.readdir(abs, { withFileTypes: true }), listPrint),
    readdirSync: (abs: string): Dirent[] => {
      try {
        const entries = readdirSync(abs, { withFileTypes: true });
        reads?.record('list', abs, listPrint(entries));
        return entries;
      } catch (err) {
        reads?.record('list', abs, errPrint(err));
        throw err;
      }
    },
    statSync: (abs: string): Stats => {
      try {
        const st = statSync(abs);
        reads?.record('stat', abs, kindPrint(st));
        return st;
      } catch (err) {
        reads?.record('stat', abs, errPrint(err));
        throw err;
      }
    },
  };
}
type RecordedFs = ReturnType<typeof recordedFs>;

/** Most files a glob may match, and deepest folder it descends into: a glob over a huge tree is refused, not walked forever. */
export const MAX_GLOB_MATCHES = 200_000;
const MAX_GLOB_DEPTH = 40;

const YAML_EXT = /\.ya?ml$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);
const at1 = { line: 1, column: 1, endLine: 1, endColumn: 1 };
/** Most skipped YAML files reported one by one, and most folder entries read to find them (beyond: one count). */
export const MAX_IGNORED_REPORTED = 100;
const MAX_IGNORED_SCAN = 20_000;

/**
 * Expand the paths to check into YAML files, in a stable order. Folders are walked recursively; symbolic
 * links are followed only when they resolve inside the project, and loops or dangling links are findings.
 */
export async function discover(root: string, cwd: string, paths: readonly string[], configFile?: string, opts: WalkOptions = {}): Promise<Discovery> {
  const out: Discovery = { files: [], findings: [], missing: [] };
  const unmatched: string[] = [];
  const seenFiles = new Set<string>();
  const fs = recordedFs(opts.reads);
  const realRoot = await fs.realpath(root).catch(() => root);
  // Files reached by a walk or a glob (never those named one by one) that .gitignore or an ignore pattern names.
  const excluded: Excluder | undefined = opts.noIgnore ? undefined : excluder(realRoot, [], undefined, opts.reads);
  const configured = opts.noIgnore ? undefined : matcher(opts.ignore ?? []);
  const trusted = opts.noIgnore ? undefined : matcher(opts.trustedIgnore ?? []);
  // Why a walk leaves a path out: 'trusted' for the command line's patterns (not reported), else the reason in words.
  const isIgnored = (abs: string, dir: boolean): string | undefined => {
    if (excluded === undefined) return undefined;
    const rel = relPosix(root, abs);
    if (rel === '' || rel.startsWith('../') || path.isAbsolute(rel)) return undefined;
    const key = dir ? `${rel}/` : rel;
    const why = ruleOf(trusted, key) !== undefined ? 'trusted' : ruleOf(configured, key) !== undefined ? `the ignore: pattern "${inert(ruleOf(configured, key) ?? '')}" of the configuration names it` : excluded(key);
    if (why !== undefined) ignoredHits++;
    return why;
  };
  // Skipped YAML files are warnings, so that a .gitignore, a hidden name or a node_modules folder cannot hide a bad file.
  let ignoredShown = 0;
  let ignoredMore = 0;
  let scanLeft = MAX_IGNORED_SCAN;
  const skipped = (abs: string, why: string, fix: string) => {
    if (ignoredShown >= MAX_IGNORED_REPORTED) {
      ignoredMore++;
      return;
    }
    ignoredShown++;
    const file = relPosix(root, abs);
    out.findings.push(makeFinding('file/ignored', { file, ...at1, message: `${inert(file)} is not checked: ${why}. ${fix}` }));
  };
  // The YAML files under a folder the walk skips, each reported; links are not followed, and the reading is bounded.
  const scanSkipped = (dir: string, why: string, fix: string, depth = 0): void => {
    if (depth > MAX_GLOB_DEPTH || scanLeft <= 0) return;
    let entries;
    try {
      entries = fs.readdirSync(dir).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return;
    }
    for (const e of entries) {
      if (--scanLeft < 0) {
        ignoredMore++;
        return;
      }
      const abs = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== '.git') scanSkipped(abs, why, fix, depth + 1);
      else if (e.isFile() && YAML_EXT.test(e.name)) skipped(abs, why, fix);
    }
  };
  const rerun = '--no-ignore';
  const named = 'name it on the command line to check it';
  let hits = 0;
  let ignoredHits = 0;

  const problem = (abs: string, ruleId: RuleId, message: string) => out.findings.push(makeFinding(ruleId, { file: relPosix(root, abs), ...at1, message }));

  const seenDirs = new Set<string>();
  const realConfig = configFile !== undefined ? await fs.realpath(configFile).catch(() => path.resolve(configFile)) : undefined;

  const visit = async (abs: string, explicit: boolean, activeDirs: Set<string>): Promise<void> => {
    const name = path.basename(abs);
    // Hidden files and folders are never part of a corpus walk, whatever they are or point at.
    if (!explicit && name.startsWith('.')) {
      if (name === '.git') return;
      const lst = await fs.lstat(abs).catch(() => undefined);
      const rel = inert(relPosix(root, abs));
      if (lst?.isDirectory()) scanSkipped(abs, `it is inside ${rel}/, a hidden folder (a name starting with a dot), which folder walks skip`, `Rename the folder without the dot, or ${named}.`);
      else if (lst?.isFile() && YAML_EXT.test(name)) skipped(abs, 'its name starts with a dot (a hidden file), and folder walks skip hidden files', `Rename it without the dot, or ${named}.`);
      return;
    }
    const yamlName = YAML_EXT.test(name);
    let st;
    try {
      st = await fs.lstat(abs);
    } catch (err) {
      if (explicit) out.missing.push(abs);
      else problem(abs, 'file/unreadable', `This path could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
      return;
    }
    let real = abs;
    if (st.isSymbolicLink()) {
      try {
        real = await fs.realpath(abs);
        st = await fs.stat(abs);
      } catch (err) {
        // A broken link that would not have been read anyway (not named .yaml) is not the corpus's business.
        if (!explicit && !yamlName) return;
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') problem(abs, 'file/symlink-loop', 'This symbolic link points back at itself (a link loop), so it cannot be followed. Remove it or point it at a real file.');
        else problem(abs, 'file/dangling-symlink', 'This symbolic link points at a file that does not exist. Remove it or fix its target.');
        return;
      }
      if (!explicit && !st.isDirectory() && !yamlName) return;
      if (!isInside(realRoot, real)) {
        problem(abs, 'file/outside-project', 'This symbolic link points outside the project folder, so it was not read.');
        return;
      }
    }
    if (st.isDirectory()) {
      if (!explicit && SKIP_DIRS.has(name)) {
        if (name === 'node_modules') scanSkipped(abs, `it is inside ${inert(relPosix(root, abs))}/, a folder of installed packages, which folder walks skip`, `Move it out of node_modules, or ${named}.`);
        return;
      }
      const why = explicit ? undefined : isIgnored(abs, true);
      if (why !== undefined) {
        if (why !== 'trusted') scanSkipped(abs, `its folder ${inert(relPosix(root, abs))}/ is left out (${why})`, `Remove that pattern, or run with ${rerun} to check it.`);
        return;
      }
      const realDir = await fs.realpath(abs).catch(() => abs);
      // A link to a folder that contains the walk so far (itself, a parent, the project root) would walk forever.
      if ([...activeDirs].some((active) => isInside(realDir, active))) {
        problem(abs, 'file/symlink-loop', 'This folder link leads back into a folder that contains it (a link loop); it was not followed.');
        return;
      }
      // Several links to one folder: walk it once (its files would be skipped as already seen anyway).
      if (seenDirs.has(realDir)) return;
      seenDirs.add(realDir);
      let entries: string[];
      try {
        entries = (await fs.readdir(abs)).map((e) => e.name).sort();
      } catch (err) {
        problem(abs, 'file/unreadable', `This folder could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
        return;
      }
      const next = new Set(activeDirs).add(realDir);
      for (const e of entries) await visit(path.join(abs, e), false, next);
      return;
    }
    if (!explicit && !yamlName) return;
    const why = explicit ? undefined : isIgnored(abs, false);
    if (why !== undefined) {
      if (why !== 'trusted') skipped(abs, why, `Remove that pattern, or run with ${rerun} to check it.`);
      return;
    }
    hits++;
    if (!st.isFile()) {
      // A pipe, socket or device named .yaml: reading it could block forever or never end.
      problem(abs, 'file/unreadable', 'This is not a regular file (it is a pipe, socket or device), so it was not read. Remove it from the corpus folder.');
      return;
    }
    // The real path: through links to the file, or to any folder above it (the parent's real path is the last one walked).
    const parent = [...activeDirs].pop();
    const realFile = real !== abs ? real : parent !== undefined ? path.join(parent, name) : await fs.realpath(abs).catch(() => abs);
    if (realFile === realConfig) return;
    if (seenFiles.has(realFile)) return;
    seenFiles.add(realFile);
    out.files.push({ abs, file: relPosix(root, abs) });
  };

  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const before = { hits, ignoredHits, findings: out.findings.length, missing: out.missing.length };
    const leftOut = () => (ignoredHits > before.ignoredHits ? ' (files that .gitignore or an ignore pattern names are left out; --no-ignore checks them)' : '');
    const literal = await fs.lstat(abs).then(() => true, () => false);
    if (!literal && isDynamicPattern(p)) {
      const matched = await globYaml(p, cwd, opts.reads);
      if (typeof matched === 'string') {
        unmatched.push(matched);
        continue;
      }
      for (const m of matched) await visit(m, false, new Set());
      if (hits === before.hits && out.findings.length === before.findings) unmatched.push(`${inert(p)}: no YAML file (.yaml, .yml) matches this pattern${leftOut()}.${nearestHint(globBase(abs), cwd, fs)}`);
      continue;
    }
    await visit(abs, true, new Set());
    if (out.missing.length > before.missing) unmatched.push(`no such file or folder: ${inert(path.relative(cwd, abs) || abs)}.${nearestHint(abs, cwd, fs)}`);
    else if (hits === before.hits && out.findings.length === before.findings) unmatched.push(`${inert(path.relative(cwd, abs) || abs)}: this folder holds no YAML file (.yaml, .yml)${leftOut()}, so there is nothing to check.`);
  }
  if (ignoredMore > 0) out.findings.push(makeFinding('file/ignored', { file: relPosix(root, paths.length > 0 ? path.resolve(cwd, paths[0] ?? '.') : root) || '.', ...at1, message: `${ignoredMore.toLocaleString('en-US')} more skipped YAML files (or folder entries) are not listed here or checked. Run with ${rerun}, or name them on the command line, to check them.` }));
  if (unmatched.length > 0) out.unmatched = unmatched;
  return out;
}

/** The pattern of `m` that leaves `rel` out, if one does. */
function ruleOf(m: ReturnType<typeof matcher>, rel: string): string | undefined {
  if (m === undefined) return undefined;
  try {
    const t = m.test(rel);
    return t.ignored ? (t.rule?.pattern ?? '?') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The YAML files a glob matches (absolute, sorted), or why it cannot be used. Links are not followed. Every folder
 * listing the walk reads is told to `reads`: a new file anywhere the glob looked changes what it matches.
 */
async function globYaml(pattern: string, cwd: string, reads: ReadRecorder | undefined): Promise<string[] | string> {
  let matches: string[];
  // The walk lists folders with their entries' kinds (it never follows links, so it makes no other call).
  const told = reads && {
    readdir: ((dir: string, options: { withFileTypes: true }, cb: (err: NodeJS.ErrnoException | null, entries: Dirent[]) => void) =>
      readdirCb(dir, options, (err, entries) => {
        reads.record('list', path.resolve(dir), err ? errPrint(err) : listPrint(entries));
        cb(err, entries);
      })) as unknown as typeof readdirCb,
  };
  try {
    matches = await glob(pattern, { cwd, absolute: true, followSymbolicLinks: false, dot: false, onlyFiles: true, expandDirectories: false, deep: MAX_GLOB_DEPTH, ...(told && { fs: told }) });
  } catch (err) {
    return `${inert(pattern)}: this glob pattern is malformed (${inert(String((err as Error).message ?? err).slice(0, 200))}). Quote it and check its brackets and braces.`;
  }
  if (matches.length > MAX_GLOB_MATCHES) return `${inert(pattern)}: this pattern matches more than ${MAX_GLOB_MATCHES.toLocaleString('en-US')} files; name a narrower folder or pattern.`;
  return matches.filter((m) => YAML_EXT.test(m)).sort();
}

/** The folder a glob starts from: its path up to the first part with a wildcard. */
function globBase(abs: string): string {
  const parts = abs.split(path.sep);
  const i = parts.findIndex((part) => isDynamicPattern(part));
  return i === -1 ? abs : parts.slice(0, i).join(path.sep) || path.sep;
}

/**
 * " Did you mean …?" for a path that does not exist: from the nearest folder above it that exists, the closest
 * name to the next part of the path (YAML files and folders); else that folder. Reads one folder listing.
 */
export function nearestHint(abs: string, cwd: string, fs: Pick<RecordedFs, 'statSync' | 'readdirSync'> = recordedFs(undefined)): string {
  let dir = path.dirname(abs);
  let wanted = path.basename(abs);
  for (let i = 0; i < 64; i++) {
    try {
      if (fs.statSync(dir).isDirectory()) break;
    } catch {
      // keep going up
    }
    wanted = path.basename(dir);
    const up = path.dirname(dir);
    if (up === dir) return '';
    dir = up;
  }
  const shown = (p: string) => inert(path.relative(cwd, p) || '.');
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || YAML_EXT.test(e.name)))
      .map((e) => e.name)
      .slice(0, 10_000);
  } catch {
    return '';
  }
  const [best] = closest(wanted, names, 1);
  if (best !== undefined) return ` Did you mean ${shown(path.join(dir, best))}?`;
  return ` The nearest folder that exists is ${shown(dir)}${names.length > 0 ? `, which holds ${names.slice(0, 5).map((x) => inert(x)).join(', ')}${names.length > 5 ? ', …' : ''}` : ''}.`;
}

/**
 * Discovery for a check: the named paths alone when there is no ledger to put them in (or none are named: then
 * the ledger itself); otherwise the ledger too, as context, with the named files as the selection shown and the
 * named files outside the ledger marked to be checked alone.
 */
export async function discoverCheck(args: DiscoverArgs, reads?: ReadRecorder): Promise<Discovery> {
  const walk: WalkOptions = { ...(args.ignore && { ignore: args.ignore }), ...(args.trustedIgnore && { trustedIgnore: args.trustedIgnore }), ...(args.noIgnore && { noIgnore: true }), ...(reads && { reads }) };
  const named = await discover(args.root, args.base, args.paths, args.configFile, walk);
  if (args.ledger === undefined) return named;
  const ledger = await discover(args.root, args.root, args.ledger, args.configFile, walk);
  const inLedger = new Set(ledger.files.map((f) => f.file));
  // A file under a ledger folder belongs to it even when the walk left it out (ignored, or hidden) and it was named.
  const under = (f: FoundFile) => inLedger.has(f.file) || (args.ledger ?? []).some((l) => isInside(l, f.abs));
  // With standard input, the ledger and every path given are one context: the buffer belongs with them.
  const alone = args.stdinName === undefined ? named.files.filter((f) => !under(f)) : [];
  const aloneSet = new Set(alone.map((f) => f.file));
  const selected = new Set([...named.files.filter((f) => !aloneSet.has(f.file)).map((f) => f.file), ...named.findings.map((f) => f.file)]);
  if (args.stdinName !== undefined) selected.add(args.stdinName);
  // The ledger is read only when something named belongs to it.
  const files = alone.length === named.files.length && args.stdinName === undefined ? named.files : [...ledger.files, ...named.files.filter((f) => !inLedger.has(f.file))].filter((f) => f.file !== args.stdinName);
  // A skipped file named on the command line is checked after all; one the named walk and the ledger's both skipped is one warning.
  const checked = new Set(files.map((f) => f.file));
  const seenIgnored = new Set<string>();
  const findings = [...named.findings, ...ledger.findings].filter((f) => {
    if (f.ruleId !== 'file/ignored') return true;
    if (checked.has(f.file) || seenIgnored.has(f.file)) return false;
    seenIgnored.add(f.file);
    return true;
  });
  return {
    files,
    findings,
    missing: named.missing,
    ...(named.unmatched && { unmatched: named.unmatched }),
    selected: [...selected].sort(),
    ...(alone.length > 0 && { alone: alone.map((f) => f.file) }),
  };
}
