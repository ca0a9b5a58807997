// The ledger snapshot (src/cache/ledger-store.ts): a warm check restores the texts and quote outcomes of the last
// check, and its report is byte for byte the report of a check without any cache. A snapshot that is not exactly
// this machine's, for this cache folder, code, project and configuration is not used; a text changed behind it is
// read and searched again.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript, without types
import { generate } from '../bench/generate.mjs';
import { runCli, spawnCli } from './helpers/run.js';
import { CacheStore } from '../src/cache/store.js';
import { keyFolder } from '../src/cache/key.js';
import { CheckCache } from '../src/cache/cache.js';
import { LedgerSnapshot, MAX_SNAPSHOT_CLAIMS, SNAPSHOT_FROM_CLAIMS } from '../src/cache/ledger-store.js';
import { loadConfig } from '../src/config/config.js';
import { Ledger } from '../src/ledger/ledger.js';
import { runCheck } from '../src/check.js';

const gen = generate as (o: { claims: number; out: string; seed?: number }) => unknown;
let dir: string;
let pristine: string;

/** Every file under a folder. */
function walk(d: string): string[] {
  if (!existsSync(d)) return [];
  return readdirSync(d).flatMap((e) => {
    const p = path.join(d, e);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const cacheIn = (name: string) => path.join(dir, 'node_modules', name);
/** The snapshot is kept from 20,000 claims; these tests keep it for their 200 (CLAIMS_SNAPSHOT_FROM). */
const FROM = { CLAIMS_SNAPSHOT_FROM: '0' };
const check = (cache: string, extra: string[] = []) => runCli(['check', '-f', 'json', '--debug', '--cache-location', cache, ...extra], dir, { env: FROM });
const fresh = async () => (await runCli(['check', '-f', 'json', '--no-cache'], dir)).stdout;
const snapshotOf = (cache: string) => walk(path.join(cache, 'ledger'));
const restored = (stderr: string) => /ledger snapshot restored/.test(stderr);
const keptUnread = (stderr: string) => Number(/([\d,]+) texts? unchanged since the last check \(not read\)/.exec(stderr)?.[1]?.replace(/,/g, '') ?? 0);

/** The snapshot's body, without its signature line. */
const body = (f: string) => readFileSync(f, 'utf8').replace(/^claims-cache [0-9a-f]{64}\n/, '');
/** Write `text` as the snapshot `f` of cache folder `cache`, signed with `key` (this machine's by default). */
function seal(cache: string, f: string, text: string, key = readFileSync(path.join(keyFolder(process.env), 'key'))): void {
  const real = realpathSync(cache);
  const store = new CacheStore(real, key, realpathSync(dir));
  writeFileSync(f, store.seal(path.relative(real, realpathSync(f)).split(path.sep).join('/'), text)!);
}

/** Put every file of the project back as generated. */
function restoreProject(): void {
  for (const f of walk(pristine)) {
    const to = path.join(dir, path.relative(pristine, f));
    if (!existsSync(to) || readFileSync(to, 'utf8') !== readFileSync(f, 'utf8')) {
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(f, to);
    }
  }
  for (const f of walk(path.join(dir, 'ledger'))) if (!existsSync(path.join(pristine, path.relative(dir, f)))) rmSync(f);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'claims-ledger-store-'));
  pristine = mkdtempSync(path.join(os.tmpdir(), 'claims-ledger-store-pristine-'));
  gen({ claims: 200, out: dir, seed: 11 });
  gen({ claims: 200, out: pristine, seed: 11 });
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  // A text is kept by its stat only once it is older than the racy margin (RACY_TEXT_MS) when it was read.
  await new Promise((resolve) => setTimeout(resolve, 2_100));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(pristine, { recursive: true, force: true });
});

/** A small deterministic random generator (mulberry32), so that a failing sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One random edit of the project: a statement, a quote, a stance, a document text, a file removed or put back. */
function edit(rand: () => number): string {
  const claimFiles = walk(path.join(dir, 'ledger', 'claims')).sort();
  const texts = walk(path.join(dir, 'texts')).sort();
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const kind = Math.floor(rand() * 6);
  const f = pick(claimFiles);
  const src = readFileSync(f, 'utf8');
  switch (kind) {
    case 0:
      writeFileSync(f, src.replace(/statement: (.*)\./, (_m, s: string) => `statement: ${s} (edited ${Math.floor(rand() * 1000)}).`));
      return `statement in ${f}`;
    case 1:
      // A quote loses its last word, or gains one that is not in the text.
      writeFileSync(f, src.replace(/text: "([^"]*?) (\S+)"/, (_m, head: string) => `text: "${head}${rand() < 0.5 ? '' : ' zyxwvut'}"`));
      return `quote in ${f}`;
    case 2:
      writeFileSync(f, src.replace(/stance: (asserts|corroborates)/, 'stance: disputes'));
      return `stance in ${f}`;
    case 3: {
      const t = pick(texts);
      const text = readFileSync(t, 'utf8');
      // The same size, other words: the stat changes, the size does not.
      const words = text.split(' ');
      const i = Math.floor(rand() * words.length);
      words[i] = 'q'.repeat(words[i]!.length);
      writeFileSync(t, words.join(' '));
      return `words of ${t}`;
    }
    case 4:
      if (claimFiles.length > 3) rmSync(f);
      return `removed ${f}`;
    default:
      restoreProject();
      return 'everything put back';
  }
}

describe('ledger snapshot', () => {
  it('gives the report of a check without cache, across a random sequence of edits, each check with its own cache instance', async () => {
    restoreProject();
    const cache = cacheIn('seq');
    rmSync(cache, { recursive: true, force: true });
    const first = await check(cache);
    expect(restored(first.stderr)).toBe(false);
    expect(snapshotOf(cache)).toHaveLength(1);
    expect(first.stdout).toBe(await fresh());
    const rand = random(20261202);
    let unread = 0;
    for (let step = 0; step < 14; step++) {
      const what = edit(rand);
      const warm = await check(cache);
      const expected = await fresh();
      expect(warm.stdout, `after step ${step}: ${what}`).toBe(expected);
      if (restored(warm.stderr)) unread += keptUnread(warm.stderr);
    }
    // The texts were really kept by the snapshot, unread, on the way.
    expect(unread).toBeGreaterThan(100);
    restoreProject();
  });

  it('gives the report of a check without cache in separate processes (the built code)', () => {
    restoreProject();
    const cache = cacheIn('spawned');
    rmSync(cache, { recursive: true, force: true });
    const args = ['check', '-f', 'json', '--debug', '--cache-location', cache];
    const expected = () => spawnCli(['check', '-f', 'json', '--no-cache'], dir).stdout;
    spawnCli(args, dir, FROM);
    const f = walk(path.join(dir, 'ledger', 'claims')).sort()[1]!;
    const src = readFileSync(f, 'utf8');
    writeFileSync(f, src.replace(/text: "([^"]*?) (\S+)"/, 'text: "$1"'));
    const warm = spawnCli(args, dir, FROM);
    expect(restored(warm.stderr)).toBe(true);
    expect(keptUnread(warm.stderr)).toBeGreaterThan(0);
    expect(warm.stdout).toBe(expected());
    writeFileSync(f, src);
    expect(spawnCli(args, dir, FROM).stdout).toBe(expected());
  });

  it('reads and searches again a document text changed behind the snapshot, and the whole-run cache does not replay it', async () => {
    restoreProject();
    const cache = cacheIn('text');
    rmSync(cache, { recursive: true, force: true });
    await check(cache);
    // A YAML edit, so that the next check runs (not replayed) from the snapshot, texts kept unread.
    const f = walk(path.join(dir, 'ledger', 'claims')).sort()[0]!;
    writeFileSync(f, readFileSync(f, 'utf8').replace(/statement: (.*)\./, 'statement: $1 (edited).'));
    const warm = await check(cache);
    expect(restored(warm.stderr)).toBe(true);
    expect(keptUnread(warm.stderr)).toBeGreaterThan(10);
    expect(warm.stdout).toBe(await fresh());
    // Every text quoted gets other words of the same size, in place: the same inode, the same size.
    const texts = walk(path.join(dir, 'texts'));
    for (const t of texts) writeFileSync(t, readFileSync(t, 'utf8').replace(/[a-z]/g, 'q'));
    const changed = await check(cache);
    expect(changed.stderr).not.toMatch(/its reports are replayed/);
    expect(changed.stdout).toBe(await fresh());
    expect(changed.stdout).not.toBe(warm.stdout);
    restoreProject();
  });

  it('does not use a snapshot from another cache folder, another machine key, tampered, from other code or another configuration', async () => {
    restoreProject();
    const cache = cacheIn('trust');
    rmSync(cache, { recursive: true, force: true });
    await check(cache);
    const [snap] = snapshotOf(cache);
    const good = body(snap!);
    const entry = JSON.parse(good) as { code: string; outcomes: Array<[string, string, Array<[string, string, unknown]>]> };
    // Every outcome made "not found", so that a snapshot used in error shows in the report.
    const poisoned = (e: typeof entry) => ({ ...e, outcomes: e.outcomes.map(([p, sha, rows]) => [p, sha, rows.map(([d, q]) => [d, q, 'poisoned'])]) });
    const f = walk(path.join(dir, 'ledger', 'claims')).sort()[2]!;
    const src = readFileSync(f, 'utf8');
    let n = 0;
    /** An edit, so that the check is not replayed from the whole-run cache; then the check, which must be fresh. */
    const expectFresh = async (why: RegExp) => {
      writeFileSync(f, src.replace(/statement: (.*)\./, `statement: $1 (trust ${n++}).`));
      const r = await check(cache);
      expect(restored(r.stderr)).toBe(false);
      expect(r.stderr).toMatch(why);
      expect(r.stdout).toBe(await fresh());
      expect(r.stdout).not.toContain('poisoned');
    };

    // The poisoned snapshot signed as this machine would sign it is used: the test can tell a snapshot used.
    seal(cache, snap!, JSON.stringify(poisoned(entry)));
    writeFileSync(f, src.replace(/statement: (.*)\./, 'statement: $1 (poisoned).'));
    expect((await check(cache)).stdout).toContain('poisoned');

    // Copied from another cache folder of the same project, on this machine.
    const other = cacheIn('trust-other');
    rmSync(other, { recursive: true, force: true });
    await check(other);
    const [otherSnap] = snapshotOf(other);
    seal(other, otherSnap!, JSON.stringify(poisoned(JSON.parse(body(otherSnap!)) as typeof entry)));
    copyFileSync(otherSnap!, snap!);
    // Its signature names the entry and the project, not the folder: it is the body that names its folder.
    await expectFresh(/made for another cache folder or project/);

    // Signed with another machine's key.
    seal(cache, snap!, JSON.stringify(poisoned(entry)), randomBytes(32));
    await expectFresh(/not signed by this machine/);
    // Tampered after signing.
    seal(cache, snap!, good);
    writeFileSync(snap!, readFileSync(snap!, 'utf8').replace(/"outcomes":\[/, '"outcomes":[["x","0",[]],'));
    await expectFresh(/not signed by this machine/);
    // Signed, but of the wrong shape.
    expect(good).toMatch(/,\[\d+,\d+,\d+,\d+\]\]/);
    seal(cache, snap!, good.replace(/,\[\d+,(\d+,\d+,\d+)\]\]/, ',[0,$1]]'));
    await expectFresh(/damaged/);
    seal(cache, snap!, good.slice(0, good.length / 2));
    await expectFresh(/damaged/);
    // Made by other code.
    seal(cache, snap!, JSON.stringify({ ...poisoned(entry), code: '0'.repeat(64) }));
    await expectFresh(/made by other code/);
    // Made under another configuration (the threshold of corroboration).
    seal(cache, snap!, JSON.stringify(poisoned(entry)));
    const config = path.join(dir, 'claims.config.yaml');
    const conf = readFileSync(config, 'utf8');
    writeFileSync(config, conf.replace('threshold: 2', 'threshold: 3'));
    await expectFresh(/made under another configuration/);
    writeFileSync(config, conf);
    restoreProject();
  });

  it('is neither used nor left by a check of a very large ledger (its memory)', async () => {
    restoreProject();
    const cache = cacheIn('large');
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    const config = loadConfig(dir);
    const store = new CacheStore(realpathSync(cache), randomBytes(32), realpathSync(dir));
    const expected = await runCheck({ config, cwd: dir, paths: [] });
    const used = async (serves: boolean) => {
      const carry = new LedgerSnapshot(new CheckCache(store, config.root), config, Ledger.policyKey(config), 0);
      if (!serves) carry.serves = () => false;
      const r = await runCheck({ config, cwd: dir, paths: [], carry });
      expect(JSON.stringify(r.report)).toBe(JSON.stringify(expected.report));
      await carry.save(r.texts.values());
      return snapshotOf(cache).length > 0;
    };
    expect(await used(false)).toBe(false);
    expect(await used(true)).toBe(true);
    const probe = new LedgerSnapshot(new CheckCache(store, config.root), config, '');
    expect([probe.serves(SNAPSHOT_FROM_CLAIMS - 1), probe.serves(SNAPSHOT_FROM_CLAIMS), probe.serves(MAX_SNAPSHOT_CLAIMS - 1), probe.serves(MAX_SNAPSHOT_CLAIMS)]).toEqual([false, true, true, false]);
  });

  it('is not kept below 20,000 claims by default, where the quote memo on disk serves', async () => {
    restoreProject();
    const cache = cacheIn('default');
    rmSync(cache, { recursive: true, force: true });
    const r = await runCli(['check', '-f', 'json', '--debug', '--cache-location', cache], dir);
    expect(r.stdout).toBe(await fresh());
    expect(snapshotOf(cache)).toEqual([]);
    expect(walk(path.join(cache, 'quotes'))).toHaveLength(1);
  });

  it('leaves the snapshot as it was when nothing it holds changed, and when only files outside the ledger were checked', async () => {
    restoreProject();
    // Texts written less than 2 s before a check are read again by the next one (the racy-timestamp rule), which
    // then records their stat anew: the snapshot holds still only once they are older than that.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const cache = cacheIn('unchanged');
    rmSync(cache, { recursive: true, force: true });
    await check(cache);
    const [snap] = snapshotOf(cache);
    const before = readFileSync(snap!, 'utf8');
    const mtime = statSync(snap!).mtimeMs;
    const f = walk(path.join(dir, 'ledger', 'claims')).sort()[3]!;
    const src = readFileSync(f, 'utf8');
    writeFileSync(f, src.replace(/statement: (.*)\./, 'statement: $1 (again).'));
    expect(restored((await check(cache)).stderr)).toBe(true);
    expect(statSync(snap!).mtimeMs).toBe(mtime);
    // A file outside the ledger, checked alone.
    const outside = path.join(dir, 'drafts', 'new.yaml');
    mkdirSync(path.dirname(outside), { recursive: true });
    writeFileSync(outside, 'claims: []\n');
    const alone = await check(cache, ['drafts/new.yaml']);
    expect(alone.stdout).toBe((await runCli(['check', '-f', 'json', '--no-cache', 'drafts/new.yaml'], dir)).stdout);
    expect(readFileSync(snap!, 'utf8')).toBe(before);
    rmSync(path.dirname(outside), { recursive: true });
    restoreProject();
  });
});
