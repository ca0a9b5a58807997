// The whole-run cache's log of reads (src/cache/run-cache.ts): each read kept once, in the order first told, and a
// path whose reads found different things keeps every answer (so that the stored run can never be replayed).
import { describe, expect, it } from 'vitest';
import { ReadLog } from '../src/cache/run-cache.js';
import type { StatIndex } from '../src/cache/stat-index.js';
import type { SeenStat } from '../src/util/reads.js';

function log() {
  const remembered: Array<[string, string]> = [];
  const index = { remember: (abs: string, _seen: SeenStat, _at: number, sha: string) => remembered.push([abs, sha]) } as unknown as StatIndex;
  return { log: new ReadLog(index), remembered };
}

describe('ReadLog', () => {
  it('keeps each read once, in the order first told, and counts every read told', () => {
    const { log: l } = log();
    l.record('real', '/p', '/p');
    l.record('list', '/p/claims', 'list:a');
    l.record('bytes', '/p/claims/a.yaml', 'sha:1');
    l.record('list', '/p/claims', 'list:a');
    l.record('real', '/p', '/p');
    l.record('kind', '/p/claims/a.yaml', 'file');
    l.record('bytes', '/p/claims/a.yaml', 'sha:1');
    expect(l.entries).toEqual([
      ['real', '/p', '/p'],
      ['list', '/p/claims', 'list:a'],
      ['bytes', '/p/claims/a.yaml', 'sha:1'],
      ['kind', '/p/claims/a.yaml', 'file'],
    ]);
    expect(l.told).toBe(7);
  });

  it('keeps every answer of a path read several times with different answers, and of each kind of read', () => {
    const { log: l } = log();
    const reads: Array<[import('../src/util/reads.js').ReadKind, string]> = [
      ['bytes', 'sha:1'],
      ['bytes', 'sha:2'],
      ['stat', 'file'],
      ['bytes', 'sha:1'],
      ['bytes', 'sha:3'],
      ['kind', 'file'],
      ['stat', 'file'],
      ['kind', 'link'],
    ];
    for (const [kind, fp] of reads) l.record(kind, '/p/t.txt', fp);
    expect(l.entries).toEqual([
      ['bytes', '/p/t.txt', 'sha:1'],
      ['bytes', '/p/t.txt', 'sha:2'],
      ['stat', '/p/t.txt', 'file'],
      ['bytes', '/p/t.txt', 'sha:3'],
      ['kind', '/p/t.txt', 'file'],
      ['kind', '/p/t.txt', 'link'],
    ]);
  });

  it('tells the stat index the hash of bytes read in full after their stat, and nothing else', () => {
    const { log: l, remembered } = log();
    const seen: SeenStat = { dev: 1, ino: 2, size: 3, mtimeMs: 4, ctimeMs: 5, at: 6 };
    l.record('bytes', '/p/a', 'sha:ab', seen);
    l.record('bytes', '/p/b', 'big:9', seen);
    l.record('bytes', '/p/c', 'sha:cd');
    l.record('list', '/p', 'list:x', seen);
    expect(remembered).toEqual([['/p/a', 'ab']]);
  });

  it('gives its entries as a copy', () => {
    const { log: l } = log();
    l.record('real', '/p', '/p');
    l.entries.push(['real', '/q', '/q']);
    expect(l.entries).toEqual([['real', '/p', '/p']]);
  });
});
