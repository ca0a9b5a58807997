// `claims add`: the YAML list edit (comments, CRLF, indentation kept), slug ids, flags, and prompts on a pseudo-terminal.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendToList } from '../src/edit/yaml-list.js';
import { slugify, uniqueId, MAX_SLUG } from '../src/edit/slug.js';
import { parseYaml } from '../src/load/yaml.js';
import { BIN, runCli } from './helpers/run.js';
import { BASE_FILES, claimFile, makeProject } from './helpers/project.js';

const edited = (text: string, p: Array<string | number>, entry: Parameters<typeof appendToList>[2]): string => {
  const r = appendToList(text, p, entry);
  if ('error' in r) throw new Error(r.error);
  return r.text;
};

describe('appendToList keeps the file as it was written', () => {
  it('adds after the last item, keeping comments, blank lines between entries and the trailing comment', () => {
    const text = '# head\nsources:\n  # --- A ---\n  - id: a\n    name: A # why\n\n  - id: b\n    name: B\n\n# end\n';
    expect(edited(text, ['sources'], { id: 'c', name: 'C' })).toBe('# head\nsources:\n  # --- A ---\n  - id: a\n    name: A # why\n\n  - id: b\n    name: B\n\n  - id: c\n    name: C\n\n# end\n');
  });

  it('keeps CRLF line endings and unindented lists', () => {
    const text = 'claims:\r\n- id: a\r\n  statement: s\r\n  assertions:\r\n  - source: x\r\n    stance: asserts\r\n    quotes:\r\n    - document: d\r\n      text: t\r\n';
    const out = edited(text, ['claims', 0, 'assertions', 0, 'quotes'], { document: 'd', text: 'u' });
    expect(out).toBe(`${text}    - document: d\r\n      text: u\r\n`);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('turns an empty flow list into a block list, keeping the comment after it', () => {
    const out = edited('sources: [] # none yet\n# Replace [] above\n', ['sources'], { id: 'a', name: 'A' });
    expect(out).toBe('sources: # none yet\n  - id: a\n    name: A\n# Replace [] above\n');
  });

  it('adds a missing quotes key at the indentation of its map', () => {
    const text = 'claims:\n  - id: a\n    statement: s\n    assertions:\n      - source: x\n        stance: asserts # c\n';
    expect(edited(text, ['claims', 0, 'assertions', 0, 'quotes'], { document: 'd', text: 'x' })).toBe(`${text}        quotes:\n          - document: d\n            text: x\n`);
  });

  it('quotes a value that YAML would read as something else, and the result reads back', () => {
    const out = edited('claims: []\n', ['claims'], { id: 'a', statement: 'yes: "no" # not a comment', assertions: [] });
    expect(parseYaml(out).value).toEqual({ claims: [{ id: 'a', statement: 'yes: "no" # not a comment', assertions: [] }] });
  });

  it('refuses a file with YAML errors, leaving it alone', () => {
    expect(appendToList('sources:\n  - id: a\n   name: [\n', ['sources'], { id: 'b' })).toHaveProperty('error');
  });
});

describe('slug ids', () => {
  it('folds accents to ASCII, joins words with hyphens and stays short', () => {
    expect(slugify("Les talibans s'emparent du poste-frontière de Spin Boldak")).toBe('les-talibans-s-emparent-du-poste-frontiere-de-spin-boldak');
    expect(slugify('Straße über Łódź')).toBe('strasse-uber-lodz');
    const long = slugify('word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(MAX_SLUG);
    expect(long).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slugify('طالبان')).toBe('');
  });

  it('adds -2, -3 to a made id that is taken', () => {
    expect(uniqueId('a', new Set(['a', 'a-2']))).toBe('a-3');
  });
});

const project = () => makeProject({ ...BASE_FILES, 'claims/bridge.yaml': claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dawn']]) });

describe('claims add through flags', () => {
  it('adds a source to the sources file, with an id made from its name', async () => {
    const dir = project();
    const r = await runCli(['add', 'source', '--name', 'Témoin trois', '--kind', 'person'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('added source "temoin-trois" to claims/sources.yaml:15\n');
    expect(readFileSync(path.join(dir, 'claims/sources.yaml'), 'utf8')).toBe(`${BASE_FILES['claims/sources.yaml']}  - id: temoin-trois\n    name: Témoin trois\n    kind: person\n`);
    expect((await runCli(['check'], dir)).code).toBe(0);
  });

  it('suffixes a made id that exists, and refuses an --id that exists (exit 2, nothing written)', async () => {
    const dir = project();
    expect((await runCli(['add', 'source', '--name', 'Witness One'], dir)).stdout).toContain('"witness-one-2"');
    const before = readFileSync(path.join(dir, 'claims/sources.yaml'), 'utf8');
    const r = await runCli(['add', 'source', '--name', 'Someone', '--id', 'official'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--id "official" is taken');
    expect(readFileSync(path.join(dir, 'claims/sources.yaml'), 'utf8')).toBe(before);
  });

  it('names a missing required flag (exit 2)', async () => {
    const dir = project();
    const r = await runCli(['add', 'document', '--publisher', 'Wire', '--path', 'docs/a.txt'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing --language');
    const c = await runCli(['add', 'claim', '--statement', 'The bridge fell.'], dir);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('missing --file');
  });

  it('refuses bad values, a flag of another type, and an unknown type, with a suggestion', async () => {
    const dir = project();
    expect((await runCli(['add', 'source', '--name', 'X', '--kind', 'persn'], dir)).stderr).toContain('Did you mean "person"?');
    expect((await runCli(['add', 'claim', '--file', 'claims/bridge.yaml', '--statement', 'S', '--date', '14/07/2021'], dir)).stderr).toContain('is not a date');
    expect((await runCli(['add', 'source', '--name', 'X', '--statement', 'S'], dir)).stderr).toContain('--statement is not a field of a source');
    const r = await runCli(['add', 'sources'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean "source"?');
  });

  it('adds a document with its text hash, and a claim to a new claims file', async () => {
    const dir = project();
    const d = await runCli(['add', 'document', '--path', 'docs/a.txt', '--publisher', 'Wire', '--language', 'en', '--id', 'doc-b'], dir);
    expect(d.code).toBe(0);
    expect(readFileSync(path.join(dir, 'claims/documents.yaml'), 'utf8')).toMatch(/ {2}- id: doc-b\n {4}path: docs\/a.txt\n {4}publisher: Wire\n {4}language: en\n {4}sha256: [0-9a-f]{64}\n$/);
    expect((await runCli(['add', 'document', '--path', 'docs/nope.txt', '--publisher', 'W', '--language', 'en'], dir)).stderr).toContain('there is no file docs/nope.txt');
    const c = await runCli(['add', 'claim', '--file', 'claims/new.yaml', '--statement', 'Officials denied the bridge was taken.', '--places', 'Bridge, Town'], dir);
    expect(c.code).toBe(0);
    expect(readFileSync(path.join(dir, 'claims/new.yaml'), 'utf8')).toBe('claims:\n  - id: officials-denied-the-bridge-was-taken\n    statement: Officials denied the bridge was taken.\n    event:\n      places:\n        - Bridge\n        - Town\n    assertions: []\n');
    expect((await runCli(['add', 'claim', '--file', 'elsewhere/x.yaml', '--statement', 'S'], dir)).stderr).toContain('is not in the corpus');
  });
});

/** Drive the real executable on a pseudo-terminal (util-linux `script`), answering each prompt when it shows. */
function onTerminal(dir: string, args: string[], answers: Array<[prompt: string, keys: string]>): Promise<{ code: number | null; out: string }> {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', `exec ${cmd}`, '/dev/null'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', TERM: 'dumb', NO_COLOR: '1' } });
  let out = '';
  let next = 0;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    while (next < answers.length && out.split(answers[next]![0]).length - 1 > answers.slice(0, next).filter(([p]) => p === answers[next]![0]).length) {
      child.stdin.write(answers[next]![1]);
      next++;
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => child.on('close', (code) => (clearTimeout(timer), resolve({ code, out }))));
}

describe('claims add on a terminal', () => {
  it('asks for each field, re-asks after a bad answer, offers the made id, and writes the entry', async () => {
    const dir = project();
    const r = await onTerminal(dir, ['add', 'source'], [
      ['Name', 'Un habitant de Spin Boldak\r'],
      ['Role', '\r'],
      ['Kind', 'persn\r'],
      ['Kind', 'group\r'],
      ['Party', '\r'],
      ['withheld', 'y\r'],
      ['reliability', '\r'],
      ['Id [un-habitant-de-spin-boldak]', '\r'],
    ]);
    expect(r.out).toContain('Did you mean "person"?');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'claims/sources.yaml'), 'utf8')).toBe(`${BASE_FILES['claims/sources.yaml']}  - id: un-habitant-de-spin-boldak\n    name: Un habitant de Spin Boldak\n    kind: group\n    anonymous: true\n`);
  }, 30_000);

  it('asks which claims file a claim goes in, offering the existing one', async () => {
    const dir = project();
    const r = await onTerminal(dir, ['add', 'claim', '--date', '2021-07-14'], [
      ['Statement', 'The bridge reopened.\r'],
      ['Places', 'Bridge\r'],
      ['Parties', '\r'],
      ['Tags', '\r'],
      ['Id [the-bridge-reopened]', '\r'],
      ['Claims file (an existing', 'elsewhere/x.yaml\r'],
      ['Claims file (an existing', '\r'],
    ]);
    expect(r.out).toContain('Claims files: claims/bridge.yaml');
    expect(r.out).toContain('is not in the corpus');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'claims/bridge.yaml'), 'utf8')).toContain('  - id: the-bridge-reopened\n    statement: The bridge reopened.\n    event:\n      date: 2021-07-14\n      places:\n        - Bridge\n    assertions: []\n');
  }, 30_000);

  it('writes nothing and exits 130 on Ctrl-C at a prompt', async () => {
    const dir = project();
    const before = readFileSync(path.join(dir, 'claims/sources.yaml'), 'utf8');
    const r = await onTerminal(dir, ['add', 'source'], [
      ['Name', 'Someone\r'],
      ['Role', '\u0003'],
    ]);
    expect(r.code).toBe(130);
    expect(r.out).toContain('cancelled; nothing was written');
    expect(readFileSync(path.join(dir, 'claims/sources.yaml'), 'utf8')).toBe(before);
  }, 30_000);
});

describe('claims add never writes through a link', () => {
  it('never edits a ledger file that is a link out (exit 2, the outside file unchanged)', async () => {
    const dir = project();
    const outside = makeProject({ 'sources.yaml': 'sources: []\n' });
    const { rmSync, symlinkSync } = await import('node:fs');
    rmSync(path.join(dir, 'claims/sources.yaml'));
    symlinkSync(path.join(outside, 'sources.yaml'), path.join(dir, 'claims/sources.yaml'));
    const r = await runCli(['add', 'source', '--name', 'Someone', '--file', 'claims/sources.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot be edited');
    expect(readFileSync(path.join(outside, 'sources.yaml'), 'utf8')).toBe('sources: []\n');
  });
});
