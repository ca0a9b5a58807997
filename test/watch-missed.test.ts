// `claims check --watch` must never keep showing a report that a fresh check would not give: a change the
// file-system events do not tell (a file replaced by a rename drops out of Node's recursive watch on Linux; a folder
// made after the watch started; a text under node_modules) is still seen, by the poll of what the last check read.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dependencies, fingerprintNow } from '../src/cli/watch.js';
import { bigPrint, seenOf } from '../src/util/reads.js';
import { BASE_FILES, claimFile, makeProject } from './helpers/project.js';
import { count, waitFor } from './helpers/wait.js';
import { startWatch } from './helpers/watch.js';


/** A save as vim, VS Code or `sed -i` make it: a new file renamed over the old one. */
function saveByRename(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

const dawn = claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dawn']]);
const noon = claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at noon']]);

describe('claims check --watch: changes no event tells', () => {
  it('checks once for a save by rename (its temporary file and the rename are one change)', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/bridge.yaml': dawn });
    const w = startWatch(dir);
    try {
      await w.checks(1);
      for (const [k, text] of [noon, dawn, noon].entries()) {
        saveByRename(path.join(dir, 'claims/bridge.yaml'), text);
        await w.checks(k + 2);
        // Quiet long enough for a second check of the same save to have come.
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(count(w.io.err, '; watching')).toBe(k + 2);
      }
    } finally {
      expect(await w.stop()).toBe(0);
    }
  }, 30_000);

  it('sees a save in place after a save by rename (the file replaced, then written on the same inode)', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/bridge.yaml': dawn });
    const w = startWatch(dir);
    try {
      await w.checks(1);
      expect(w.io.out).not.toContain('quote/not-found');
      saveByRename(path.join(dir, 'claims/bridge.yaml'), `${dawn}# first save\n`);
      await w.checks(2);
      expect(w.last()).not.toContain('quote/not-found');
      // In place: truncated and written, the inode kept. The quote no longer matches the text.
      writeFileSync(path.join(dir, 'claims/bridge.yaml'), noon);
      await waitFor(() => w.io.out, () => w.last().includes('quote/not-found'), 6000);
      expect(w.last()).toContain('after a change to claims/bridge.yaml');
    } finally {
      expect(await w.stop()).toBe(0);
    }
  }, 30_000);

  it('sees a document text in a top-level folder made after the watch started', async () => {
    const documents = BASE_FILES['claims/documents.yaml']!.replace('path: docs/a.txt', 'path: later/a.txt');
    const dir = makeProject({ ...BASE_FILES, 'claims/documents.yaml': documents, 'claims/bridge.yaml': dawn });
    const w = startWatch(dir);
    try {
      await w.checks(1);
      expect(w.io.out).toContain('document/missing-file');
      mkdirSync(path.join(dir, 'later'));
      await w.checks(2);
      writeFileSync(path.join(dir, 'later/a.txt'), BASE_FILES['docs/a.txt']!);
      await waitFor(() => w.io.out, () => w.last() !== '' && !w.last().includes('document/missing-file'), 6000);
      expect(w.last()).not.toContain('quote/not-found');
      // Edited in place: the quote is gone from the text.
      writeFileSync(path.join(dir, 'later/a.txt'), BASE_FILES['docs/a.txt']!.replace('fell at dawn', 'fell at dusk'));
      await waitFor(() => w.io.out, () => w.last().includes('quote/not-found'), 6000);
    } finally {
      expect(await w.stop()).toBe(0);
    }
  }, 30_000);

  it('sees an edit of a document text under node_modules', async () => {
    const documents = BASE_FILES['claims/documents.yaml']!.replace('path: docs/a.txt', 'path: node_modules/a.txt');
    const dir = makeProject({ ...BASE_FILES, 'node_modules/a.txt': BASE_FILES['docs/a.txt']!, 'claims/documents.yaml': documents, 'claims/bridge.yaml': dawn });
    const w = startWatch(dir);
    try {
      await w.checks(1);
      expect(w.io.out).not.toContain('quote/not-found');
      // The text is read as evidence (only its missing sha256 is noted).
      expect(w.io.out).not.toMatch(/document\/(excluded|missing-file|unreadable)/);
      writeFileSync(path.join(dir, 'node_modules/a.txt'), BASE_FILES['docs/a.txt']!.replace('fell at dawn', 'fell at dusk'));
      await waitFor(() => w.io.out, () => w.last().includes('quote/not-found'), 6000);
      expect(w.last()).toContain('after a change to node_modules/a.txt');
    } finally {
      expect(await w.stop()).toBe(0);
    }
  }, 30_000);

  it('after a first check replayed from the whole-run cache (which reads nothing), still sees a save in place, and shows no second report until then', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/bridge.yaml': dawn });
    const cache = mkdtempSync(path.join(os.tmpdir(), 'claims-watch-missed-'));
    const first = startWatch(dir, cache);
    await first.checks(1);
    expect(await first.stop()).toBe(0);
    const w = startWatch(dir, cache);
    try {
      await w.checks(1);
      // The check that learns what to poll is not shown: its report is the one on the screen.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(count(w.io.err, '; watching')).toBe(1);
      saveByRename(path.join(dir, 'claims/bridge.yaml'), `${dawn}# first save\n`);
      await w.checks(2);
      writeFileSync(path.join(dir, 'claims/bridge.yaml'), noon);
      await waitFor(() => w.io.out, () => w.last().includes('quote/not-found'), 6000);
    } finally {
      expect(await w.stop()).toBe(0);
    }
  }, 30_000);
});

describe('Dependencies: what the poll takes for a change', () => {
  const file = (text: string) => {
    const dir = makeProject({ 'a.txt': text });
    return path.join(dir, 'a.txt');
  };
  const recordBytes = (deps: Dependencies, abs: string) => {
    const at = Date.now();
    const st = statSync(abs);
    deps.record('bytes', abs, fingerprintNow('bytes', abs, 'sha:'), seenOf(st, at));
  };
  const back = (abs: string, s: number) => utimesSync(abs, s, s);

  it('a file touched but not changed is no change; changed in place is, as a file removed is', () => {
    const abs = file('one');
    back(abs, 1_000_000);
    const deps = new Dependencies();
    recordBytes(deps, abs);
    expect(deps.changed()).toEqual([]);
    back(abs, 1_000_100);
    expect(deps.changed()).toEqual([]);
    writeFileSync(abs, 'two');
    expect(deps.changed()).toEqual([abs]);
    expect(deps.changed(new Set(['/elsewhere']))).toEqual([]);
  });

  it('an edit that keeps the size and the mtime, within the second the file was read, is a change', () => {
    const abs = file('dawn');
    const deps = new Dependencies();
    recordBytes(deps, abs);
    const before = statSync(abs);
    writeFileSync(abs, 'dusk');
    utimesSync(abs, before.atimeMs / 1000, before.mtimeMs / 1000);
    expect(deps.changed()).toEqual([abs]);
  });

  it('a text told by its size only (kept unread by its stat) is changed by any new stat', () => {
    const abs = file('dawn');
    back(abs, 1_000_000);
    const deps = new Dependencies();
    deps.record('bytes', abs, bigPrint(statSync(abs).size));
    expect(deps.changed()).toEqual([]);
    writeFileSync(abs, 'dusk');
    back(abs, 1_000_000);
    expect(deps.changed()).toEqual([abs]);
  });

  it('reads carried from the check before (a kept ledger told only claim files changed) are polled as recorded ones, with the stat taken then', () => {
    const abs = file('dawn');
    const other = file('noon');
    back(abs, 1_000_000);
    back(other, 1_000_000);
    const first = new Dependencies();
    const reads: Array<Parameters<Dependencies['record']>> = [['inode', abs, fingerprintNow('inode', abs, '')], ['kind', other, fingerprintNow('kind', other, '')]];
    for (const r of reads) first.record(...r);
    // The next check tells them again as a whole; the one after that too, with the same list.
    const second = new Dependencies(first);
    second.carry(reads);
    expect(second.told).toBe(2);
    expect([...second.paths()].sort()).toEqual([abs, other].sort());
    expect(second.changed()).toEqual([]);
    // A change after the first check, before the carry: the stat kept is the first check's, so the poll sees it.
    writeFileSync(abs, 'a longer text');
    const third = new Dependencies(second);
    third.carry(reads);
    expect(third.changed()).toEqual([]); // same inode: the read finds the same
    expect(third.folders()).toEqual(new Set([path.dirname(abs), path.dirname(other)]));
    renameSync(other, `${other}.gone`);
    expect(third.changed()).toEqual([other]);
  });

  it('a folder whose listing is the same after a file was written and renamed in it is no change; a new name is', () => {
    const abs = file('x');
    const dir = path.dirname(abs);
    back(dir, 1_000_000);
    const deps = new Dependencies();
    deps.record('list', dir, fingerprintNow('list', dir, ''));
    writeFileSync(`${abs}.tmp`, readFileSync(abs));
    renameSync(`${abs}.tmp`, abs);
    expect(deps.changed()).toEqual([]);
    writeFileSync(path.join(dir, 'b.txt'), '');
    expect(deps.changed()).toEqual([dir]);
  });
});
