// The whole-run cache collects garbage before it makes the entry of a very large report (the garbage of formatting
// it would otherwise sit under the entry's copies at the peak of memory), and never for an ordinary one.
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const collected = vi.hoisted(() => ({ count: 0 }));
vi.mock('../src/util/gc.js', () => ({
  collectGarbage: () => {
    collected.count++;
  },
}));

const { CheckCache } = await import('../src/cache/cache.js');
const { openStore } = await import('../src/cache/store.js');
const { LARGE_OUTPUT_CHARS, openRunCache } = await import('../src/cache/run-cache.js');
import type { Config } from '../src/config/config.js';

/** A run cache on a fresh project and cache folder, with one read recorded (so that its outputs are stored). */
async function freshRun() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'claims-run-gc-'));
  mkdirSync(path.join(root, 'claims'));
  const opened = openStore(root, path.join(root, '..', `${path.basename(root)}-cache`), { XDG_CACHE_HOME: mkdtempSync(path.join(os.tmpdir(), 'claims-run-gc-key-')) });
  if (!('store' in opened)) throw new Error(opened.problem);
  const cache = new CheckCache(opened.store, root);
  const config = { root, corpus: ['claims'], limits: { maxFileBytes: 1 } } as unknown as Config;
  const run = await openRunCache(cache, config, { config, cwd: root, paths: [] }, { given: [] });
  run.reads.record('list', path.join(root, 'claims'), 'list:none');
  return { run, runs: () => readdirSync(path.join(opened.store.dir, 'runs')) };
}

describe('garbage collected before a run entry is made', () => {
  beforeEach(() => {
    collected.count = 0;
  });

  it('for outputs of LARGE_OUTPUT_CHARS characters in all, once, and the run is stored', async () => {
    const { run, runs } = await freshRun();
    const half = 'x'.repeat(LARGE_OUTPUT_CHARS / 2);
    await run.store({ exitCode: 0, outputs: [half, half] });
    expect(collected.count).toBe(1);
    expect(runs()).toHaveLength(1);
  });

  it('not for an ordinary report', async () => {
    const { run, runs } = await freshRun();
    await run.store({ exitCode: 0, outputs: ['x'.repeat(LARGE_OUTPUT_CHARS - 1)] });
    expect(collected.count).toBe(0);
    expect(runs()).toHaveLength(1);
  });
});
