// Under `check --watch`, a claim file none of whose reads the watcher names as changed is not read again: its last
// result stands and its reads are carried to the watcher's poll. A skipped read must never hide a change: an edit
// no event told (the poll), a file created, deleted or renamed, an ignore file edited, a link whose target changed.
import { mkdirSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { runCheck } from '../src/check.js';
import { Dependencies } from '../src/cli/watch.js';
import { LedgerScope } from '../src/ledger/scope.js';
import { spawnCli } from './helpers/run.js';
import { BASE_FILES, claimFile, makeProject } from './helpers/project.js';
import { waitFor } from './helpers/wait.js';
import { startWatch as watchOf } from './helpers/watch.js';

const dawn = claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dawn']]);
const other = claimFile('bridge-held', [['official', 'denies']]);
const broken = 'claims: [\n';

/** One check of the project's corpus inside `scope`, its reads told to a new recorder; `hint`: what may have changed. */
async function checkIn(scope: LedgerScope, dir: string, last: Dependencies | undefined, hint?: string[]) {
  const reads = new Dependencies(last);
  const result = await scope.run(() => runCheck({ config: loadConfig(dir), cwd: dir, paths: [], reads }), hint && new Set(hint.map((p) => path.join(dir, p))));
  return { reads, rules: result.report.findings.map((f) => `${f.file} ${f.severity} ${f.ruleId}`).sort() };
}

describe('the file stage of a kept scope: files not named as changed', () => {
  it('are not read again, and their reads are carried so that the poll sees an edit no event told', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/bridge.yaml': dawn, 'claims/held.yaml': other });
    const scope = new LedgerScope();
    const first = await checkIn(scope, dir, undefined);
    expect(first.rules.filter((r) => r.startsWith('claims/held.yaml error'))).toEqual([]);
    // held.yaml broken, but the hint names only bridge.yaml: held.yaml keeps its last result (it is not read).
    writeFileSync(path.join(dir, 'claims/held.yaml'), broken);
    utimesSync(path.join(dir, 'claims/held.yaml'), 1_000_000, 1_000_000);
    const second = await checkIn(scope, dir, first.reads, ['claims/bridge.yaml']);
    expect(second.rules.filter((r) => r.startsWith('claims/held.yaml error'))).toEqual([]);
    // The poll of this check's reads still covers held.yaml, whose change no event told.
    expect(second.reads.paths()).toContain(path.join(dir, 'claims/held.yaml'));
    expect(second.reads.changed()).toContain(path.join(dir, 'claims/held.yaml'));
    // Named (as the poll's change is), it is read, and the report is a fresh check's.
    const third = await checkIn(scope, dir, second.reads, ['claims/held.yaml']);
    const fresh = await checkIn(new LedgerScope(), dir, undefined);
    expect(third.rules).toEqual(fresh.rules);
    expect(third.rules.some((r) => r.startsWith('claims/held.yaml error'))).toBe(true);
  });

  it('are read again when a folder above them is named', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/sub/held.yaml': other, 'claims/bridge.yaml': dawn });
    const scope = new LedgerScope();
    const first = await checkIn(scope, dir, undefined);
    writeFileSync(path.join(dir, 'claims/sub/held.yaml'), broken);
    const second = await checkIn(scope, dir, first.reads, ['claims']);
    expect(second.rules).toEqual((await checkIn(new LedgerScope(), dir, undefined)).rules);
    expect(second.rules.some((r) => r.startsWith('claims/sub/held.yaml error'))).toBe(true);
  });

  it('are read again when the target of their link is named, and when an ignore file is', async () => {
    const dir = makeProject({ ...BASE_FILES, 'elsewhere/held.yaml': other, 'claims/bridge.yaml': dawn });
    symlinkSync(path.join(dir, 'elsewhere/held.yaml'), path.join(dir, 'claims/held.yaml'));
    const scope = new LedgerScope();
    const first = await checkIn(scope, dir, undefined);
    expect(first.rules.filter((r) => r.startsWith('claims/held.yaml error'))).toEqual([]);
    writeFileSync(path.join(dir, 'elsewhere/held.yaml'), broken);
    const second = await checkIn(scope, dir, first.reads, ['elsewhere/held.yaml']);
    expect(second.rules).toEqual((await checkIn(new LedgerScope(), dir, undefined)).rules);
    expect(second.rules.some((r) => r.startsWith('claims/held.yaml error'))).toBe(true);
    // The link's target excluded by a new ignore file: only the ignore file is named.
    writeFileSync(path.join(dir, 'elsewhere/held.yaml'), other);
    const third = await checkIn(scope, dir, second.reads, ['elsewhere/held.yaml']);
    writeFileSync(path.join(dir, '.gitignore'), 'elsewhere/\n');
    const fourth = await checkIn(scope, dir, third.reads, ['.gitignore']);
    expect(fourth.rules).toEqual((await checkIn(new LedgerScope(), dir, undefined)).rules);
    expect(fourth.rules).toContain('claims/held.yaml error file/excluded');
  });
});

describe('discovery in a kept scope: the last one reused', () => {
  const held = (rules: string[]) => rules.filter((r) => r.startsWith('claims/new.yaml') || r.startsWith('claims/held.yaml') || r.startsWith('claims/moved.yaml'));

  it('only while the changes named are files it found, as they were; its reads are carried so that the poll sees a file created with no event', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/bridge.yaml': dawn });
    const scope = new LedgerScope();
    const first = await checkIn(scope, dir, undefined);
    // A file created, but only bridge.yaml named: the last discovery stands (the new file is not seen yet).
    writeFileSync(path.join(dir, 'claims/new.yaml'), broken);
    const second = await checkIn(scope, dir, first.reads, ['claims/bridge.yaml']);
    expect(held(second.rules)).toEqual([]);
    // The folder's listing is still polled: the poll names the folder, and a check told so finds the file.
    expect(second.reads.changed()).toContain(path.join(dir, 'claims'));
    const third = await checkIn(scope, dir, second.reads, ['claims']);
    expect(third.rules).toEqual((await checkIn(new LedgerScope(), dir, undefined)).rules);
    expect(held(third.rules).length).toBeGreaterThan(0);
  });

  it('not for a file created, deleted or renamed, nor an ignore file edited', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/bridge.yaml': dawn, 'claims/held.yaml': broken });
    const scope = new LedgerScope();
    let last = (await checkIn(scope, dir, undefined)).reads;
    const step = async (hint: string[], act: () => void) => {
      act();
      const now = await checkIn(scope, dir, last, hint);
      last = now.reads;
      expect(now.rules).toEqual((await checkIn(new LedgerScope(), dir, undefined)).rules);
      return now.rules;
    };
    expect(held(await step(['claims/held.yaml'], () => rmSync(path.join(dir, 'claims/held.yaml'))))).toEqual([]);
    expect(held(await step(['claims/held.yaml'], () => writeFileSync(path.join(dir, 'claims/held.yaml'), broken))).length).toBeGreaterThan(0);
    const moved = await step(['claims/held.yaml', 'claims/moved.yaml'], () => renameSync(path.join(dir, 'claims/held.yaml'), path.join(dir, 'claims/moved.yaml')));
    expect(held(moved).every((r) => r.startsWith('claims/moved.yaml'))).toBe(true);
    expect(held(await step(['.gitignore'], () => writeFileSync(path.join(dir, '.gitignore'), 'claims/moved.yaml\n'))).every((r) => r.includes('file/ignored'))).toBe(true);
    // A file replaced by a folder of the same name.
    rmSync(path.join(dir, 'claims/bridge.yaml'));
    await step(['claims/bridge.yaml'], () => {
      mkdirSync(path.join(dir, 'claims/bridge.yaml'));
      writeFileSync(path.join(dir, 'claims/bridge.yaml/inner.yaml'), broken);
    });
  });
});

/** A watch of `dir` (test/helpers/watch.ts) whose last report is read without its separator line. */
function startWatch(dir: string) {
  const w = watchOf(dir);
  return { ...w, last: () => (w.io.out.includes('checked again') ? (w.io.out.split('checked again').at(-1) ?? '').split('\n').slice(1).join('\n') : w.io.out) };
}

/** The report of a fresh check, without the cache. */
const fresh = (dir: string) => spawnCli(['check', '--no-cache'], dir).stdout;

describe('claims check --watch: the report equals a fresh check after', () => {
  const steps: Array<[string, (dir: string) => void]> = [
    ['a file created', (dir) => writeFileSync(path.join(dir, 'claims/new.yaml'), broken)],
    ['a file deleted', (dir) => rmSync(path.join(dir, 'claims/held.yaml'))],
    ['a file renamed', (dir) => renameSync(path.join(dir, 'claims/held.yaml'), path.join(dir, 'claims/moved.yaml'))],
    ['a folder made with a file in it', (dir) => {
      mkdirSync(path.join(dir, 'claims/more'));
      writeFileSync(path.join(dir, 'claims/more/new.yaml'), broken);
    }],
    ['an ignore file edited', (dir) => writeFileSync(path.join(dir, '.gitignore'), 'claims/held.yaml\n')],
  ];
  for (const [what, step] of steps) {
    it(what, async () => {
      const dir = makeProject({ ...BASE_FILES, 'claims/bridge.yaml': dawn, 'claims/held.yaml': broken });
      const w = startWatch(dir);
      try {
        await w.checks(1);
        // One ordinary save first, so that the step's check is one built on a hint.
        writeFileSync(path.join(dir, 'claims/bridge.yaml'), `${dawn}# saved\n`);
        await w.checks(2);
        step(dir);
        const want = fresh(dir);
        await waitFor(() => w.io.out, () => w.last() === want, 8000);
        expect(w.last()).toBe(want);
      } finally {
        expect(await w.stop()).toBe(0);
      }
    }, 30_000);
  }
});
