// The stat index (src/cache/stat-index.ts): a file's hash is reused only while its stat is exactly as recorded,
// never for a file changed within RACY_MARGIN_MS of being read, and a damaged index is ignored and rebuilt.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RACY_MARGIN_MS, StatIndex } from '../../src/cache/stat-index.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'claims-stat-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A clock well past every file's timestamps, so that no entry is racy. */
const later = () => Date.now() + 10 * RACY_MARGIN_MS;

describe('stat index', () => {
  it('answers from the index while the stat is unchanged, and across runs through its file', () => {
    const f = path.join(dir, 'a.txt');
    writeFileSync(f, 'hello');
    const file = path.join(dir, 'index.json');
    const one = new StatIndex(file, { now: later });
    expect(one.sha(f, statSync(f))).toBe(sha('hello'));
    expect(one.sha(f, statSync(f))).toBe(sha('hello'));
    expect(one.hashed).toBe(1);
    writeFileSync(file, one.serialize());
    const two = new StatIndex(file, { now: later });
    expect(two.sha(f, statSync(f))).toBe(sha('hello'));
    expect(two.hashed).toBe(0);
    expect(two.rejected).toBe(false);
  });

  it('an edit that keeps the size is seen through the mtime', () => {
    const f = path.join(dir, 'a.txt');
    writeFileSync(f, 'hello');
    const t = new Date('2020-01-01T00:00:00Z');
    utimesSync(f, t, t);
    const index = new StatIndex(undefined, { now: later });
    expect(index.sha(f, statSync(f))).toBe(sha('hello'));
    writeFileSync(f, 'jello');
    const t2 = new Date('2020-01-01T00:00:01Z');
    utimesSync(f, t2, t2);
    expect(statSync(f).size).toBe(5);
    expect(index.sha(f, statSync(f))).toBe(sha('jello'));
    expect(index.hashed).toBe(2);
  });

  it('a touch without change is read again and gives the same hash', () => {
    const f = path.join(dir, 'a.txt');
    writeFileSync(f, 'hello');
    const index = new StatIndex(undefined, { now: later });
    index.sha(f, statSync(f));
    const t = new Date(Date.now() + 5000);
    utimesSync(f, t, t);
    expect(index.sha(f, statSync(f))).toBe(sha('hello'));
    expect(index.hashed).toBe(2);
  });

  it('racy timestamps: a file changed within the margin of being read is not trusted, and read on every run', () => {
    const f = path.join(dir, 'a.txt');
    writeFileSync(f, 'hello');
    const file = path.join(dir, 'index.json');
    // The real clock: the file was written just now.
    const index = new StatIndex(file, { now: () => statSync(f).mtimeMs + RACY_MARGIN_MS / 2 });
    const st = statSync(f);
    expect(index.sha(f, st)).toBe(sha('hello'));
    // Same stat, other bytes, as a second write within one timestamp tick would leave it: not taken from the index.
    writeFileSync(f, 'jello');
    expect(index.sha(f, st)).toBe(sha('jello'));
    expect(index.hashed).toBe(2);
    writeFileSync(file, index.serialize());
    expect(readFileSync(file, 'utf8')).not.toContain(f);
  });

  for (const [name, damage] of [
    ['truncated', (s: string) => s.slice(0, s.length >> 1)],
    ['garbage', () => '\u0000\u0001garbage'],
    ['empty', () => ''],
    ['a changed hash (checksum no longer matches)', (s: string) => s.replace(sha('hello'), sha('other'))],
    ['valid JSON of another shape', () => JSON.stringify({ format: 1, entries: [] })],
  ] as const) {
    it(`a corrupt index (${name}) is ignored and rebuilt`, () => {
      const f = path.join(dir, 'a.txt');
      writeFileSync(f, 'hello');
      const file = path.join(dir, 'index.json');
      const one = new StatIndex(file, { now: later });
      one.sha(f, statSync(f));
      writeFileSync(file, damage(one.serialize()));
      const two = new StatIndex(file, { now: later });
      expect(two.rejected).toBe(true);
      expect(two.changed).toBe(true);
      expect(two.sha(f, statSync(f))).toBe(sha('hello'));
      expect(two.hashed).toBe(1);
      writeFileSync(file, two.serialize());
      const three = new StatIndex(file, { now: later });
      expect(three.rejected).toBe(false);
      expect(three.sha(f, statSync(f))).toBe(sha('hello'));
      expect(three.hashed).toBe(0);
    });
  }

  it('remembers a hash the check computed itself, under the same racy rule', () => {
    const f = path.join(dir, 'a.txt');
    writeFileSync(f, 'hello');
    const st = statSync(f);
    const fresh = new StatIndex(undefined);
    fresh.remember(f, st, st.mtimeMs + 10, sha('hello'));
    expect(fresh.changed).toBe(false);
    expect(fresh.sha(f, st)).toBe(sha('hello'));
    expect(fresh.hashed).toBe(1);
    const aged = new StatIndex(undefined);
    aged.remember(f, st, later(), sha('hello'));
    expect(aged.changed).toBe(true);
    expect(aged.sha(f, st)).toBe(sha('hello'));
    expect(aged.hashed).toBe(0);
  });
});
