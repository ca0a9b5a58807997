// No link leaves the project, and no secret becomes evidence. Everything here arrives with a checkout (a pull
// request): document paths, links committed in the project, .gitignore, the configuration. Only the command line is
// trusted. Each test names the attack it replays.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, promises as fsPromises, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readRegularInside, writeFileAtomic } from '../../src/util/fs.js';
import { runCli, spawnCli } from '../helpers/run.js';
import { checkJson, findingsIn, project, tempDir, writeFiles } from './project.js';
import { H } from './cases.js';

const FORMATS = ['text', 'json', 'sarif', 'junit', 'github', 'markdown', 'html'] as const;

/** The credential actions/checkout leaves in .git/config (a fake one). */
const TOKEN = 'eC1hY2Nlc3MtdG9rZW46Z2hzX0ZBS0VGQUtFRkFLRQ';
const GIT_CONFIG = `[core]\n\trepositoryformatversion = 0\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${TOKEN}\n`;

/** A documents file with one entry per [id, path], and a claim quoting each (slightly wrong, so a hint would be printed). */
function secretCorpus(docs: Array<[id: string, p: string]>): Record<string, string> {
  return {
    [`${H}/documents.yaml`]: ['documents:', ...docs.flatMap(([id, p]) => [`  - id: ${id}`, `    path: ${p}`, '    publisher: Hostile', '    language: en'])].join('\n') + '\n',
    [`${H}/claims.yaml`]: [
      'claims:',
      '  - id: leak',
      '    statement: The header says so.',
      '    assertions:',
      '      - source: witness-two',
      '        stance: asserts',
      '        quotes:',
      ...docs.flatMap(([id]) => [`          - document: ${id}`, '            text: "extraheader = AUTHORIZATION: basic token"']),
      '',
    ].join('\n'),
  };
}

/** Every output of the CLI for `dir`: each format of check, and show in text and JSON, spawned (the real binary). */
function everyOutput(dir: string, env: Record<string, string> = {}): string {
  const outs: string[] = [];
  for (const format of FORMATS) {
    const r = spawnCli(['check', '--no-cache', '--format', format], dir, env);
    expect(r.code, `${format}: ${r.stderr}`).toBe(1);
    outs.push(r.stdout, r.stderr);
  }
  for (const format of ['text', 'json']) {
    const r = spawnCli(['show', 'leak', '--format', format], dir, env);
    outs.push(r.stdout, r.stderr);
  }
  return outs.join('\n');
}

describe('secrets inside the project are never evidence', () => {
  it('.git/config (a credential header) as a document: refused, and the header is in no output of any format', async () => {
    const dir = project(secretCorpus([['git-config', '.git/config'], ['git-upper', '.GIT/config']]));
    writeFiles(dir, { '.git/config': GIT_CONFIG, '.GIT/config': GIT_CONFIG });
    const r = await checkJson(dir, ['--no-cache']);
    expect(findingsIn(r.report, `${H}/documents.yaml`)).toEqual([
      ['document/excluded', `${H}/documents.yaml`, 3, 11],
      ['document/excluded', `${H}/documents.yaml`, 7, 11],
    ]);
    expect(r.report.findings.find((f) => f.ruleId === 'document/excluded')!.message).toMatch(/hidden name/);
    // The quotes were not searched in the text: nothing of it can be in a hint.
    expect(r.report.findings.some((f) => f.ruleId === 'quote/not-found')).toBe(false);
    const all = everyOutput(dir, { GITHUB_ACTIONS: 'true' });
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('AUTHORIZATION: basic e');
  }, 60_000);

  it('a link in the project to .git/config, and a link to a folder that holds it: refused by where they really lead', async () => {
    const dir = project(secretCorpus([['via-file-link', 'docs/notes.txt'], ['via-folder-link', 'repo/config']]));
    writeFiles(dir, { '.git/config': GIT_CONFIG });
    symlinkSync('../.git/config', path.join(dir, 'docs', 'notes.txt'));
    symlinkSync('.git', path.join(dir, 'repo'));
    const r = await checkJson(dir, ['--no-cache']);
    expect(findingsIn(r.report, `${H}/documents.yaml`).map(([rule, , line]) => [rule, line])).toEqual([
      ['document/excluded', 3],
      ['document/excluded', 7],
    ]);
    expect(JSON.stringify(r.report)).not.toContain(TOKEN);
    expect(everyOutput(dir)).not.toContain(TOKEN);
  }, 60_000);

  it('.gitignore (of the project and of a folder), .git/info/exclude and documents.exclude name files that are refused', async () => {
    const dir = project({
      ...secretCorpus([
        ['ignored', 'docs/credentials.txt'],
        ['nested', 'docs/private/notes.txt'],
        ['info-exclude', 'docs/local.txt'],
        ['configured', 'drafts/tip.txt'],
        ['kept', 'docs/a.txt'],
      ]),
      'claims.config.yaml': 'corpus: claims\nparties: [rebels, government]\ndocuments:\n  exclude: ["drafts/"]\n',
      '.gitignore': 'node_modules/\ncredentials.txt\n',
      'docs/private/.gitignore': 'notes.txt\n',
      '.git/info/exclude': '/docs/local.txt\n',
      'docs/credentials.txt': `token ${TOKEN}\n`,
      'docs/private/notes.txt': `token ${TOKEN}\n`,
      'docs/local.txt': `token ${TOKEN}\n`,
      'drafts/tip.txt': `token ${TOKEN}\n`,
    });
    const r = await checkJson(dir, ['--no-cache']);
    const excluded = r.report.findings.filter((f) => f.ruleId === 'document/excluded').map((f) => [f.line, f.message.replace(/^.*was not read: /, '')]);
    expect(excluded).toEqual([
      [3, expect.stringMatching(/^the pattern "credentials.txt" of .gitignore names it/)],
      [7, expect.stringMatching(/^the pattern "notes.txt" of docs\/private\/.gitignore names it/)],
      [11, expect.stringMatching(/^the pattern "\/docs\/local.txt" of .git\/info\/exclude names it/)],
      [15, expect.stringMatching(/^the documents.exclude pattern "drafts\/" of the configuration names it/)],
    ]);
    expect(JSON.stringify(r.report)).not.toContain(TOKEN);
    // The document that is not excluded is still read and its quote searched.
    expect(r.report.claims.find((c) => c.id === 'leak')!.assertions[0]!.quotes.find((q) => q.document === 'kept')!.verification).toBe('not-found');
  });

  it('ignore files are read up to 200 patterns in all (the work per document path is bounded); the hidden-name rule has no limit', async () => {
    const lines = ['first.txt', ...Array.from({ length: 248 }, (_, i) => `*x*x*x*x*x*x*x*x*x*x-${i}/**/*.y`), 'last.txt'];
    const dir = project({
      ...secretCorpus([['first', 'docs/first.txt'], ['last', 'docs/last.txt'], ['hidden', 'docs/.env']]),
      '.gitignore': `${lines.join('\n')}\n`,
      'docs/first.txt': 'x\n',
      'docs/last.txt': 'x\n',
      'docs/.env': `TOKEN=${TOKEN}\n`,
    });
    const r = await checkJson(dir, ['--no-cache']);
    // The document past the 200th pattern is read (it records no hash: an info, not a refusal).
    expect(findingsIn(r.report, `${H}/documents.yaml`).map(([rule, , line]) => [rule, line])).toEqual([
      ['document/excluded', 3],
      ['document/no-hash', 6],
      ['document/excluded', 11],
    ]);
  });

  it('documents.exclude is checked by the schema: a list of patterns', async () => {
    const dir = project({ 'claims.config.yaml': 'corpus: claims\ndocuments:\n  exclude: drafts/\n' });
    const r = await runCli(['check'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^claims: configuration error: claims.config.yaml:3:\d+: /);
  });
});

describe('claims hash reads texts the same way', () => {
  it('an excluded text, a pipe and a link out are refused (exit 1, no hang), the others hashed; a linked documents file is not written through', () => {
    const outside = tempDir('claims-outside-');
    writeFileSync(path.join(outside, 'o.txt'), 'outside\n');
    const dir = project(secretCorpus([['git-config', '.git/config'], ['pipe', 'docs/pipe.txt'], ['out', 'docs/out.txt'], ['ok', 'docs/a.txt']]));
    writeFiles(dir, { '.git/config': GIT_CONFIG });
    expect(spawnSync('mkfifo', [path.join(dir, 'docs', 'pipe.txt')]).status).toBe(0);
    symlinkSync(path.join(outside, 'o.txt'), path.join(dir, 'docs', 'out.txt'));
    const r = spawnCli(['hash'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/git-config: The document path ".git\/config" was not read: it is inside ".git"/);
    expect(r.stderr).toMatch(/pipe: The document path "docs\/pipe.txt" is not a regular file/);
    expect(r.stderr).toMatch(/out: The document path "docs\/out.txt" is a symbolic link to a file outside/);
    const docs = readFileSync(path.join(dir, H, 'documents.yaml'), 'utf8');
    expect(docs.match(/sha256:/g)).toHaveLength(1);
    // The documents file as a link (inside the project): hash refuses to write through it.
    renameSync(path.join(dir, H, 'documents.yaml'), path.join(dir, 'docs', 'real-documents.yaml'));
    writeFileSync(path.join(dir, 'docs', 'real-documents.yaml'), docs.replace(/^ {4}sha256: .*\n/m, ''));
    symlinkSync('../../docs/real-documents.yaml', path.join(dir, H, 'documents.yaml'));
    const linked = spawnCli(['hash'], dir);
    expect(linked.code).toBe(1);
    expect(linked.stderr).toMatch(/documents.yaml: not changed: .* is a symbolic link/);
    expect(readFileSync(path.join(dir, 'docs', 'real-documents.yaml'), 'utf8')).not.toMatch(/sha256:/);
  });
});

describe('document texts: the containment check and the read are one step', () => {
  it('a folder swapped for a link out after it was checked: the file opened is checked, and it is outside', () => {
    const dir = project();
    const outside = tempDir('claims-outside-');
    writeFileSync(path.join(outside, 'a.txt'), 'top secret\n');
    const dirs = new Map();
    const first = readRegularInside(dir, path.join(dir, 'docs', 'a.txt'), 1 << 20, dirs);
    expect(first.ok).toBe(true);
    // The swap: docs/ now leads outside, while the memo of checked folders still says it is inside.
    renameSync(path.join(dir, 'docs'), path.join(dir, 'docs-old'));
    symlinkSync(outside, path.join(dir, 'docs'));
    const second = readRegularInside(dir, path.join(dir, 'docs', 'a.txt'), 1 << 20, dirs);
    expect(second).toEqual({ ok: false, why: 'outside' });
  });

  it.skipIf(process.platform === 'win32')('pipes, folders, links to devices and files over the limit are refused without reading (and without hanging)', () => {
    const dir = project();
    expect(spawnSync('mkfifo', [path.join(dir, 'docs', 'pipe.txt')]).status).toBe(0);
    symlinkSync('/dev/zero', path.join(dir, 'docs', 'zero.txt'));
    writeFileSync(path.join(dir, 'docs', 'big.txt'), 'x'.repeat(5000));
    const read = (name: string, max = 1 << 20) => readRegularInside(dir, path.join(dir, 'docs', name), max);
    expect(read('pipe.txt')).toMatchObject({ ok: false, why: 'not-file' });
    expect(read('.')).toMatchObject({ ok: false, why: 'not-file' });
    expect(read('zero.txt')).toMatchObject({ ok: false, why: 'outside' });
    expect(read('big.txt', 4096)).toMatchObject({ ok: false, why: 'unreadable', code: 'EFBIG', size: 5000 });
    expect(read('big.txt', 5000)).toMatchObject({ ok: true });
    // A link inside the project to a file inside it is still followed.
    symlinkSync('a.txt', path.join(dir, 'docs', 'alias.txt'));
    expect(read('alias.txt')).toMatchObject({ ok: true, real: path.join(dir, 'docs', 'a.txt') });
  });

  it('the same through check: a pipe and a link to /dev/zero as documents are findings, and the run ends', async () => {
    const dir = project(secretCorpus([['pipe', 'docs/pipe.txt'], ['zero', 'docs/zero.txt']]));
    expect(spawnSync('mkfifo', [path.join(dir, 'docs', 'pipe.txt')]).status).toBe(0);
    symlinkSync('/dev/zero', path.join(dir, 'docs', 'zero.txt'));
    const r = await checkJson(dir, ['--no-cache']);
    expect(findingsIn(r.report, `${H}/documents.yaml`).map(([rule, , line]) => [rule, line])).toEqual([
      ['document/unreadable', 3],
      ['document/outside-project', 7],
    ]);
  });

  it('a missing text suggests no excluded name, also behind a folder link to .git', async () => {
    const dir = project(secretCorpus([['near-secret', 'repo/confi']]));
    writeFiles(dir, { '.git/config': GIT_CONFIG });
    symlinkSync('.git', path.join(dir, 'repo'));
    const r = await checkJson(dir, ['--no-cache']);
    const f = r.report.findings.find((x) => x.ruleId === 'document/missing-file')!;
    expect(f.message).not.toMatch(/Did you mean/);
  });

  it('a missing text behind a folder link out suggests no file name from outside', async () => {
    const outside = tempDir('claims-outside-');
    writeFileSync(path.join(outside, 'private-diary.txt'), 'x\n');
    const dir = project(secretCorpus([['gone', 'out/private-diary.tx']]));
    symlinkSync(outside, path.join(dir, 'out'));
    const r = await checkJson(dir, ['--no-cache']);
    expect(JSON.stringify(r.report)).not.toContain('private-diary.txt');
  });
});

describe('--output never leaves the project through a committed link', () => {
  const outsideFile = () => {
    const outside = tempDir('claims-outside-');
    const victim = path.join(outside, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    return { outside, victim };
  };

  it('claims.sarif committed as a link to a file outside: usage error (2), the outside file unchanged', () => {
    const { victim } = outsideFile();
    const dir = project();
    symlinkSync(victim, path.join(dir, 'claims.sarif'));
    const r = spawnCli(['check', '--no-cache', '--format', 'sarif', '--output', 'claims.sarif'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^claims: --output: claims.sarif is a symbolic link, so it was not written/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    // A link to a file inside the project is refused too: the target is never written through.
    rmSync(path.join(dir, 'claims.sarif'));
    symlinkSync('docs/a.txt', path.join(dir, 'claims.sarif'));
    expect(spawnCli(['check', '--no-cache', '--format', 'sarif', '--output', 'claims.sarif'], dir).code).toBe(2);
    expect(readFileSync(path.join(dir, 'docs', 'a.txt'), 'utf8')).toMatch(/^The fighters/);
  });

  it('a report replayed from the cache is refused the same way', () => {
    const { victim } = outsideFile();
    const dir = project();
    const args = ['check', '--format', 'sarif', '--output', 'claims.sarif'];
    expect(spawnCli(args, dir).code).toBe(0);
    expect(spawnCli([...args, '--debug'], dir).stderr).toMatch(/replayed/);
    rmSync(path.join(dir, 'claims.sarif'));
    symlinkSync(victim, path.join(dir, 'claims.sarif'));
    const r = spawnCli([...args, '--debug'], dir);
    expect(r.stderr).toMatch(/replayed/);
    expect(r.code).toBe(2);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('a folder swapped for a link out between the check and the write: refused, nothing left outside', async () => {
    const { outside } = outsideFile();
    const dir = project();
    const reports = path.join(dir, 'reports');
    mkdirSync(reports);
    const realpath = fsPromises.realpath.bind(fsPromises);
    // The swap happens just after the folder's real path was taken (where a concurrent attacker would strike).
    const spy = vi.spyOn(fsPromises, 'realpath').mockImplementation(async (p, ...rest) => {
      const real = await realpath(p as string, ...(rest as []));
      if (p === reports) {
        renameSync(reports, `${reports}-old`);
        symlinkSync(outside, reports);
      }
      return real;
    });
    try {
      await expect(writeFileAtomic(path.join(reports, 'claims.sarif'), '{}', { root: dir })).rejects.toMatchObject({ code: 'EOUTSIDE' });
    } finally {
      spy.mockRestore();
    }
    expect(readdirSync(outside)).toEqual(['victim.txt']);
  });

  it('a dangling link at the target, and a folder link out above it: refused, nothing created outside', () => {
    const { outside } = outsideFile();
    const dir = project();
    symlinkSync(path.join(outside, 'created.sarif'), path.join(dir, 'dangling.sarif'));
    symlinkSync(outside, path.join(dir, 'reports'));
    for (const out of ['dangling.sarif', 'reports/claims.sarif', path.join(dir, 'reports', 'abs.sarif')]) {
      const r = spawnCli(['check', '--no-cache', '--format', 'sarif', '--output', out], dir);
      expect(r.code, out).toBe(2);
      expect(r.stderr, out).toMatch(/^claims: --output: .*(symbolic link|outside the project)/);
    }
    expect(existsSync(path.join(outside, 'created.sarif'))).toBe(false);
    expect(existsSync(path.join(outside, 'claims.sarif'))).toBe(false);
    expect(existsSync(path.join(outside, 'abs.sarif'))).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('a pipe committed at the target is refused (no hang)', () => {
    const dir = project();
    expect(spawnSync('mkfifo', [path.join(dir, 'claims.sarif')]).status).toBe(0);
    const r = spawnCli(['check', '--no-cache', '--format', 'sarif', '--output', 'claims.sarif'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a regular file/);
  });

  it('a path outside the project that the user names is written, as given (the command line is trusted)', () => {
    const { outside } = outsideFile();
    const dir = project();
    const r = spawnCli(['check', '--no-cache', '--format', 'json', '--output', path.join(outside, 'report.json')], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(outside, 'report.json'), 'utf8'))).toMatchObject({ summary: { errors: 0 } });
    // …also through the user's own link outside the project.
    symlinkSync(path.join(outside, 'report.json'), path.join(outside, 'latest.json'));
    expect(spawnCli(['check', '--no-cache', '--format', 'json', '--output', path.join(outside, 'latest.json')], dir).code).toBe(0);
    // And an ordinary file inside the project is written as before.
    expect(spawnCli(['check', '--no-cache', '--format', 'sarif', '--output', 'claims.sarif'], dir).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'claims.sarif'), 'utf8'))).toHaveProperty('runs');
  });
});

describe('the configuration is untrusted: its paths are contained', () => {
  const withOutsideClaims = () => {
    const outside = tempDir('claims-outside-');
    writeFiles(outside, { 'claims/x.yaml': 'claims:\n  - id: outside-secret-claim\n    statement: x\n' });
    return outside;
  };

  it('corpus: absolute, "..", a link out, a folder below a link out: configuration error (2) at the value; nothing outside read', async () => {
    const outside = withOutsideClaims();
    const parent = tempDir('claims-parent-');
    const dir = path.join(parent, 'project');
    mkdirSync(dir);
    writeFiles(dir, { 'claims/a.yaml': 'claims: []\n' });
    writeFiles(parent, { 'sibling/x.yaml': 'claims:\n  - id: sibling-claim\n    statement: x\n' });
    symlinkSync(outside, path.join(dir, 'linked'));
    for (const [config, where] of [
      [`corpus: ${path.join(outside, 'claims')}\n`, '1:9'],
      ['corpus: ../sibling\n', '1:9'],
      ['corpus: [claims, linked/claims]\n', '1:18'],
      ['corpus:\n  - claims\n  - linked\n', '3:5'],
    ] as const) {
      writeFileSync(path.join(dir, 'claims.config.yaml'), config);
      for (const args of [['check', '--format', 'json'], ['check', '--no-cache'], ['hash'], ['show', 'outside-secret-claim']]) {
        const r = await runCli(args, dir);
        expect(r.code, `${config} ${args.join(' ')}`).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`^claims: configuration error: claims.config.yaml:${where}: corpus ".*" (is an absolute path|leads outside the project).*\\(config/outside-project\\)\\n$`));
        expect(r.stdout).not.toMatch(/outside-secret-claim|sibling-claim/);
      }
    }
  });

  it('a corpus folder that becomes a link out after its configuration was cached is still refused', async () => {
    const outside = withOutsideClaims();
    const dir = project();
    const env = { XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'] ?? path.join(dir, '.xdg') };
    expect((await runCli(['check'], dir, { env })).code).toBe(0);
    expect((await runCli(['check'], dir, { env })).code).toBe(0);
    rmSync(path.join(dir, 'claims'), { recursive: true });
    symlinkSync(path.join(outside, 'claims'), path.join(dir, 'claims'));
    const r = await runCli(['check', '--format', 'json'], dir, { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^claims: configuration error: claims.config.yaml:1:9: corpus "claims" leads outside the project folder through a symbolic link/);
    expect(r.stdout).not.toContain('outside-secret-claim');
  });

  it('a claims.config.yaml committed as a link to a file outside, or as a pipe: configuration error, not read', async () => {
    const outside = tempDir('claims-outside-');
    writeFileSync(path.join(outside, 'secret.yaml'), `corpus: claims\nsecret_key_${TOKEN}: 1\n`);
    const dir = project();
    rmSync(path.join(dir, 'claims.config.yaml'));
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'claims.config.yaml'));
    const r = await runCli(['check', '--no-cache'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/symbolic link to a file outside the project folder/);
    expect(r.stderr).not.toContain(TOKEN);
    // Named on the command line, the same file is the user's choice, and is read.
    const explicit = await runCli(['check', '--no-cache', '--config', path.join(outside, 'secret.yaml')], dir);
    expect(explicit.stderr).toMatch(/configuration error/);
    rmSync(path.join(dir, 'claims.config.yaml'));
    if (process.platform !== 'win32') {
      expect(spawnSync('mkfifo', [path.join(dir, 'claims.config.yaml')]).status).toBe(0);
      const p = spawnCli(['check', '--no-cache'], dir);
      expect(p.code).toBe(2);
      expect(p.stderr).toMatch(/not a regular file/);
    }
  });

  it('configuration errors carry no raw terminal escape from the file', async () => {
    const dir = project();
    for (const config of ['corpus: "../\\e]0;pwned\\a\\e[2J"\n', '"\\e[31mkey\\e[0m": 1\n', 'corpus: claims\nparties: ["\\u009b31m"]\n']) {
      writeFileSync(path.join(dir, 'claims.config.yaml'), config);
      const r = await runCli(['check', '--no-cache'], dir);
      expect(r.code, config).toBe(2);
      expect(r.stderr, config).toMatch(/^claims: configuration error: /);
      // eslint-disable-next-line no-control-regex
      expect(r.stderr, config).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(r.stderr, config).toMatch(/\\u001b|\\u009b/);
    }
  });
});

describe('discovery: folder links and loops in the corpus', () => {
  it('a folder link out of the project, loops between folders and a link to an ancestor: findings, nothing outside read', async () => {
    const outside = tempDir('claims-outside-');
    writeFiles(outside, { 'deep/x.yaml': 'claims:\n  - id: outside-claim\n    statement: x\n' });
    const dir = project();
    const h = path.join(dir, H);
    mkdirSync(path.join(h, 'a'), { recursive: true });
    symlinkSync(outside, path.join(h, 'out'));
    symlinkSync(path.join(outside, 'deep'), path.join(h, 'a', 'deep-out'));
    symlinkSync('../b', path.join(h, 'a', 'to-b'));
    mkdirSync(path.join(h, 'b'));
    symlinkSync('../a', path.join(h, 'b', 'to-a'));
    symlinkSync(path.dirname(dir), path.join(h, 'ancestor'));
    const r = await checkJson(dir, ['--no-cache']);
    expect(findingsIn(r.report, H).map(([rule, file]) => [rule, file])).toEqual([
      ['file/outside-project', `${H}/a/deep-out`],
      ['file/symlink-loop', `${H}/a/to-b/to-a`],
      ['file/outside-project', `${H}/ancestor`],
      ['file/outside-project', `${H}/out`],
    ]);
    expect(JSON.stringify(r.report)).not.toContain('outside-claim');
  });
});
