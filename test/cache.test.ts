// The cache and the worker threads are optimisations only: with or without them, the report is byte for byte
// the same. A corrupt or stale cache is ignored and rebuilt, never trusted. (Attacks on the cache:
// test/hostile/cache-trust.test.ts.)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript, without types
import { generate } from '../bench/generate.mjs';
import { ROOT, runCli, spawnCli } from './helpers/run.js';
import { createProgress } from '../src/cli/progress.js';
import { createAjv, loadSchema, VALIDATORS_DIR, type SchemaKind } from '../src/validate/schemas.js';
import type { IO } from '../src/cli/io.js';
import { RACY_MARGIN_MS, StatIndex } from '../src/cache/stat-index.js';
import { CacheStore, openStore } from '../src/cache/store.js';
import { loadConfigCached } from '../src/cache/config-cache.js';
import { keyFolder } from '../src/cache/key.js';
import { BASE, writeFiles } from './hostile/project.js';

const gen = generate as (o: { claims: number; out: string; seed?: number }) => unknown;
let dir: string;
/** A project with a node_modules folder keeps its cache in node_modules/.cache/claims. */
const cacheOf = (project: string) => path.join(project, 'node_modules', '.cache', 'claims');
const cacheDir = () => cacheOf(dir);
/** A generated corpus with a node_modules folder, so that its cache is where the tests can look at it. */
const project = (claims: number, out: string, seed: number) => {
  gen({ claims, out, seed });
  mkdirSync(path.join(out, 'node_modules'), { recursive: true });
};

/** The content of a cache entry, without its signature line. */
const body = (f: string) => readFileSync(f, 'utf8').replace(/^claims-cache [0-9a-f]{64}\n/, '');

/** Write `text` as the entry `f` of the cache of `p`, signed with this machine's key (as the tool would sign it). */
function resign(p: string, f: string, text: string): void {
  const dirOf = realpathSync(cacheOf(p));
  const store = new CacheStore(dirOf, readFileSync(path.join(keyFolder(process.env), 'key')), realpathSync(p));
  writeFileSync(f, store.seal(path.relative(dirOf, realpathSync(f)).split(path.sep).join('/'), text)!);
}

/** Every file under a folder. */
function walk(d: string): string[] {
  if (!existsSync(d)) return [];
  return readdirSync(d).flatMap((e) => {
    const p = path.join(d, e);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'claims-cache-'));
  project(200, dir, 7);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cache', () => {
  for (const format of ['json', 'text']) {
    it(`gives byte-identical ${format} reports cold, cached and uncached`, async () => {
      rmSync(cacheDir(), { recursive: true, force: true });
      const uncached = await runCli(['check', '--no-cache', '-f', format], dir);
      expect(existsSync(cacheDir())).toBe(false);
      const cold = await runCli(['check', '-f', format], dir);
      const files = walk(path.join(cacheDir(), 'files'));
      const runs = walk(path.join(cacheDir(), 'runs'));
      expect(files.length).toBeGreaterThan(10);
      expect(runs.length).toBe(1);
      const warm = await runCli(['check', '-f', format], dir);
      expect(uncached.stdout.length).toBeGreaterThan(1000);
      expect(cold.stdout).toBe(uncached.stdout);
      expect(warm.stdout).toBe(uncached.stdout);
      expect([cold.code, warm.code]).toEqual([uncached.code, uncached.code]);
    });
  }

  it('replays a run only while its inputs are unchanged: a YAML file or a document text edited is checked again', async () => {
    await runCli(['check', '-f', 'json'], dir);
    const claimsFile = walk(path.join(dir, 'ledger', 'claims')).sort()[0]!;
    const before = readFileSync(claimsFile, 'utf8');
    writeFileSync(claimsFile, before.replace(/statement: .*/, 'statement: An edited statement.'));
    const edited = await runCli(['check', '-f', 'json'], dir);
    expect(edited.stdout).toContain('An edited statement.');
    expect(edited.stdout).toBe((await runCli(['check', '--no-cache', '-f', 'json'], dir)).stdout);

    // A document text changed: its quotes and hash are checked against the new text, not replayed.
    const text = walk(path.join(dir, 'texts')).sort()[0]!;
    const original = readFileSync(text, 'utf8');
    writeFileSync(text, original.replace(/[a-zé]+/g, 'x'));
    const changed = await runCli(['check', '-f', 'json'], dir);
    expect(changed.stdout).toBe((await runCli(['check', '--no-cache', '-f', 'json'], dir)).stdout);
    expect(changed.stdout).not.toBe(edited.stdout);
    writeFileSync(text, original);
    writeFileSync(claimsFile, before);
    expect((await runCli(['check', '-f', 'json'], dir)).stdout).toBe((await runCli(['check', '--no-cache', '-f', 'json'], dir)).stdout);
  });

  it('ignores and rebuilds a corrupt cache', async () => {
    const expected = await runCli(['check', '--no-cache', '-f', 'json'], dir);
    await runCli(['check', '-f', 'json'], dir);
    const entries = walk(cacheDir());
    expect(entries.length).toBeGreaterThan(10);
    // Truncated, garbage and empty files, as a crash or a full disk would leave them.
    entries.forEach((f, i) => writeFileSync(f, i % 3 === 0 ? '{"format":1,"key":"' : i % 3 === 1 ? '\u0000\u0001garbage' : ''));
    // The same damage, signed: the content is still checked after the signature.
    entries.filter((f) => f.includes(`${path.sep}files${path.sep}`)).slice(0, 3).forEach((f) => resign(dir, f, '{"format":2,"key":"'));
    const r = await runCli(['check', '-f', 'json'], dir);
    expect(r.stdout).toBe(expected.stdout);
    expect(r.code).toBe(expected.code);
    // Rebuilt: every entry this run used is whole JSON again, and the next run is still right.
    // (The entry of the text-format run of an earlier test is left as it is until a text run needs it.)
    const parses = (f: string) => {
      try {
        JSON.parse(body(f));
        return true;
      } catch {
        return false;
      }
    };
    expect(walk(path.join(cacheDir(), 'files')).every(parses)).toBe(true);
    expect(walk(path.join(cacheDir(), 'runs')).filter(parses).length).toBeGreaterThanOrEqual(1);
    expect((await runCli(['check', '-f', 'json'], dir)).stdout).toBe(expected.stdout);
  });

  it('ignores stale entries (another tool version, schema or configuration: another key)', async () => {
    const expected = await runCli(['check', '--no-cache', '-f', 'json'], dir);
    rmSync(cacheDir(), { recursive: true, force: true });
    await runCli(['check', '-f', 'json'], dir);
    // Signed by this machine (as an older version of the tool would have left them), but with other keys.
    for (const f of walk(cacheDir()).filter((x) => x.endsWith('.json'))) {
      const e = JSON.parse(body(f)) as { key: string; result?: { claims: unknown[] }; outputs?: string[] };
      e.key = `stale-${e.key}`;
      if (e.result) e.result.claims = [];
      if (e.outputs) e.outputs = ['stale output'];
      resign(dir, f, JSON.stringify(e));
    }
    const r = await runCli(['check', '-f', 'json', '--debug'], dir);
    expect(r.stdout).toBe(expected.stdout);
    expect(r.stderr).toMatch(/^claims: debug: cache: [\d,]+ signed entries ignored \(stale or damaged\) and rebuilt$/m);
    expect(r.stderr).not.toMatch(/not signed/);
  });

  it('an ignore file that comes to exclude a document text (.gitignore, nested .gitignore, .git/info/exclude) is seen: the run is not replayed', async () => {
    const p = mkdtempSync(path.join(os.tmpdir(), 'claims-ignore-'));
    try {
      writeFiles(p, BASE);
      mkdirSync(path.join(p, 'node_modules'));
      for (const [file, pattern] of [
        ['.gitignore', 'docs/a.txt'],
        ['docs/.gitignore', 'a.txt'],
        ['.git/info/exclude', 'docs/'],
      ] as const) {
        const clean = await runCli(['check', '-f', 'json'], p);
        expect(clean.code, file).toBe(0);
        expect((await runCli(['check', '-f', 'json', '--debug'], p)).stderr, file).toMatch(/replayed/);
        writeFiles(p, { [file]: `${pattern}\n` });
        const r = await runCli(['check', '-f', 'json'], p);
        expect(r.stdout, file).toContain('document/excluded');
        expect(r.stdout, file).toBe((await runCli(['check', '-f', 'json', '--no-cache'], p)).stdout);
        rmSync(path.join(p, file));
      }
    } finally {
      rmSync(p, { recursive: true, force: true });
    }
  });

  it('the configuration memo reads only a regular configuration file: a pipe in its place is left to loadConfig, which refuses it', async () => {
    const p = mkdtempSync(path.join(os.tmpdir(), 'claims-config-pipe-'));
    try {
      mkdirSync(path.join(p, 'node_modules'));
      const file = path.join(p, 'claims.config.yaml');
      execFileSync('mkfifo', [file]);
      const opened = openStore(p, undefined, process.env);
      expect('store' in opened).toBe(true);
      // Reading the pipe would wait for a writer for ever.
      await expect(loadConfigCached(p, undefined, file, (opened as { store: CacheStore }).store)).rejects.toThrow(/not a regular file/);
    } finally {
      rmSync(p, { recursive: true, force: true });
    }
  });

  it('keeps working when the cache cannot be written', async () => {
    const expected = await runCli(['check', '--no-cache'], dir);
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the cache folder should be');
    const r = await runCli(['check', '--cache-location', path.join(blocker, 'cache')], dir);
    expect(r.stdout).toBe(expected.stdout);
    expect(r.stderr).toBe('');
    rmSync(blocker);
  });
});

describe('quote memo (src/cache/quote-memo.ts): searches are reused only for unchanged texts and quotes', () => {
  const debugDocs = (stderr: string) => {
    const m = /^claims: debug: documents: ([\d,]+) texts? read; quotes searched in ([\d,]+) texts? on the main thread and ([\d,]+) texts? in \d+ worker threads?; ([\d,]+) texts? whose quotes were all found as in the last run/m.exec(stderr);
    expect(m, stderr).not.toBeNull();
    const [read, main, workers, memo] = m!.slice(1).map((x) => Number(x.replace(/,/g, '')));
    return { read: read!, searched: main! + workers!, memo: memo! };
  };
  const memoFile = (p: string) => walk(path.join(cacheOf(p), 'quotes'))[0]!;

  it('after an edit, only the texts whose quotes changed are searched again, and the report is as without cache', async () => {
    const p = mkdtempSync(path.join(os.tmpdir(), 'claims-memo-'));
    try {
      project(200, p, 21);
      const cold = debugDocs((await runCli(['check', '--debug'], p)).stderr);
      expect(cold.memo).toBe(0);
      expect(cold.searched).toBe(cold.read);
      // Misquote one quote (one word changed) and change nothing else.
      const file = walk(path.join(p, 'ledger', 'claims')).find((f) => f.endsWith('.yaml') && /text: "\w+ /.test(readFileSync(f, 'utf8')))!;
      const before = readFileSync(file, 'utf8');
      writeFileSync(file, before.replace(/text: "(\w+) /, 'text: "$1 misquoted '));
      const warm = await runCli(['check', '-f', 'json', '--debug'], p);
      const d = debugDocs(warm.stderr);
      expect(d.searched).toBe(1);
      expect(d.memo).toBe(d.read - 1);
      const uncached = await runCli(['check', '-f', 'json', '--no-cache'], p);
      expect(warm.stdout).toBe(uncached.stdout);
      expect(warm.stdout).toContain('misquoted');
      // Back as it was: nothing to search, the memo kept the quote as it was beside the misquote.
      writeFileSync(file, before);
      const back = await runCli(['check', '-f', 'json', '--debug'], p);
      expect(debugDocs(back.stderr).searched).toBe(0);
      expect(back.stdout).toBe((await runCli(['check', '-f', 'json', '--no-cache'], p)).stdout);
      // A document text edited: its quotes are searched again.
      const text = walk(path.join(p, 'texts')).find((f) => f.endsWith('.txt'))!;
      writeFileSync(text, `${readFileSync(text, 'utf8')}\nA line added.\n`);
      const edited = await runCli(['check', '-f', 'json', '--debug'], p);
      expect(debugDocs(edited.stderr).searched).toBe(1);
      expect(edited.stdout).toBe((await runCli(['check', '-f', 'json', '--no-cache'], p)).stdout);
    } finally {
      rmSync(p, { recursive: true, force: true });
    }
  }, 60_000);

  it('a check of a few files keeps what a check of the whole ledger found', async () => {
    const p = mkdtempSync(path.join(os.tmpdir(), 'claims-memo-'));
    try {
      project(200, p, 23);
      const full = debugDocs((await runCli(['check', '--debug'], p)).stderr);
      // One claims file: the whole ledger is its context, so every text's quotes are found again in the memo.
      const one = walk(path.join(p, 'ledger', 'claims')).find((f) => f.endsWith('.yaml'))!;
      const subset = debugDocs((await runCli(['check', '--debug', one], p)).stderr);
      expect(subset.memo).toBe(full.read);
      expect(subset.searched).toBe(0);
      rmSync(path.join(cacheOf(p), 'runs'), { recursive: true, force: true });
      const again = debugDocs((await runCli(['check', '--debug'], p)).stderr);
      expect(again).toEqual({ read: full.read, searched: 0, memo: full.read });
    } finally {
      rmSync(p, { recursive: true, force: true });
    }
  }, 60_000);

  it('a corrupt memo, an entry of the wrong shape, or a memo of other code is not used', async () => {
    const p = mkdtempSync(path.join(os.tmpdir(), 'claims-memo-'));
    try {
      project(100, p, 22);
      const expected = (await runCli(['check', '-f', 'json', '--no-cache'], p)).stdout;
      await runCli(['check'], p);
      const file = memoFile(p);
      const good = JSON.parse(body(file)) as { format: number; code: string; texts: Array<[string, Array<[string, unknown]>]> };
      // The first quote of the first text gets another outcome.
      const tamper = (outcome: unknown) => {
        const [[key, pairs], ...rest] = good.texts;
        return JSON.stringify({ ...good, texts: [[key, [[pairs[0]![0], outcome], ...pairs.slice(1)]], ...rest] });
      };
      const cases: Array<[string, string, (d: { read: number; searched: number; memo: number }) => void]> = [
        ['not JSON', '{"format": 1, "co', (d) => expect(d.searched).toBe(d.read)],
        ['not an object', '[1, 2, 3]', (d) => expect(d.searched).toBe(d.read)],
        ['texts of the wrong shape', JSON.stringify({ ...good, texts: good.texts.map(([k]) => [k, 'x']) }), (d) => expect(d.searched).toBe(d.read)],
        ['other code', JSON.stringify({ ...good, code: 'other' }), (d) => expect(d.searched).toBe(d.read)],
        ['extra key in a range', tamper({ range: { line: 1, column: 1, endLine: 1, endColumn: 2, evil: 1 } }), (d) => expect(d.searched).toBe(1)],
        ['a line of 0', tamper({ range: { line: 0, column: 1, endLine: 1, endColumn: 2 } }), (d) => expect(d.searched).toBe(1)],
        ['a message that is not text', tamper({ message: 42 }), (d) => expect(d.searched).toBe(1)],
        ['both a range and a message', tamper({ range: { line: 1, column: 1, endLine: 1, endColumn: 2 }, message: 'x' }), (d) => expect(d.searched).toBe(1)],
      ];
      // Unsigned, the good memo itself is not used (as a committed one would not be).
      writeFileSync(file, JSON.stringify(good));
      rmSync(path.join(cacheOf(p), 'runs'), { recursive: true, force: true });
      const unsigned = await runCli(['check', '-f', 'json', '--debug'], p);
      expect(debugDocs(unsigned.stderr).searched).toBe(debugDocs(unsigned.stderr).read);
      expect(unsigned.stdout).toBe(expected);
      expect(unsigned.stderr).toMatch(/^claims: debug: cache: 1 entry rejected \(not signed by this machine's key\)$/m);
      // Signed by this machine, each damaged memo is still checked for shape.
      for (const [name, text, check] of cases) {
        resign(p, file, text);
        // No whole run to replay: the check runs, with every file from the cache.
        rmSync(path.join(cacheOf(p), 'runs'), { recursive: true, force: true });
        const r = await runCli(['check', '-f', 'json', '--debug'], p);
        check(debugDocs(r.stderr));
        expect(r.stdout, name).toBe(expected);
        // The memo was rewritten whole and good.
        expect(JSON.parse(body(file)).code, name).toBe(good.code);
      }
    } finally {
      rmSync(p, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('cache writes on a larger corpus', () => {
  it('a cold run stores every file (the first 32 from the main thread, the rest through the writer thread); the next run parses none', async () => {
    const big = mkdtempSync(path.join(os.tmpdir(), 'claims-writer-'));
    try {
      project(1000, big, 12);
      const expected = await runCli(['check', '--no-cache', '-f', 'json'], big);
      const cold = await runCli(['check', '-f', 'json', '--debug'], big);
      expect(cold.stdout).toBe(expected.stdout);
      const files = Number(/^claims: debug: files: ([\d,]+) files checked, with \d+ worker threads?; 0 files from the cache/m.exec(cold.stderr)?.[1]?.replace(/,/g, ''));
      expect(files).toBeGreaterThan(32);
      // No temporary file is left behind by either writer.
      expect(walk(cacheOf(big)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      // Another format is another run (no replay), but every file comes from the cache.
      const warm = await runCli(['check', '-f', 'sarif', '--debug'], big);
      expect(warm.stderr).toMatch(new RegExp(`^claims: debug: files: 0 files checked, with 0 worker threads; ${files.toLocaleString('en-US')} files from the cache`, 'm'));
      expect((await runCli(['check', '-f', 'json'], big)).stdout).toBe(expected.stdout);
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('packs (a cold run stores most file results in a few signed packs)', () => {
  let big: string;
  let expected: string;
  let packed: number;
  const packsOf = (p: string) => walk(path.join(cacheOf(p), 'packs')).filter((f) => f.endsWith('.pack'));
  const checkedOf = (stderr: string) => Number(/^claims: debug: files: ([\d,]+) files? checked/m.exec(stderr)?.[1]?.replace(/,/g, ''));
  /** A check that cannot be replayed from the whole-run cache: its file results come from packs or from checking. */
  const fresh = async () => {
    rmSync(path.join(cacheOf(big), 'runs'), { recursive: true, force: true });
    return runCli(['check', '-f', 'json', '--debug'], big);
  };
  /** Write `text` as the pack `f`, signed for its place with `key` (as the tool signs; another key: another machine). */
  const sealPack = (f: string, text: string, key: Buffer) => {
    const dirOf = realpathSync(cacheOf(big));
    writeFileSync(f, new CacheStore(dirOf, key, realpathSync(big)).seal(path.relative(dirOf, realpathSync(f)).split(path.sep).join('/'), text)!);
  };
  const myKey = () => readFileSync(path.join(keyFolder(process.env), 'key'));

  let pristine: string;
  beforeAll(async () => {
    big = mkdtempSync(path.join(os.tmpdir(), 'claims-packs-'));
    project(2000, big, 21);
    expected = (await runCli(['check', '--no-cache', '-f', 'json'], big)).stdout;
    const cold = await runCli(['check', '-f', 'json', '--debug'], big);
    expect(cold.stdout).toBe(expected);
    packed = checkedOf(cold.stderr) - 32;
    // More than the 32 results a run writes as entries: checking the pack's files again writes a pack too.
    expect(packed).toBeGreaterThan(32);
    pristine = mkdtempSync(path.join(os.tmpdir(), 'claims-packs-cache-'));
    cpSync(cacheOf(big), pristine, { recursive: true });
  }, 120_000);
  // Each case starts from the cold run's cache.
  beforeEach(() => {
    rmSync(cacheOf(big), { recursive: true, force: true });
    cpSync(pristine, cacheOf(big), { recursive: true });
  });
  afterAll(() => {
    rmSync(big, { recursive: true, force: true });
    rmSync(pristine, { recursive: true, force: true });
  });

  it('a cold run writes the first 32 results as entries and the rest in a pack; the next run checks none', async () => {
    expect(walk(path.join(cacheOf(big), 'files')).length).toBe(32);
    expect(packsOf(big).length).toBe(1);
    const warm = await fresh();
    expect(warm.stdout).toBe(expected);
    expect(checkedOf(warm.stderr)).toBe(0);
  });

  const damage: Array<[string, (f: string, text: string) => void, RegExp]> = [
    ['a byte changed', (f) => {
      const b = readFileSync(f);
      b[b.length >> 1] ^= 1;
      writeFileSync(f, b);
    }, /1 entry rejected \(not signed/],
    ['cut in half', (f) => writeFileSync(f, readFileSync(f).subarray(0, readFileSync(f).length >> 1)), /1 entry rejected \(not signed/],
    ['signed with another machine\'s key', (f, text) => sealPack(f, text, Buffer.alloc(32, 7)), /1 entry rejected \(not signed/],
    ['signed, with an index that does not match its bytes', (f, text) => sealPack(f, text.replace(/,(\d+)\]/, (_, n: string) => `,${Number(n) + 1}]`), myKey()), /1 signed entry ignored \(stale or damaged\)/],
    ['signed, a result in it changed', (f, text) => sealPack(f, text.replace(/"sha256":"[0-9a-f]{64}"/g, (m) => m.replace(/[0-9a-f](?=")/, (c) => (c === '0' ? '1' : '0'))), myKey()), /signed entries ignored \(stale or damaged\)/],
  ];
  for (const [what, harm, note] of damage) {
    it(`a pack ${what} is not used: its files are checked again, the report is as without cache, and it is replaced`, async () => {
      const [pack] = packsOf(big);
      harm(pack!, body(pack!));
      const r = await fresh();
      expect(r.stdout).toBe(expected);
      expect(checkedOf(r.stderr)).toBe(packed);
      expect(r.stderr).toMatch(note);
      const now = packsOf(big);
      expect(now.length).toBe(1);
      expect(now[0]).not.toBe(pack);
      expect(r.stderr).not.toMatch(/\.tmp/);
      const again = await fresh();
      expect(again.stdout).toBe(expected);
      expect(checkedOf(again.stderr)).toBe(0);
    });
  }

  it('a pack copied under another name is not used (a pack is signed for its name)', async () => {
    const [pack] = packsOf(big);
    const renamed = pack!.replace(/([0-9a-f])\.pack$/, (_, c: string) => `${c === '0' ? '1' : '0'}.pack`);
    expect(renamed).not.toBe(pack);
    writeFileSync(renamed, readFileSync(pack!));
    rmSync(pack!);
    const r = await fresh();
    expect(r.stdout).toBe(expected);
    expect(checkedOf(r.stderr)).toBe(packed);
    expect(r.stderr).toMatch(/1 entry rejected \(not signed/);
  });

  it('a pack whose results are all stale (another key) is a miss, and is deleted once its files are packed anew', async () => {
    const [pack] = packsOf(big);
    sealPack(pack!, body(pack!).replace(/\["([0-9a-f]{64})"/g, '["0$1"'), myKey());
    const r = await fresh();
    expect(r.stdout).toBe(expected);
    expect(checkedOf(r.stderr)).toBe(packed);
    expect(packsOf(big)).not.toContain(pack);
    expect(packsOf(big).length).toBe(1);
  });
});

describe('worker threads', () => {
  it('give the same report as checking in one thread (spawned, built code)', () => {
    const big = mkdtempSync(path.join(os.tmpdir(), 'claims-workers-'));
    try {
      gen({ claims: 1000, out: big, seed: 11 });
      const one = spawnCli(['check', '--no-cache', '-f', 'json'], big, { CLAIMS_WORKERS: '0' });
      const many = spawnCli(['check', '--no-cache', '-f', 'json', '--debug'], big, { CLAIMS_WORKERS: '2' });
      expect(one.stderr).toBe('');
      expect(one.stdout.length).toBeGreaterThan(100_000);
      // Misquotes too: their messages come back from the workers as well as the verified quotes' places.
      expect(one.stdout).toContain('"ruleId": "quote/not-found"');
      expect(many.stdout).toBe(one.stdout);
      expect(many.code).toBe(one.code);
      // The workers did work: files were parsed, and quotes checked, in both worker threads (--debug says so).
      expect(many.stderr).toMatch(/^claims: debug: files: [\d,]+ files checked, with 2 worker threads; 0 files from the cache \(/m);
      const quotes = /^claims: debug: documents: ([\d,]+) texts read; quotes searched in ([\d,]+) texts? on the main thread and ([\d,]+) texts? in 2 worker threads/m.exec(many.stderr);
      expect(quotes, many.stderr).not.toBeNull();
      const [read, main, workers] = quotes!.slice(1).map((x) => Number(x.replace(/,/g, '')));
      expect(workers).toBeGreaterThan(0);
      expect(main! + workers!).toBe(read);
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('worker threads that fail', () => {
  let big: string;
  let one: ReturnType<typeof spawnCli>;
  const preload = path.join(ROOT, 'test', 'helpers', 'failing-workers.mjs');
  const failing = (mode: string) =>
    spawnCli(['check', '--no-cache', '-f', 'json', '--debug'], big, { CLAIMS_WORKERS: '2', CLAIMS_TEST_WORKERS: mode, NODE_OPTIONS: `--import=${preload}` });
  beforeAll(() => {
    big = mkdtempSync(path.join(os.tmpdir(), 'claims-failing-workers-'));
    gen({ claims: 1000, out: big, seed: 13 });
    one = spawnCli(['check', '--no-cache', '-f', 'json'], big, { CLAIMS_WORKERS: '0' });
  }, 120_000);
  afterAll(() => rmSync(big, { recursive: true, force: true }));

  it('that cannot start leave all the work to the main thread: same report, no stack trace, the process ends (spawned)', () => {
    const r = failing('no-start');
    expect(r.stdout).toBe(one.stdout);
    expect(r.code).toBe(one.code);
    expect(r.stderr).not.toMatch(/internal error|simulated|\n\s+at /);
    expect(r.stderr).toMatch(/^claims: debug: files: [\d,]+ files checked, with 0 worker threads;/m);
    expect(r.stderr).toMatch(/quotes searched in [\d,]+ texts on the main thread and 0 texts in 0 worker threads/);
  }, 120_000);

  it('that crash in the middle of a run leave their files and texts to the main thread: same report (spawned)', () => {
    const r = failing('crash');
    expect(r.stdout).toBe(one.stdout);
    expect(r.code).toBe(one.code);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    // The workers did start (and then failed), for both stages.
    expect(r.stderr).toMatch(/^claims: debug: files: [\d,]+ files checked, with 2 worker threads;/m);
    expect(r.stderr).toMatch(/quotes searched in [\d,]+ texts on the main thread and 0 texts in 2 worker threads/);
  }, 120_000);
});

describe('progress', () => {
  const io = (over: Partial<IO>): IO => ({
    stdout: () => undefined,
    stderr: () => undefined,
    cwd: '.',
    env: {},
    stdoutIsTTY: true,
    stderrIsTTY: true,
    readStdin: async () => new Uint8Array(),
    ...over,
  });
  it('is silent when stderr is not a terminal, or in CI', () => {
    expect(createProgress(io({ stderrIsTTY: false }))).toBeUndefined();
    expect(createProgress(io({ env: { CI: 'true' } }))).toBeUndefined();
    expect(createProgress(io({ env: { CI: '1' } }))).toBeUndefined();
  });
  it('shows files done / total on stderr only after about a second, and clears its line', () => {
    let err = '';
    let out = '';
    let now = 0;
    const p = createProgress(io({ stderr: (s) => void (err += s), stdout: (s) => void (out += s) }), () => now)!;
    p.onProgress(1, 10);
    expect(err).toBe('');
    now = 1500;
    p.onProgress(5, 10);
    expect(err).toContain('5 of 10 files');
    p.end();
    expect(err.endsWith('\r\x1b[2K')).toBe(true);
    expect(out).toBe('');
  });
});

describe('precompiled validators', () => {
  const require = createRequire(import.meta.url);
  const samples: Record<string, unknown[]> = {
    claims: [{ claims: [{ id: 'Bad Id', statement: '', assertions: [{ source: 'x', stance: 'maybe', quotes: [{ document: 'd' }] }], extra: 1 }] }, { claims: 'no' }, {}],
    sources: [{ sources: [{ id: 'a', name: 'A', kind: 'robot', party: 'Not A Slug', reliability: 'Z' }] }, { sources: [{}] }],
    documents: [{ documents: [{ id: 'd', publisher: 'p', language: 'english', url: 'not a url', sha256: 'xyz', translation_method: 'magic' }] }],
    config: [{ corpus: [], corroboration: { threshold: 0 }, limits: { maxFileBytes: 1 }, other: true }],
  };
  for (const [kind, cases] of Object.entries(samples)) {
    it(`${kind}: the standalone validator built into dist/ gives the same errors as Ajv at run time`, () => {
      const file = path.join(ROOT, 'dist', 'validators', `${kind}.cjs`);
      expect(VALIDATORS_DIR).toContain('validators');
      expect(existsSync(file), 'run "npm run build" first').toBe(true);
      const built = require(file) as ((d: unknown) => boolean) & { errors?: unknown };
      const runtime = createAjv().compile(loadSchema(kind as SchemaKind));
      for (const c of cases) {
        expect(built(c)).toBe(runtime(c));
        expect(JSON.stringify(built.errors)).toBe(JSON.stringify(runtime.errors));
      }
    });
  }
});

describe('stat shortcut (src/cache/stat-index.ts): unchanged inputs are not read again, changed ones always are', () => {
  let d: string;
  const indexFiles = () => walk(path.join(cacheOf(d), 'stat'));
  beforeAll(async () => {
    d = mkdtempSync(path.join(os.tmpdir(), 'claims-stat-cli-'));
    project(120, d, 5);
    // Files changed within the racy margin are never vouched for by their stat: let the new corpus age past it.
    await new Promise((r) => setTimeout(r, RACY_MARGIN_MS + 200));
  }, 20_000);
  afterAll(() => rmSync(d, { recursive: true, force: true }));

  const fresh = async () => (await runCli(['check', '--no-cache', '-f', 'json'], d)).stdout;

  it('records the stat of every input, and replays correctly after a touch that changes nothing', async () => {
    const expected = await fresh();
    expect((await runCli(['check', '-f', 'json'], d)).stdout).toBe(expected);
    const [index] = indexFiles();
    expect(index).toBeDefined();
    const stored = body(index!);
    const yaml = walk(path.join(d, 'ledger', 'claims')).sort()[0]!;
    const text = walk(path.join(d, 'texts')).sort()[0]!;
    expect(stored).toContain(JSON.stringify(yaml).slice(1, -1));
    expect(stored).toContain(JSON.stringify(text).slice(1, -1));
    const now = new Date();
    utimesSync(yaml, now, now);
    utimesSync(text, now, now);
    expect((await runCli(['check', '-f', 'json'], d)).stdout).toBe(expected);
    expect((await runCli(['check', '-f', 'json'], d)).stdout).toBe(expected);
  });

  it('an edit that keeps the file size is seen (YAML file and document text)', async () => {
    await runCli(['check', '-f', 'json'], d);
    const yaml = walk(path.join(d, 'ledger', 'claims')).sort()[1]!;
    const before = readFileSync(yaml, 'utf8');
    const after = before.replace(/statement: (\S)/, (_m, c: string) => `statement: ${c === 'X' ? 'Y' : 'X'}`);
    expect(after.length).toBe(before.length);
    writeFileSync(yaml, after);
    const edited = await runCli(['check', '-f', 'json'], d);
    expect(edited.stdout).toBe(await fresh());
    writeFileSync(yaml, before);

    const text = walk(path.join(d, 'texts')).sort()[1]!;
    const original = readFileSync(text);
    const flipped = Buffer.from(original);
    const at = flipped.indexOf(0x65); // an "e"
    flipped[at] = 0x61; // an "a": same size
    writeFileSync(text, flipped);
    const changed = await runCli(['check', '-f', 'json'], d);
    expect(changed.stdout).toBe(await fresh());
    expect(changed.stdout).toContain('document/hash-mismatch');
    writeFileSync(text, original);
    expect((await runCli(['check', '-f', 'json'], d)).stdout).toBe(await fresh());
  });

  it('a corrupt stat index is ignored and rebuilt', async () => {
    const expected = await fresh();
    await runCli(['check', '-f', 'json'], d);
    const [index] = indexFiles();
    const good = body(index!);
    for (const bad of [good.slice(0, good.length >> 1), '\u0000garbage', '', good.replace(/"[0-9a-f]{64}"\]/, `"${'0'.repeat(64)}"]`)]) {
      // Unsigned (as a crash or another machine would leave it), then signed: neither is used.
      for (const sign of [false, true]) {
        if (sign) resign(d, index!, bad);
        else writeFileSync(index!, bad);
        expect((await runCli(['check', '-f', 'json'], d)).stdout).toBe(expected);
        const rebuilt = new StatIndex(index!, { load: () => body(index!) });
        expect(rebuilt.rejected).toBe(false);
        expect(body(index!)).toContain('"entries":{"/');
      }
    }
  });
});
