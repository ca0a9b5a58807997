// Nothing that arrives with a checkout can change a report through the cache (SECURITY.md, "the cache"): entries
// not signed by this machine's key are misses, and no link in a cache folder is followed, for reads or writes.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, spawnCli, type Ran } from '../helpers/run.js';
import { CacheStore } from '../../src/cache/store.js';
import { BASE, tempDir, writeFiles } from './project.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const fresh = (prefix: string) => {
  const d = realpathSync(tempDir(prefix));
  made.push(d);
  return d;
};

/** A key folder of its own: another machine, as far as the cache can tell. */
const keyDir = () => path.join(fresh('claims-key-'), 'key-folder');

type Runner = (args: string[], cwd: string, key: string) => Promise<Ran>;
const inProcess: Runner = (args, cwd, key) => runCli(args, cwd, { env: { CLAIMS_CACHE_KEY_DIR: key } });
const spawned: Runner = async (args, cwd, key) => spawnCli(args, cwd, { CLAIMS_CACHE_KEY_DIR: key });

/**
 * The check command of the workflow `claims init` writes, as its arguments. It may say --no-cache (then no cache
 * is read at all); the attack is also replayed without it, so that the cache's own defences are what is tested.
 */
async function workflowCommand(): Promise<string[]> {
  const d = fresh('claims-init-');
  const r = await runCli(['init', d], d);
  expect(r.code, r.stderr).toBe(0);
  const workflow = readFileSync(path.join(d, '.github', 'workflows', 'claims.yml'), 'utf8');
  const line = /^\s*-?\s*run:\s*npx\s+(?:-\S+\s+)*claims\s+(check\b[^\n#]*)$/m.exec(workflow);
  expect(line, workflow).not.toBeNull();
  return line![1]!.trim().split(/\s+/);
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });

/** Every file under a folder, relative, '/'-separated. */
function files(d: string, rel = ''): string[] {
  if (!existsSync(d)) return [];
  return readdirSync(d).flatMap((e) => {
    const p = path.join(d, e);
    const r = rel === '' ? e : `${rel}/${e}`;
    return lstatSync(p).isDirectory() ? files(p, r) : [r];
  });
}

/** A cache entry's content, without its signature line. */
const body = (f: string) => readFileSync(f, 'utf8').replace(/^claims-cache [0-9a-f]{64}\n/, '');

/** Sign `text` as the entry `rel` of the cache folder `dir` of the project `root`, with the key in `key`. */
function sign(dir: string, root: string, key: string, rel: string, text: string): void {
  const store = new CacheStore(realpathSync(dir), readFileSync(path.join(key, 'key')), realpathSync(root));
  writeFileSync(path.join(dir, rel), store.seal(rel, text)!);
}

const CLAIMS = 'claims/base/claims.yaml';
/** The base corpus with a misquote and an unknown source: a check must fail with both findings. */
const poison = (text: string) => text.replace('text: the bridge fell at dawn', 'text: the bridge was never attacked').replace('source: witness-one', 'source: ghost-witness');

interface Outcome {
  code: number;
  stdout: string;
  sarif: string;
}

/** What a CI run shows: exit code, annotations, SARIF file. */
const seen = (o: Outcome): Outcome => ({ code: o.code, stdout: o.stdout, sarif: o.sarif });

/** The workflow's command in `cwd`, with the SARIF file it writes. */
async function ci(run: Runner, args: string[], cwd: string, key: string, extra: string[] = []): Promise<Outcome & { stderr: string }> {
  rmSync(path.join(cwd, 'claims.sarif'), { force: true });
  const r = await run([...args, ...extra], cwd, key);
  const sarifFile = path.join(cwd, 'claims.sarif');
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, sarif: existsSync(sarifFile) ? readFileSync(sarifFile, 'utf8') : '' };
}

/**
 * The attack of a pull request: on the attacker's machine (their own key), the tool is run on a clean ledger and
 * then on the poisoned one, and every kind of entry is forged from what it wrote (the run's replayed output, the
 * claims file's result, the quote memo, the configuration memo), each signed with the attacker's key. With that key
 * the forged cache does turn the failing check into a pass; the cache is committed (as node_modules/.cache/claims,
 * where the default looks, and as .claims-cache, the old default) with the poisoned ledger.
 */
async function poisonedRepository(run: Runner, args: string[]): Promise<{ repo: string; clean: Outcome; forged: Outcome }> {
  const repo = path.join(fresh('claims-attack-'), 'newsroom');
  mkdirSync(repo);
  writeFiles(repo, { ...BASE, 'claims.config.yaml': 'corpus: claims\nparties: [rebels, government]\ncorroboration:\n  threshold: 2\n' });
  mkdirSync(path.join(repo, 'node_modules'));
  const attacker = keyDir();
  const cache = path.join(repo, 'node_modules', '.cache', 'claims');

  const clean = await ci(run, args, repo, attacker);
  expect(clean.code, clean.stdout + clean.stderr).toBe(0);
  const entryOf = (file: string) => files(cache).find((f) => f.startsWith('files/') && (JSON.parse(body(path.join(cache, f))) as { result: { file: string } }).result.file === file)!;
  const cleanResult = (JSON.parse(body(path.join(cache, entryOf(CLAIMS)))) as { result: Record<string, unknown> }).result;

  writeFileSync(path.join(repo, CLAIMS), poison(readFileSync(path.join(repo, CLAIMS), 'utf8')));
  const honest = await ci(run, args, repo, attacker);
  expect(honest.code).toBe(1);

  // The replayed run: the clean run's outputs and exit code.
  const [runEntry] = files(path.join(cache, 'runs'));
  const r = JSON.parse(body(path.join(cache, 'runs', runEntry!))) as { exitCode: number; outputs: string[] };
  sign(cache, repo, attacker, `runs/${runEntry}`, JSON.stringify({ ...r, exitCode: 0, outputs: [clean.stdout, clean.sarif] }));
  // The poisoned file's entry: the clean file's result under the poisoned bytes' hash.
  const f = JSON.parse(body(path.join(cache, entryOf(CLAIMS)))) as { result: { sha256: string } };
  sign(cache, repo, attacker, entryOf(CLAIMS), JSON.stringify({ ...f, result: { ...cleanResult, sha256: f.result.sha256 } }));
  // The quote memo: the misquote "found", at the place of a quote that is there.
  const [memoEntry] = files(path.join(cache, 'quotes'));
  const memo = JSON.parse(body(path.join(cache, 'quotes', memoEntry!))) as { texts: Array<[string, Array<[string, unknown]>]> };
  const range = memo.texts[0]![1].find(([, o]) => typeof o === 'object' && o !== null && 'range' in o)![1];
  memo.texts = memo.texts.map(([k, pairs]) => [k, pairs.map(([q, o]) => [q, q.endsWith('the bridge was never attacked') ? range : o])]);
  sign(cache, repo, attacker, `quotes/${memoEntry}`, JSON.stringify(memo));
  // The configuration memo: a threshold of 1.
  const [configEntry] = files(path.join(cache, 'config'));
  const c = JSON.parse(body(path.join(cache, 'config', configEntry!))) as { config: { threshold: number } };
  sign(cache, repo, attacker, `config/${configEntry}`, JSON.stringify({ ...c, config: { ...c.config, threshold: 1 } }));

  // The forgery works where the attacker's key is trusted: the poisoned ledger passes.
  const forged = await ci(run, args, repo, attacker);
  expect(forged.code).toBe(0);
  expect(forged.stdout).toBe(clean.stdout);

  rmSync(path.join(repo, 'claims.sarif'), { force: true });
  cpSync(cache, path.join(repo, '.claims-cache'), { recursive: true });
  git(repo, 'init', '-q');
  git(repo, 'add', '-f', '.');
  git(repo, 'commit', '-q', '-m', 'Update the ledger');
  return { repo, clean, forged };
}

/** A fresh clone of `origin` at the path the origin had (a CI path is predictable), the origin moved aside. */
function cloneInPlace(origin: string): string {
  const moved = `${origin}-origin`;
  renameSync(origin, moved);
  git(path.dirname(origin), 'clone', '-q', moved, origin);
  expect(existsSync(path.join(origin, 'node_modules', '.cache', 'claims', 'runs'))).toBe(true);
  return origin;
}

describe('a poisoned cache committed to the repository (the attack, end to end)', () => {
  for (const [name, run] of [
    ['in-process run()', inProcess],
    ['spawned bin/claims.js', spawned],
  ] as const) {
    it(`a fresh clone gives the findings of a --no-cache run (${name})`, async () => {
      const workflow = await workflowCommand();
      const args = workflow.filter((a) => a !== '--no-cache');
      const { repo: origin } = await poisonedRepository(run, args);
      const clone = cloneInPlace(origin);
      const ciKey = keyDir();

      const uncached = seen(await ci(run, args, clone, ciKey, ['--no-cache']));
      expect(uncached.code).toBe(1);
      expect(uncached.stdout).toContain('quote/not-found');
      expect(uncached.stdout).toContain('ref/unknown-source');
      expect(uncached.sarif).toContain('"ruleId": "quote/not-found"');
      expect(uncached.sarif).toContain('"ruleId": "ref/unknown-source"');

      const claimsCache = readFileSync(path.join(clone, '.claims-cache', 'runs', files(path.join(clone, '.claims-cache', 'runs'))[0]!));
      const checked = await ci(run, [...args, '--debug'], clone, ciKey);
      expect(seen(checked)).toEqual(uncached);
      expect(checked.stderr).toMatch(/^claims: debug: cache: [\d,]+ entries rejected \(not signed by this machine's key\)$/m);
      expect(checked.stderr).not.toMatch(/replayed/);
      // The committed .claims-cache is not even opened by default; named with --cache-location, it is not believed.
      expect(readFileSync(path.join(clone, '.claims-cache', 'runs', files(path.join(clone, '.claims-cache', 'runs'))[0]!))).toEqual(claimsCache);
      const named = await ci(run, args, clone, ciKey, ['--cache-location', '.claims-cache']);
      expect(seen(named)).toEqual(uncached);
      // The workflow's command exactly as `claims init` writes it.
      const exact = await ci(run, workflow, clone, ciKey);
      expect(seen(exact)).toEqual(uncached);
      // And the next run, from this machine's own entries, is still right.
      const again = await ci(run, args, clone, ciKey);
      expect(seen(again)).toEqual(uncached);
    }, 120_000);
  }
});

/** A small project whose cache is in node_modules/.cache/claims, checked once with `key`. */
async function cachedProject(key: string): Promise<{ p: string; cache: string; expected: Ran }> {
  const p = fresh('claims-cache-trust-');
  writeFiles(p, BASE);
  mkdirSync(path.join(p, 'node_modules'));
  const expected = await runCli(['check', '-f', 'json', '--no-cache'], p);
  const first = await inProcess(['check', '-f', 'json'], p, key);
  expect(first.stdout).toBe(expected.stdout);
  return { p, cache: path.join(p, 'node_modules', '.cache', 'claims'), expected };
}

describe('cache entries from another machine', () => {
  it('are misses: a cache copied with another key is rejected whole, and rewritten with this one', async () => {
    const { p, cache, expected } = await cachedProject(keyDir());
    const entries = files(cache).filter((f) => f.endsWith('.json'));
    expect(entries.length).toBeGreaterThan(4);
    const mine = keyDir();
    const r = await inProcess(['check', '-f', 'json', '--debug'], p, mine);
    expect(r.stdout).toBe(expected.stdout);
    expect(r.stderr).toMatch(/^claims: debug: files: 3 files checked, with 0 worker threads; 0 files from the cache/m);
    expect(r.stderr).toContain(`claims: debug: cache: ${entries.length} entries rejected (not signed by this machine's key)`);
    const again = await inProcess(['check', '-f', 'json', '--debug'], p, mine);
    expect(again.stderr).toMatch(/^claims: debug: cache: nothing changed since a run with these arguments/m);
    expect(again.stderr).not.toMatch(/rejected/);
    expect(again.stdout).toBe(expected.stdout);
  });

  it('an entry signed for another project (copied between caches of one machine) is a miss', async () => {
    const key = keyDir();
    const one = await cachedProject(key);
    const two = await cachedProject(key);
    // Same file names in both projects, so the entries have the same names: copy one's run over the other's.
    const [run] = files(path.join(one.cache, 'runs'));
    const [target] = files(path.join(two.cache, 'runs'));
    writeFileSync(path.join(two.cache, 'runs', target!), readFileSync(path.join(one.cache, 'runs', run!)));
    const r = await inProcess(['check', '-f', 'json', '--debug'], two.p, key);
    expect(r.stderr).toContain('claims: debug: cache: 1 entry rejected (not signed by this machine\'s key)');
    expect(r.stdout).toBe(two.expected.stdout);
  });
});

describe('the key', () => {
  it('is made once, 32 random bytes readable by its owner only, in a folder of mode 0700 with a .gitignore', async () => {
    const key = keyDir();
    await cachedProject(key);
    const st = statSync(path.join(key, 'key'));
    expect(st.size).toBe(32);
    expect(st.mode & 0o777).toBe(0o600);
    expect(statSync(key).mode & 0o777).toBe(0o700);
    expect(readFileSync(path.join(key, '.gitignore'), 'utf8')).toBe('*\n');
    const before = readFileSync(path.join(key, 'key'));
    await cachedProject(key);
    expect(readFileSync(path.join(key, 'key'))).toEqual(before);
  });

  it('first runs at the same moment agree on one key (four processes racing to make it)', async () => {
    const key = keyDir();
    const p = fresh('claims-race-');
    writeFiles(p, BASE);
    const script = `import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', 'cache', 'key.js')).href)}).then((m) => process.stdout.write(m.loadKey(process.env, ${JSON.stringify(p)}).key.toString('hex')))`;
    const one = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const c = spawn(process.execPath, ['-e', script], { env: { ...process.env, CLAIMS_CACHE_KEY_DIR: key } });
        let out = '';
        c.stdout.on('data', (d: Buffer) => (out += d.toString()));
        c.on('close', (code) => resolve({ code, out }));
      });
    const children = await Promise.all([one(), one(), one(), one()]);
    expect(children.map((c) => c.code)).toEqual([0, 0, 0, 0]);
    expect(new Set(children.map((c) => c.out)).size).toBe(1);
    expect(children[0]!.out).toBe(readFileSync(path.join(key, 'key')).toString('hex'));
    // No temporary file is left beside it.
    expect(readdirSync(key).sort()).toEqual(['.gitignore', 'key']);
  });

  it('in a folder inside the project (it could have come with the checkout) turns the cache off, and --debug says so', async () => {
    const p = fresh('claims-key-inside-');
    writeFiles(p, { ...BASE, 'keys/key': randomBytes(32) });
    const expected = await runCli(['check', '-f', 'json', '--no-cache'], p);
    const r = await inProcess(['check', '-f', 'json', '--debug'], p, path.join(p, 'keys'));
    expect(r.stdout).toBe(expected.stdout);
    expect(r.stderr).toMatch(/^claims: debug: cache: off for this run: the key folder .* is inside the project/m);
  });

  it('that others could read or replace, or of the wrong size, turns the cache off', async () => {
    for (const [name, make] of [
      ['readable by others', (k: string) => writeFileSync(k, randomBytes(32), { mode: 0o644 })],
      ['damaged', (k: string) => writeFileSync(k, randomBytes(5), { mode: 0o600 })],
      ['a link', (k: string) => symlinkSync('/dev/zero', k)],
    ] as const) {
      const key = keyDir();
      mkdirSync(key, { recursive: true, mode: 0o700 });
      make(path.join(key, 'key'));
      const p = fresh('claims-key-bad-');
      writeFiles(p, BASE);
      const r = await inProcess(['check', '--debug'], p, key);
      expect(r.stderr, name).toMatch(/^claims: debug: cache: off for this run: /m);
      expect(r.code, name).toBe(0);
    }
  });
});

describe('no link leaves the cache', () => {
  /** An outside folder with a file in it, to prove nothing there is read or changed. */
  const outside = () => {
    const o = fresh('claims-outside-');
    writeFileSync(path.join(o, 'precious.txt'), 'the newsroom payroll\n');
    return o;
  };
  const unchanged = (o: string) => {
    expect(files(o)).toEqual(['precious.txt']);
    expect(readFileSync(path.join(o, 'precious.txt'), 'utf8')).toBe('the newsroom payroll\n');
  };

  for (const [name, linkAt] of [
    ['node_modules/.cache/claims', ['node_modules', '.cache', 'claims']],
    ['node_modules/.cache', ['node_modules', '.cache']],
    ['a --cache-location inside the project (.claims-cache)', ['.claims-cache']],
  ] as const) {
    it(`a committed link as the cache folder (${name}) is not followed: the cache is off`, async () => {
      const o = outside();
      const p = fresh('claims-link-folder-');
      writeFiles(p, BASE);
      mkdirSync(path.join(p, 'node_modules'));
      mkdirSync(path.join(p, ...linkAt.slice(0, -1)), { recursive: true });
      symlinkSync(o, path.join(p, ...linkAt));
      const extra = linkAt[0] === '.claims-cache' ? ['--cache-location', '.claims-cache'] : [];
      const expected = await runCli(['check', '-f', 'json', '--no-cache'], p);
      const r = await inProcess(['check', '-f', 'json', '--debug', ...extra], p, keyDir());
      expect(r.stdout).toBe(expected.stdout);
      expect(r.stderr).toMatch(/^claims: debug: cache: off for this run: the cache folder .* (is a symbolic link|leads to)/m);
      unchanged(o);
    });
  }

  it('a --cache-location that names the project by its real path, through a committed link, is not followed either', async () => {
    const o = outside();
    const real = fresh('claims-link-real-');
    writeFiles(real, BASE);
    symlinkSync(o, path.join(real, '.claims-cache'));
    // The project opened through a link to it: its path as given is not a prefix of the real path named.
    const via = path.join(fresh('claims-link-via-'), 'project');
    symlinkSync(real, via);
    const expected = await runCli(['check', '-f', 'json', '--no-cache'], via);
    const r = await inProcess(['check', '-f', 'json', '--debug', '--cache-location', path.join(real, '.claims-cache', 'sub')], via, keyDir());
    expect(r.stdout).toBe(expected.stdout);
    expect(r.stderr).toMatch(/^claims: debug: cache: off for this run: the cache folder .*\.claims-cache is a symbolic link/m);
    unchanged(o);
  });

  it('a committed link as an entry (to an outside file) is not read, and the rewrite replaces the link, not the file', async () => {
    const key = keyDir();
    const { p, cache, expected } = await cachedProject(key);
    const o = outside();
    const [run] = files(path.join(cache, 'runs'));
    rmSync(path.join(cache, 'runs', run!));
    symlinkSync(path.join(o, 'precious.txt'), path.join(cache, 'runs', run!));
    const r = await inProcess(['check', '-f', 'json', '--debug'], p, key);
    expect(r.stdout).toBe(expected.stdout);
    expect(r.stderr).toContain('claims: debug: cache: 1 entry refused');
    unchanged(o);
    expect(lstatSync(path.join(cache, 'runs', run!)).isFile()).toBe(true);
  });

  it('a committed link as a cache sub-folder is not followed: nothing is written through it', async () => {
    const key = keyDir();
    const { p, cache, expected } = await cachedProject(key);
    const o = outside();
    rmSync(path.join(cache, 'files'), { recursive: true });
    rmSync(path.join(cache, 'runs'), { recursive: true });
    symlinkSync(o, path.join(cache, 'files'));
    symlinkSync(o, path.join(cache, 'runs'));
    const r = await inProcess(['check', '-f', 'json', '--debug'], p, key);
    expect(r.stdout).toBe(expected.stdout);
    expect(r.stderr).toMatch(/^claims: debug: cache: [\d,]+ entr(y|ies) refused/m);
    unchanged(o);
  });

  it('a link to /dev/zero, a pipe and a huge sparse file as entries are misses, and nothing of them is read', async () => {
    const key = keyDir();
    const { p, cache, expected } = await cachedProject(key);
    const [run] = files(path.join(cache, 'runs'));
    const [config] = files(path.join(cache, 'config'));
    const [quotes] = files(path.join(cache, 'quotes'));
    rmSync(path.join(cache, 'runs', run!));
    symlinkSync('/dev/zero', path.join(cache, 'runs', run!));
    rmSync(path.join(cache, 'config', config!));
    execFileSync('mkfifo', [path.join(cache, 'config', config!)]);
    // 64 GiB of nothing: reading it would take minutes and all memory.
    writeFileSync(path.join(cache, 'quotes', quotes!), '');
    truncateSync(path.join(cache, 'quotes', quotes!), 64 * 1024 ** 3);
    const r = await inProcess(['check', '-f', 'json', '--debug'], p, key);
    expect(r.stdout).toBe(expected.stdout);
    expect(r.stderr).toContain('claims: debug: cache: 3 entries refused');
    // The run and the memo were replaced by signed entries (the link and the sparse file, not what they lead to),
    // and the next run is replayed.
    for (const f of [`runs/${run}`, `quotes/${quotes}`]) expect(statSync(path.join(cache, f)).size, f).toBeLessThan(1024 * 1024);
    expect(lstatSync(path.join(cache, 'runs', run!)).isFile()).toBe(true);
    expect((await inProcess(['check', '-f', 'json', '--debug'], p, key)).stderr).toMatch(/replayed/);
  });
});

describe('the configuration memo', () => {
  it('forged with a threshold of 1 (unsigned, or signed by another key) is ignored', async () => {
    // One corroborating voice: corroborated with a threshold of 1, not with 2.
    const config = (t: number) => `corpus: claims\nparties: [rebels, government]\ncorroboration:\n  threshold: ${t}\n`;
    const p = fresh('claims-config-memo-');
    writeFiles(p, { ...BASE, 'claims.config.yaml': config(1) });
    mkdirSync(path.join(p, 'node_modules'));
    const one = (await runCli(['check', '-f', 'json', '--no-cache'], p)).stdout;
    writeFileSync(path.join(p, 'claims.config.yaml'), config(2));
    const two = (await runCli(['check', '-f', 'json', '--no-cache'], p)).stdout;
    expect(one).not.toBe(two);

    const key = keyDir();
    expect((await inProcess(['check', '-f', 'json'], p, key)).stdout).toBe(two);
    const cache = path.join(p, 'node_modules', '.cache', 'claims');
    const [entry] = files(path.join(cache, 'config'));
    const memo = JSON.parse(body(path.join(cache, 'config', entry!))) as { config: { threshold: number } };
    expect(memo.config.threshold).toBe(2);
    const forged = JSON.stringify({ ...memo, config: { ...memo.config, threshold: 1 } });
    const other = keyDir();
    mkdirSync(other, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(other, 'key'), randomBytes(32), { mode: 0o600 });
    for (const write of [() => writeFileSync(path.join(cache, 'config', entry!), forged), () => sign(cache, p, other, `config/${entry}`, forged)]) {
      write();
      rmSync(path.join(cache, 'runs'), { recursive: true, force: true });
      const r = await inProcess(['check', '-f', 'json', '--debug'], p, key);
      expect(r.stdout).toBe(two);
      expect(r.stderr).toContain('claims: debug: cache: 1 entry rejected (not signed by this machine\'s key)');
    }
    // Signed by this machine's key, the same forgery would have been believed: the signature is what stops it.
    sign(cache, p, key, `config/${entry}`, forged);
    rmSync(path.join(cache, 'runs'), { recursive: true, force: true });
    expect((await inProcess(['check', '-f', 'json'], p, key)).stdout).toBe(one);
  });
});
