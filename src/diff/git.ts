// The git edge of `claims diff`: revisions resolved and a revision's files written into a folder of our own, by
// git's plumbing (rev-parse, ls-tree, cat-file), never through a checkout: the user's working tree and index are
// not touched. Git is spawned with its arguments as an array (no shell), and a revision is always passed after
// --end-of-options or inside "<rev>^{commit}", so that no revision can be read as an option.
import { spawn } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, symlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** A problem with git or a revision, in words for the person who asked: exit 2. */
export class GitProblem extends Error {}

/** Run git in `cwd` with these arguments and return what it wrote (stdout whole: for small answers only). */
export function git(cwd: string, args: readonly string[], input?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: gitEnv() });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new GitProblem('claims diff needs git, and git was not found on the PATH.') : e));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/**
 * Git's environment: the user's, in English (its messages are shown), never asking a question on the terminal,
 * and never fetching an object a partial clone lacks (no network).
 */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1' };
}

/** Git's message, short: its "fatal:"/"error:" lines without the prefix. */
export function gitMessage(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.replace(/^(fatal|error): /, '').trim())
    .filter(Boolean);
  return lines.slice(0, 3).join('; ') || 'no message';
}

/** The project folder's place in its repository ("" at the top, else "sub/dir/"). Throws GitProblem outside a repository. */
export async function projectPrefix(root: string): Promise<string> {
  const r = await git(root, ['rev-parse', '--show-prefix']);
  if (r.code !== 0) throw new GitProblem(`claims diff compares git revisions, but ${root} is not in a git repository (git: ${gitMessage(r.stderr)}).`);
  return r.stdout.toString('utf8').trim();
}

/** A revision as given, refused when it could be read as an option. */
export function checkRevision(rev: string): void {
  if (rev.startsWith('-')) throw new GitProblem(`"${rev}" is not a revision: revisions never start with "-" (it would be read as an option). Name a branch, tag or commit.`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a revision name must not hold
  if (rev === '' || /[\u0000-\u001f\u007f]/.test(rev)) throw new GitProblem('a revision must be a branch, tag or commit name.');
}

/** The commit a revision names. Throws GitProblem with git's reason when it names none. */
export async function resolveCommit(root: string, rev: string): Promise<string> {
  checkRevision(rev);
  const r = await git(root, ['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`]);
  const id = r.stdout.toString('utf8').trim();
  if (r.code === 0 && /^[0-9a-f]{40,64}$/.test(id)) return id;
  throw new GitProblem(`"${rev}" is not a commit in this repository: no branch, tag or commit has that name (git: ${gitMessage(r.stderr)}). Try "git log --oneline" or "git branch -a" to see what there is.`);
}

/**
 * What a pull request is compared with when no revision is given: the merge base of HEAD with the default branch
 * (origin/HEAD, else main, else master, local or on origin), else HEAD itself.
 */
export async function defaultBase(root: string): Promise<{ rev: string; commit: string }> {
  const head = await git(root, ['symbolic-ref', '-q', 'refs/remotes/origin/HEAD']);
  const candidates = [head.code === 0 ? head.stdout.toString('utf8').trim() : '', 'refs/heads/main', 'refs/heads/master', 'refs/remotes/origin/main', 'refs/remotes/origin/master'].filter(Boolean);
  for (const ref of candidates) {
    const base = await git(root, ['merge-base', '--end-of-options', 'HEAD', ref]);
    const id = base.stdout.toString('utf8').trim();
    if (base.code === 0 && id !== '') return { rev: `merge-base(HEAD, ${ref.replace(/^refs\/(heads|remotes)\//, '')})`, commit: id };
  }
  return { rev: 'HEAD', commit: await resolveCommit(root, 'HEAD') };
}

/** Git's id of the project folder's tree at `commit`, or undefined when the commit has no such folder. */
export async function treeOf(root: string, commit: string, prefix: string): Promise<string | undefined> {
  const r = await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${commit}:${prefix.replace(/\/$/, '')}`]);
  const id = r.stdout.toString('utf8').trim();
  return r.code === 0 && /^[0-9a-f]{40,64}$/.test(id) ? id : undefined;
}

/** One file of a git tree: its mode, blob id and path below the tree. */
interface TreeEntry {
  mode: string;
  oid: string;
  path: string;
}

/** A path git could hold that must not be written: empty, ".", ".." or ".git" parts, or absolute. */
function unsafePath(p: string): boolean {
  return p.startsWith('/') || p.split('/').some((part) => part === '' || part === '.' || part === '..' || part.toLowerCase() === '.git');
}

/**
 * Write the files of `commit` below the project prefix into `dest` (an empty folder of ours), as a checkout
 * would, without one: regular files and symbolic links (links are made, never followed: each file is created new
 * with O_EXCL and O_NOFOLLOW, in folders made here); submodules and unsafe paths are left out. Returns false when
 * the commit has no such folder (the project did not exist yet).
 */
export async function writeTree(root: string, commit: string, prefix: string, dest: string): Promise<boolean> {
  const treeish = `${commit}:${prefix.replace(/\/$/, '')}`;
  const listed = await git(root, ['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', treeish]);
  if (listed.code !== 0) return false;
  const entries: TreeEntry[] = [];
  for (const rec of listed.stdout.toString('utf8').split('\0')) {
    const m = /^(\d{6}) (blob|tree|commit) ([0-9a-f]+)\t([\s\S]+)$/.exec(rec);
    if (!m || m[2] !== 'blob' || unsafePath(m[4]!)) continue;
    if (m[1] !== '100644' && m[1] !== '100755' && m[1] !== '120000') continue;
    entries.push({ mode: m[1]!, oid: m[3]!, path: m[4]! });
  }
  if (entries.length === 0) return true;
  const made = new Set<string>(['']);
  const folder = (rel: string): boolean => {
    const dir = path.posix.dirname(rel);
    if (dir === '.' || made.has(dir)) return true;
    if (!folder(dir)) return false;
    try {
      mkdirSync(path.join(dest, dir));
    } catch {
      return false; // something other than a folder of ours is there (a link written earlier): leave the file out
    }
    made.add(dir);
    return true;
  };
  await catBlobs(root, entries, dest, folder);
  return true;
}

const NEW_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Stream every entry's blob out of `git cat-file --batch` into its file (or link), in the order listed. */
function catBlobs(root: string, entries: readonly TreeEntry[], dest: string, folder: (rel: string) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: gitEnv() });
    let i = 0;
    let header = '';
    let left = -1; // bytes of content still to come; -1 while reading a header, 0 for the newline after content
    let fd: number | undefined;
    let link: Buffer[] | undefined;
    let stderr = '';
    const open = (e: TreeEntry) => {
      fd = undefined;
      link = undefined;
      if (!folder(e.path)) return;
      if (e.mode === '120000') return void (link = []);
      try {
        fd = openSync(path.join(dest, e.path), NEW_FILE, 0o600);
      } catch {
        fd = undefined; // a name taken already (two entries, or a link): the first one stays
      }
    };
    const close = (e: TreeEntry) => {
      if (fd !== undefined) closeSync(fd);
      if (link !== undefined) {
        try {
          symlinkSync(Buffer.concat(link).toString('utf8'), path.join(dest, e.path));
        } catch {
          // a name taken already: the first entry stays
        }
      }
      fd = undefined;
      link = undefined;
    };
    child.stdout.on('data', (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length) {
        if (left === -1) {
          const nl = chunk.indexOf(0x0a, at);
          header += chunk.toString('latin1', at, nl === -1 ? chunk.length : nl);
          if (nl === -1) return;
          at = nl + 1;
          const m = /^[0-9a-f]+ blob (\d+)$/.exec(header);
          header = '';
          const e = entries[i];
          if (!m || e === undefined) {
            child.kill();
            return reject(new GitProblem(`git cat-file gave an unexpected answer for ${e?.path ?? 'a file'}.`));
          }
          open(e);
          left = Number(m[1]) + 1;
        }
        const take = Math.min(left, chunk.length - at);
        const content = left - take === 0 ? take - 1 : take; // the last byte of a record is git's newline
        if (content > 0) {
          if (fd !== undefined) writeSync(fd, chunk, at, content);
          else if (link !== undefined) link.push(Buffer.from(chunk.subarray(at, at + content)));
        }
        at += take;
        left -= take;
        if (left === 0) {
          close(entries[i]!);
          i++;
          left = -1;
        }
      }
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (fd !== undefined) closeSync(fd);
      if (code !== 0 || i !== entries.length) reject(new GitProblem(`git could not read the files of the revision (git: ${gitMessage(stderr)}).`));
      else resolve();
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(entries.map((e) => `${e.oid}\n`).join(''));
  });
}
