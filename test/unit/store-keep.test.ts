// CacheStore.readBytes(rel, keep): what a long-lived process (check --watch) verified once is given back without
// another read while the entry's file is exactly as it was, and never once the file was written or replaced.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, realpathSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheStore } from '../../src/cache/store.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function storeWithEntry(body: string) {
  const cache = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'claims-store-keep-')));
  const project = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'claims-store-project-')));
  const store = new CacheStore(cache, randomBytes(32), project);
  return { store, cache, file: path.join(cache, 'entry.json'), write: () => store.write('entry.json', body) };
}

describe('CacheStore.readBytes with keep', () => {
  it('gives back the bytes verified before while the file is as it was, and reads and verifies again after a write, even one that keeps the size and mtime', async () => {
    const { store, file, write } = storeWithEntry('{"a":1}');
    expect(await write()).toBe(true);
    // A stat vouches for the bytes only once the file's times are older than the racy window.
    const fresh = store.readBytes('entry.json', true)!;
    expect(store.readBytes('entry.json', true)).not.toBe(fresh);
    await sleep(2_100);
    const first = store.readBytes('entry.json', true)!;
    expect(first.toString()).toBe('{"a":1}');
    expect(store.readBytes('entry.json', true)).toBe(first);
    // Without keep, every read is a read.
    expect(store.readBytes('entry.json')).not.toBe(first);
    // The same size, the mtime set back: the ctime still moves, and the forged bytes are refused as unsigned.
    const { mtime } = statSync(file);
    const text = readFileSync(file, 'latin1');
    writeFileSync(file, text.replace('{"a":1}', '{"a":2}'), 'latin1');
    utimesSync(file, mtime, mtime);
    expect(store.readBytes('entry.json', true)).toBeUndefined();
    expect(store.counts.unsigned).toBe(1);
  });

  it('a file replaced by a rename (a new inode) is read again', async () => {
    const { store, cache, file, write } = storeWithEntry('{"b":1}');
    expect(await write()).toBe(true);
    await sleep(2_100);
    const first = store.readBytes('entry.json', true)!;
    expect(store.readBytes('entry.json', true)).toBe(first);
    const copy = path.join(cache, 'copy');
    writeFileSync(copy, readFileSync(file));
    const { mtime } = statSync(file);
    utimesSync(copy, mtime, mtime);
    renameSync(copy, file);
    const again = store.readBytes('entry.json', true)!;
    expect(again).not.toBe(first);
    expect(again.toString()).toBe('{"b":1}');
  });
});
