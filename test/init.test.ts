// `claims init` never writes through a symbolic link, and pins claims in package.json for the workflow's `npm ci`.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run.js';
import { VERSION } from '../src/version.js';
import { addDevDependency } from '../src/edit/package-json.js';

const tmp = (prefix = 'claims-init-') => mkdtempSync(path.join(os.tmpdir(), prefix));

/** Every path under `dir`, links included but not followed, with what is there. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path.join(dir, r));
      out.push(`${r}${st.isSymbolicLink() ? ' (link)' : st.isDirectory() ? '/' : ''}`);
      if (st.isDirectory() && !st.isSymbolicLink()) walk(r);
    }
  };
  walk('');
  return out.sort();
}

describe('claims init refuses symbolic links, with or without --force', () => {
  const cases: Array<[string, (project: string, outside: string) => void, string]> = [
    ['a .github link to a folder outside', (p, o) => symlinkSync(o, path.join(p, '.github')), '.github is a symbolic link'],
    ['a .github/workflows link', (p, o) => (mkdirSync(path.join(p, '.github')), symlinkSync(o, path.join(p, '.github', 'workflows'))), '.github/workflows is a symbolic link'],
    ['a claims folder that links elsewhere in the project', (p) => (mkdirSync(path.join(p, 'elsewhere')), symlinkSync('elsewhere', path.join(p, 'claims'))), 'claims is a symbolic link'],
    ['a dangling link at a scaffold file', (p, o) => (mkdirSync(path.join(p, 'claims')), symlinkSync(path.join(o, 'new.yaml'), path.join(p, 'claims', 'example.yaml'))), 'claims/example.yaml is a symbolic link'],
    ['a link at a scaffold file to a file outside', (p, o) => (writeFileSync(path.join(o, 'victim'), 'keep\n'), symlinkSync(path.join(o, 'victim'), path.join(p, 'claims.config.yaml'))), 'claims.config.yaml is a symbolic link'],
    ['a dangling link at package.json', (p, o) => symlinkSync(path.join(o, 'package.json'), path.join(p, 'package.json')), 'package.json is a symbolic link'],
  ];
  for (const [name, arrange, message] of cases) {
    for (const force of [false, true]) {
      it(`${name}${force ? ' (--force)' : ''}: exit 2, nothing written inside or outside`, async () => {
        const project = tmp();
        const outside = tmp('claims-outside-');
        arrange(project, outside);
        const before = { inside: tree(project), outside: tree(outside), victim: existsSync(path.join(outside, 'victim')) ? readFileSync(path.join(outside, 'victim'), 'utf8') : undefined };
        const r = await runCli(['init', ...(force ? ['--force'] : [])], project);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(message);
        expect(r.stderr).toMatch(/^claims: not writing: .*; nothing was written\. Remove the link \(a link in a repository could send the files anywhere\); --force does not follow links either\.\n$/);
        expect(tree(project)).toEqual(before.inside);
        expect(tree(outside)).toEqual(before.outside);
        if (before.victim !== undefined) expect(readFileSync(path.join(outside, 'victim'), 'utf8')).toBe(before.victim);
      });
    }
  }

  it('a folder where a scaffold file goes: exit 2, nothing written', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'claims', 'example.yaml'), { recursive: true });
    const r = await runCli(['init', '--force'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('claims: not writing: claims/example.yaml is a folder; nothing was written. Move it away and run claims init again.\n');
    expect(tree(dir)).toEqual(['claims/', 'claims/example.yaml/']);
  });

  it('names the folder given on the command line in the message', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'ledger'));
    symlinkSync(tmp('claims-outside-'), path.join(dir, 'ledger', '.github'));
    const r = await runCli(['init', 'ledger'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^claims: not writing: ledger\/\.github is a symbolic link; nothing was written/);
  });
});

describe('claims init pins claims in package.json', () => {
  const init = async (pkg: string | undefined, args: string[] = []) => {
    const dir = tmp();
    if (pkg !== undefined) writeFileSync(path.join(dir, 'package.json'), pkg);
    const r = await runCli(['init', ...args], dir);
    return { ...r, dir, pkg: existsSync(path.join(dir, 'package.json')) ? readFileSync(path.join(dir, 'package.json'), 'utf8') : undefined };
  };

  it('creates one, private, with claims at exactly this version', async () => {
    const r = await init(undefined);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.pkg!)).toEqual({ name: 'claims-ledger', private: true, devDependencies: { claims: VERSION } });
    expect(r.stdout).toContain(`created package.json (claims ${VERSION} as a devDependency)\n`);
  });

  it('adds to an existing one as a text edit: indentation, CRLF, key order and the other entries kept', async () => {
    const pkg = '{\r\n    "name": "newsroom",\r\n    "scripts": { "test": "x" },\r\n    "devDependencies": {\r\n        "prettier": "3.0.0"\r\n    },\r\n    "private": true\r\n}\r\n';
    const r = await init(pkg);
    expect(r.code).toBe(0);
    expect(r.pkg).toBe(pkg.replace('"prettier": "3.0.0"', `"prettier": "3.0.0",\r\n        "claims": "${VERSION}"`));
    expect(r.stdout).toContain(`added claims ${VERSION} to the devDependencies of package.json\n`);
  });

  it('adds devDependencies as the last key when there is none, at the file indentation', async () => {
    const r = await init('{\n  "name": "newsroom",\n  "version": "1.0.0"\n}\n');
    expect(r.pkg).toBe(`{\n  "name": "newsroom",\n  "version": "1.0.0",\n  "devDependencies": {\n    "claims": "${VERSION}"\n  }\n}\n`);
  });

  it.each([
    ['a one-line file', '{"name":"n"}', `{"name":"n", "devDependencies": { "claims": "${VERSION}" }}`],
    ['an empty devDependencies', '{\n  "name": "n",\n  "devDependencies": {}\n}\n', `{\n  "name": "n",\n  "devDependencies": {\n    "claims": "${VERSION}"\n  }\n}\n`],
    ['a byte order mark and strings holding braces', '\uFEFF{\n  "description": "a } or a \\" {",\n  "devDependencies": { "a": "1" }\n}\n', `\uFEFF{\n  "description": "a } or a \\" {",\n  "devDependencies": { "a": "1", "claims": "${VERSION}" }\n}\n`],
  ])('%s', (_, text, expected) => {
    const edit = addDevDependency(text, { spec: VERSION, explicit: false, force: false });
    expect(edit).toMatchObject({ text: expected });
    JSON.parse(expected.replace(/^\uFEFF/, ''));
  });

  it('keeps an entry that pins claims otherwise (a tarball, a git tag): exit 0, package.json untouched', async () => {
    const pkg = '{\n  "devDependencies": { "claims": "file:vendor/claims-0.1.0.tgz" }\n}\n';
    const r = await init(pkg);
    expect(r.code).toBe(0);
    expect(r.pkg).toBe(pkg);
    expect(r.stdout).toContain('package.json already lists claims file:vendor/claims-0.1.0.tgz; kept');
    expect(r.stdout).not.toMatch(/npm install/);
  });

  it('an explicit --package-spec never replaces an entry without --force: exit 2 and nothing at all written; with --force it does', async () => {
    const pkg = '{\n  "dependencies": { "claims": "0.0.9" }\n}\n';
    const r = await init(pkg, ['--package-spec', 'github:newsroom/claims#v0.1.0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('claims: package.json: lists claims 0.0.9 in dependencies, not github:newsroom/claims#v0.1.0; use --force to replace it. Nothing was written.\n');
    expect(r.pkg).toBe(pkg);
    expect(readdirSync(r.dir)).toEqual(['package.json']);
    const forced = await runCli(['init', '--force', '--package-spec', 'github:newsroom/claims#v0.1.0'], r.dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(r.dir, 'package.json'), 'utf8')).toBe(pkg.replace('"0.0.9"', '"github:newsroom/claims#v0.1.0"'));
  });

  it('--package-spec on a new ledger pins what was asked', async () => {
    const r = await init(undefined, ['--package-spec', 'file:vendor/claims-0.1.0.tgz']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.pkg!).devDependencies).toEqual({ claims: 'file:vendor/claims-0.1.0.tgz' });
  });

  it('an entry that already matches is left as it is', async () => {
    const pkg = `{"devDependencies":{"claims":"${VERSION}"}}`;
    const r = await init(pkg);
    expect(r.code).toBe(0);
    expect(r.pkg).toBe(pkg);
    expect(r.stdout).toContain(`package.json already lists claims ${VERSION}\n`);
  });

  it.each([
    ['not JSON', '{ "name": ', /^claims: package\.json: is not valid JSON \(.+\); fix it, or move it away and run claims init again\. Nothing was written\.\n$/],
    ['not an object', '[]', /does not hold a JSON object/],
    ['devDependencies not an object', '{"devDependencies": []}', /has a "devDependencies" that is not an object/],
  ])('a package.json that is %s: exit 2, nothing written, even with --force', async (_, pkg, message) => {
    for (const args of [[], ['--force']]) {
      const r = await init(pkg, args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.pkg).toBe(pkg);
      expect(readdirSync(r.dir)).toEqual(['package.json']);
    }
  });

  it('refuses an empty or control-character --package-spec', async () => {
    for (const spec of ['', ' ', 'a\nb']) {
      const r = await init(undefined, ['--package-spec', spec]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--package-spec needs a package spec/);
      expect(readdirSync(r.dir)).toEqual([]);
    }
  });
});
