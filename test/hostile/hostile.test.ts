// Hostile and broken input (issue 5): every bad file is reported at its place, with a stable rule id, the rest
// of the corpus is still checked, nothing crashes, nothing is executed, nothing outside the project is read.
//
// Each case puts one hostile file (or link, or folder) under claims/hostile/ of a small clean project, runs
// `claims check --format json` and asserts the exact findings in the hostile file and the exit code. Text
// fixtures live in test/hostile/fixtures/; large, binary, encoded and file-system cases are made at test time.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKnownRule, ruleInfo } from '../../src/report/rules/index.js';
import { BIN } from '../helpers/run.js';
import { FIXTURES, checkJson, findingsIn, project, tempDir, writeFiles, type Located } from './project.js';
import { FIXTURE_CASES, GENERATED, H, bytes, enc } from './cases.js';


let before: string[];
beforeAll(() => {
  before = Object.getOwnPropertyNames(Object.prototype).sort();
});
afterAll(() => {
  // No case may have touched Object.prototype (the __proto__ / constructor / prototype fixtures try to).
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
});

/** Run one case: the base project plus `files`; check the exact findings under claims/hostile and the exit code. */
async function expectCase(files: Record<string, string | Uint8Array>, exit: number, expected: Located[], args: string[] = [], config?: string) {
  const dir = project(config === undefined ? files : { ...files, 'claims.config.yaml': config });
  const t0 = Date.now();
  const r = await checkJson(dir, args);
  const ms = Date.now() - t0;
  expect(r.stderr).toBe('');
  expect(findingsIn(r.report, H)).toEqual(expected);
  expect(r.code).toBe(exit);
  // The clean part of the corpus is still analysed: the base claim keeps its verdict.
  expect(r.report.claims.find((c) => c.id === 'bridge-taken')?.status).toBe('contested');
  for (const f of r.report.findings) {
    expect(isKnownRule(f.ruleId), f.ruleId).toBe(true);
    expect(f.severity, f.ruleId).toBe(ruleInfo(f.ruleId).severity);
  }
  // Bounded time per file: every case here is far under this on any machine.
  expect(ms).toBeLessThan(10_000);
  return r;
}

describe('the base project is clean', () => {
  it('exit 0, no errors', async () => {
    const r = await checkJson(project());
    expect(r.code).toBe(0);
    expect(r.report.summary.errors).toBe(0);
  });
});

describe('hostile fixture files', () => {
  it('every fixture has a case', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual(Object.keys(FIXTURE_CASES).sort());
  });
  for (const [name, c] of Object.entries(FIXTURE_CASES)) {
    it(name, async () => {
      await expectCase({ [`${H}/${name}`]: readFileSync(path.join(FIXTURES, name)) }, c.exit, c.findings.map(([rule, line, col]) => [rule, `${H}/${name}`, line, col]));
    });
  }
  it('tags are never acted upon: no process exit, no command run', async () => {
    expect(existsSync('/tmp/claims-pwned')).toBe(false);
  });
  it('ids named like Object members (constructor, prototype, __proto__-like) are ordinary ids', async () => {
    const files = {
      [`${H}/object-ids.yaml`]: [
        'sources:',
        '  - id: constructor',
        '    name: A source called constructor',
        '  - id: prototype',
        '    name: A source called prototype',
        '    party: rebels',
        '  - id: has-own-property',
        '    name: A source called hasOwnProperty',
        '    relays: constructor',
        '',
      ].join('\n'),
      [`${H}/object-claims.yaml`]: [
        'claims:',
        '  - id: constructor',
        '    statement: The bridge was taken.',
        '    assertions:',
        '      - source: constructor',
        '        stance: asserts',
        '        quotes: [{ document: doc-a, text: the bridge fell at dawn }]',
        '      - source: prototype',
        '        stance: asserts',
        '        quotes: [{ document: doc-a, text: The fighters took the bridge at dawn. }]',
        '      - source: has-own-property',
        '        stance: corroborates',
        '        quotes: [{ document: doc-a, text: the bridge fell at dawn }]',
        '',
      ].join('\n'),
    };
    // Only the usual warning: both voices are quoted from one article.
    const r = await expectCase(files, 0, [['claim/single-document', `${H}/object-claims.yaml`, 2, 9]]);
    const v = r.report.claims.find((c) => c.id === 'constructor');
    // has-own-property relays constructor: two voices (constructor, party rebels), not three.
    expect(v?.status).toBe('corroborated');
    expect(v?.support.map((s) => s.id).sort()).toEqual(['party:rebels', 'source:constructor']);
  });
});

describe('generated hostile files', () => {
  for (const [name, c] of Object.entries(GENERATED)) {
    it(name, async () => {
      await expectCase({ [`${H}/${name}`]: c.content() }, c.exit, c.findings.map(([rule, line, col]) => [rule, `${H}/${name}`, line, col]));
    });
  }

  it('a file over limits.maxFileBytes is reported, not read (configured limit)', async () => {
    const big = `claims:\n${'  # padding padding padding padding padding padding padding padding\n'.repeat(100)}`;
    const r = await expectCase({ [`${H}/big.yaml`]: big }, 1, [['file/too-large', `${H}/big.yaml`, 1, 1]], [], 'corpus: claims\nparties: [rebels, government]\nlimits:\n  maxFileBytes: 4096\n');
    expect(r.report.findings.find((f) => f.ruleId === 'file/too-large')?.message).toMatch(/over the 4,096-byte limit.*limits\.maxFileBytes/);
  });

  it('the configuration, which comes with the checkout, cannot lift the limits past the promised bound', async () => {
    const { runCli } = await import('../helpers/run.js');
    for (const limits of ['maxFileBytes: 1073741824', 'maxFindingsPerFile: 100000000']) {
      const dir = project();
      writeFiles(dir, { 'claims.config.yaml': `corpus: claims\nparties: [rebels, government]\nlimits:\n  ${limits}\n` });
      const r = await runCli(['check'], dir);
      expect(r.code, limits).toBe(2);
      expect(r.stderr, limits).toMatch(new RegExp(`claims\\.config\\.yaml:4:.*${limits.split(':')[0]}`));
    }
  });

  it('a file far larger than any claim file (6 MB) is refused under the default limit (5 MiB)', async () => {
    const line = '  # a very long claim file, far larger than anything written by hand............................\n';
    const huge = `claims:\n${line.repeat(Math.ceil((6 * 1024 * 1024) / line.length))}`;
    await expectCase({ [`${H}/huge.yaml`]: huge }, 1, [['file/too-large', `${H}/huge.yaml`, 1, 1]]);
  });

  it('a file given on standard input is held to the same limit', async () => {
    const dir = project({}, true);
    writeFiles(dir, { 'claims.config.yaml': 'corpus: claims\nparties: [rebels, government]\nlimits:\n  maxFileBytes: 2048\n' });
    const { runCli } = await import('../helpers/run.js');
    const r = await runCli(['check', '--format', 'json', '-', '--stdin-filename', 'claims/hostile/stdin.yaml'], dir, { readStdin: async () => enc(`claims:\n${'#'.repeat(5000)}\n`) });
    const report = JSON.parse(r.stdout) as import('../../src/report/types.js').Report;
    expect(findingsIn(report, 'claims/hostile/stdin.yaml')).toEqual([['file/too-large', 'claims/hostile/stdin.yaml', 1, 1]]);
    expect(r.code).toBe(1);
  });

  it('thousands of errors in one file: output bounded, exit 1, in bounded time', async () => {
    const lines = ['claims:'];
    for (let i = 0; i < 3000; i++) lines.push(`  - id: Bad_Id_${i}`, `    statement: ${i}`, '    assertions: nope', '    colour: red');
    const name = `${H}/thousands.yaml`;
    const dir = project({ [name]: `${lines.join('\n')}\n` });
    const t0 = Date.now();
    const r = await checkJson(dir);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const mine = r.report.findings.filter((f) => f.file === name);
    // maxFindingsPerFile (default 50) findings, plus one saying how many more there are.
    expect(mine).toHaveLength(51);
    const more = mine.find((f) => f.ruleId === 'schema/too-many-errors');
    expect(more?.message).toMatch(/^11950 more schema errors in this file not shown\./);
    expect(mine[0]).toMatchObject({ ruleId: 'schema/pattern', line: 2, column: 9 });
    expect(r.code).toBe(1);
  });
});

describe('links, special files and permissions in the corpus', () => {
  it('symlink loop, dangling link, link out of the project, folder link to a parent, folder link to itself', async () => {
    const dir = project();
    const h = path.join(dir, H);
    mkdirSync(path.join(h, 'sub'), { recursive: true });
    symlinkSync('loop-b.yaml', path.join(h, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', path.join(h, 'loop-b.yaml'));
    symlinkSync('nowhere.yaml', path.join(h, 'dangling.yaml'));
    const outside = tempDir('claims-outside-');
    writeFileSync(path.join(outside, 'secret.yaml'), 'claims: []\n');
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(h, 'outside.yaml'));
    symlinkSync(outside, path.join(h, 'outside-dir'));
    symlinkSync('../..', path.join(h, 'to-root'));
    symlinkSync('../../..', path.join(h, 'to-parent-of-project'));
    symlinkSync('.', path.join(h, 'sub', 'self'));
    // A link to another folder inside the project is fine, and a non-YAML link leading out is none of our business.
    symlinkSync('../base', path.join(h, 'base-again'));
    symlinkSync('/etc/hostname', path.join(h, 'notes.txt'));
    const r = await checkJson(dir);
    expect(findingsIn(r.report, H)).toEqual([
      ['file/dangling-symlink', `${H}/dangling.yaml`, 1, 1],
      ['file/symlink-loop', `${H}/loop-a.yaml`, 1, 1],
      ['file/symlink-loop', `${H}/loop-b.yaml`, 1, 1],
      ['file/outside-project', `${H}/outside-dir`, 1, 1],
      ['file/outside-project', `${H}/outside.yaml`, 1, 1],
      ['file/symlink-loop', `${H}/sub/self`, 1, 1],
      ['file/outside-project', `${H}/to-parent-of-project`, 1, 1],
      ['file/symlink-loop', `${H}/to-root`, 1, 1],
    ]);
    expect(r.code).toBe(1);
    // The base files were read once (not again through base-again), and the configuration was not read as a corpus file.
    expect(r.report.summary.files).toBe(3);
    expect(r.report.findings.filter((f) => f.ruleId === 'ref/duplicate-id')).toEqual([]);
  });

  it('a pipe named .yaml is reported, not read (reading it would block forever)', async () => {
    const dir = project();
    mkdirSync(path.join(dir, H), { recursive: true });
    const made = spawnSync('mkfifo', [path.join(dir, H, 'pipe.yaml')]);
    if (made.status !== 0) return void expect(made.error ?? made.stderr.toString()).toBeTruthy();
    const r = await checkJson(dir);
    expect(findingsIn(r.report, H)).toEqual([['file/unreadable', `${H}/pipe.yaml`, 1, 1]]);
    expect(r.code).toBe(1);
  });

  // chmod 000 stops reads only for ordinary users: root reads anything. Tests often run as root (containers,
  // CI), so as root the CLI is run as the unprivileged user "nobody" (uid 65534), for whom the permission
  // holds; if that is impossible the test asserts what root honestly gets (the file read and checked as usual)
  // and says so, instead of passing silently.
  it('an unreadable file and an unreadable folder are reported, the rest still checked', async () => {
    const dir = project({ [`${H}/locked.yaml`]: 'claims: []\n', [`${H}/locked-dir/inner.yaml`]: 'claims: []\n' });
    chmodSync(path.join(dir, H, 'locked.yaml'), 0o000);
    chmodSync(path.join(dir, H, 'locked-dir'), 0o000);
    const expected: Located[] = [
      ['file/unreadable', `${H}/locked-dir`, 1, 1],
      ['file/unreadable', `${H}/locked.yaml`, 1, 1],
    ];
    const isRoot = process.getuid?.() === 0;
    if (!isRoot) {
      const r = await checkJson(dir);
      expect(findingsIn(r.report, H)).toEqual(expected);
      expect(r.code).toBe(1);
      expect(r.report.claims.find((c) => c.id === 'bridge-taken')?.status).toBe('contested');
      return;
    }
    // As root: open the project to "nobody" (mkdtemp makes it private), keeping the two locked entries locked.
    const open = (p: string) => {
      const st = statSync(p);
      if (st.isDirectory()) {
        chmodSync(p, 0o755);
        for (const e of readdirSync(p)) open(path.join(p, e));
      } else chmodSync(p, 0o644);
    };
    open(dir);
    chmodSync(path.join(dir, H, 'locked.yaml'), 0o000);
    chmodSync(path.join(dir, H, 'locked-dir'), 0o000);
    const r = spawnSync(process.execPath, [BIN, 'check', '--format', 'json'], { cwd: dir, uid: 65534, gid: 65534, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    if (r.error || r.status === null || (r.status === 2 && /EACCES/.test(r.stderr))) {
      // Could not drop privileges (or "nobody" cannot run node from here): root reads the files, and that is right.
      console.warn(`hostile: running as root and could not run as "nobody" (${r.error?.message ?? r.stderr.trim()}); asserting root's behaviour instead`);
      const asRoot = await checkJson(dir);
      expect(findingsIn(asRoot.report, H)).toEqual([]);
      expect(asRoot.code).toBe(0);
      return;
    }
    const report = JSON.parse(r.stdout) as import('../../src/report/types.js').Report;
    expect(findingsIn(report, H)).toEqual(expected);
    expect(report.findings.find((f) => f.file === `${H}/locked.yaml`)?.message).toMatch(/permission denied/);
    expect(r.status).toBe(1);
    expect(report.claims.find((c) => c.id === 'bridge-taken')?.status).toBe('contested');
  });
});

describe('document text files that are hostile', () => {
  const docsFile = (docs: Array<[id: string, p: string]>) =>
    ['documents:', ...docs.flatMap(([id, p]) => [`  - id: ${id}`, `    path: ${p}`, '    publisher: Hostile', '    language: en'])].join('\n') + '\n';

  it('a symlink leading out of the project, a folder, binary text, invalid UTF-8, a missing file', async () => {
    const outside = tempDir('claims-outside-');
    writeFileSync(path.join(outside, 'secret.txt'), 'top secret');
    const dir = project({
      [`${H}/docs.yaml`]: docsFile([
        ['link-out', 'docs/link-out.txt'],
        ['a-folder', 'docs'],
        ['binary-text', 'docs/binary.txt'],
        ['latin1-text', 'docs/latin1.txt'],
        ['missing-text', 'docs/nope.txt'],
      ]),
      'docs/binary.txt': bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      'docs/latin1.txt': bytes('Caf', [0xe9]),
    });
    symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'docs', 'link-out.txt'));
    const r = await checkJson(dir);
    expect(findingsIn(r.report, H)).toEqual([
      ['document/outside-project', `${H}/docs.yaml`, 3, 11],
      ['document/unreadable', `${H}/docs.yaml`, 7, 11],
      ['document/unreadable', `${H}/docs.yaml`, 11, 11],
      ['document/unreadable', `${H}/docs.yaml`, 15, 11],
      ['document/missing-file', `${H}/docs.yaml`, 19, 11],
    ]);
    // The secret was never read: it appears nowhere in the output.
    expect(JSON.stringify(r.report)).not.toContain('top secret');
    expect(r.code).toBe(1);
  });
});

describe('no network, no code loading from input', () => {
  // The promise "nothing is read from the network" is kept by construction; this keeps it so.
  it('no source file imports a network module or evaluates code', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (e.name.endsWith('.ts')) files.push(path.join(d, e.name));
      }
    };
    walk(path.join(FIXTURES, '..', '..', '..', 'src'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      expect(src, f).not.toMatch(/from ['"](node:)?(http|https|http2|net|tls|dgram|dns|undici)['"]|\bfetch\(|\beval\(|new Function\(|\bvm\./);
    }
  });
});
