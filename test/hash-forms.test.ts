// `claims hash` on every form a `sha256:` value can take in YAML: the file it writes always reads back with the
// project's loader, with the hash set and everything else (comments, key order, line endings) as it was.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run.js';
import { BASE_FILES, makeProject } from './helpers/project.js';
import { checkFileBytes } from '../src/validate/file.js';
import { setDocumentHashes } from '../src/edit/hashes.js';

const HASH_A = createHash('sha256').update(BASE_FILES['docs/a.txt']!).digest('hex');
const OLD = 'a'.repeat(64);

/** A documents file whose entry doc-a has `form` (indented for the entry's keys) between path and publisher. */
const entry = (form: string) =>
  ['# the documents of this test', 'documents:', '  - id: doc-a # the wire copy', '    path: docs/a.txt', `    ${form}`, '    publisher: Wire # who carried it', '    language: en', ''].join('\n');

/** [name, the sha256 key and value as written, a comment inside it that must survive] */
const FORMS: Array<[string, string, string?]> = [
  ['empty', 'sha256:'],
  ['empty, with a comment', 'sha256: # fill in', '# fill in'],
  ['null ~', 'sha256: ~'],
  ['null', 'sha256: null'],
  ['plain, wrong', `sha256: ${OLD}`],
  ['plain, with a comment', `sha256: ${OLD} # old text`, '# old text'],
  ['single-quoted', `sha256: '${OLD}'`],
  ['double-quoted', `sha256: "${OLD}"`],
  ['quoted key', `"sha256": ${OLD}`],
  ['explicit key', `? sha256\n    : ${OLD}`],
  ['anchor', `sha256: &h ${OLD}`],
  ['anchor, empty', 'sha256: &h'],
  ['tag !!str', `sha256: !!str ${OLD}`],
  ['tag !!str, empty', 'sha256: !!str'],
  ['anchor, tag and comment', `sha256: &h !!str ${OLD} # tagged`, '# tagged'],
  ['block literal', `sha256: |\n      ${OLD}`],
  ['block folded, chomped, with a comment', `sha256: >- # folded\n      ${OLD.slice(0, 32)}\n      ${OLD.slice(32)}`, '# folded'],
  ['block literal, kept', `sha256: |+\n      ${OLD}\n`],
  ['flow list', 'sha256: [a, b]'],
  ['flow list, with a comment', 'sha256: [a, b] # two', '# two'],
  ['flow map', 'sha256: {a: b}'],
  ['block list', 'sha256:\n      - a\n      - b'],
  ['block list, with a comment', 'sha256: # list\n      - a\n      - b', '# list'],
  ['block map', 'sha256:\n      a: b'],
  ['a number', 'sha256: 12345'],
  ['missing', 'title: no hash yet'],
];

/** The loaded documents file: every finding of the project's loader, and doc-a as read. */
function load(text: string) {
  const r = checkFileBytes('claims/documents.yaml', new TextEncoder().encode(text));
  return { findings: r.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`), doc: r.kind === 'documents' ? r.documents.find((d) => d.id === 'doc-a') : undefined };
}

const keysOf = (text: string): string[] => Object.keys((parse(text) as { documents: Array<Record<string, unknown>> }).documents[0]!);

async function hashOne(documents: string) {
  const dir = makeProject({ ...BASE_FILES, 'claims/documents.yaml': documents });
  const r = await runCli(['hash'], dir);
  return { ...r, text: readFileSync(path.join(dir, 'claims', 'documents.yaml'), 'utf8') };
}

describe('claims hash: every form of an existing sha256 value', () => {
  for (const eol of ['\n', '\r\n']) {
    for (const [name, form, comment] of FORMS) {
      it(`${name}${eol === '\r\n' ? ' (CRLF file)' : ''}: replaced where it stands, the file reads back`, async () => {
        const input = entry(form).replace(/\n/g, eol);
        const r = await hashOne(input);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^claims\/documents\.yaml:\d+ {2}doc-a {2}sha256 (recorded|updated)/);
        const after = load(r.text);
        expect(after.findings).toEqual([]);
        expect(after.doc?.sha256).toBe(HASH_A);
        for (const c of ['# the documents of this test', '# the wire copy', '# who carried it', ...(comment ? [comment] : [])]) expect(r.text).toContain(c);
        const keys = keysOf(input);
        expect(keysOf(r.text)).toEqual(keys.includes('sha256') ? keys : [...keys, 'sha256']);
        if (eol === '\r\n') expect(r.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        // Only the entry's sha256 changed: the lines before and after it are as they were.
        expect(r.text.startsWith(input.slice(0, input.indexOf(form.slice(0, 6))))).toBe(true);
        const rest = input.slice(input.indexOf('    publisher'));
        if (keys.includes('sha256')) expect(r.text.endsWith(rest)).toBe(true);
        else expect(r.text.endsWith(`${rest}    sha256: ${HASH_A}${eol}`)).toBe(true);
        // A second run has nothing to do.
        expect(setDocumentHashes(r.text, new Map([['doc-a', HASH_A]])).changes).toEqual([]);
      });
    }
  }

  it('writes the value after "sha256: " as a journalist would: no space lost, no second key, comments kept on the line', async () => {
    expect((await hashOne(entry('sha256:'))).text).toContain(`\n    sha256: ${HASH_A}\n    publisher:`);
    expect((await hashOne(entry('sha256: [a, b] # two'))).text).toContain(`\n    sha256: ${HASH_A} # two\n    publisher:`);
    expect((await hashOne(entry(`sha256: > # folded\n      ${OLD}`))).text).toContain(`\n    sha256: ${HASH_A} # folded\n    publisher:`);
    expect((await hashOne(entry('sha256: &h'))).text).toContain(`\n    sha256: &h ${HASH_A}\n`);
    const list = (await hashOne(entry('sha256:\n      - a\n      - b'))).text;
    expect(list).toContain(`\n    sha256: ${HASH_A}\n    publisher:`);
    expect(list.match(/sha256/g)).toHaveLength(1);
  });

  it('the last key of the last entry, in a file with no final line break', async () => {
    for (const form of ['sha256:', `sha256: ${OLD}`, `sha256: |\n      ${OLD}`, 'sha256: [a, b]']) {
      const r = await hashOne(`documents:\n  - id: doc-a\n    path: docs/a.txt\n    publisher: Wire\n    language: en\n    ${form}`);
      expect(r.code, form).toBe(0);
      expect(load(r.text).findings, form).toEqual([]);
      expect(load(r.text).doc?.sha256, form).toBe(HASH_A);
    }
  });

  it('an alias is replaced by the hash itself, and the anchor it names is left alone', async () => {
    const r = await hashOne(entry('sha256: *where').replace('path: docs/a.txt', 'path: &where docs/a.txt'));
    expect(r.code).toBe(0);
    expect(r.text).toContain(`path: &where docs/a.txt\n    sha256: ${HASH_A}\n`);
    expect(load(r.text).findings).toEqual([]);
  });
});

describe('claims hash: flow-style document entries', () => {
  const flow = (inner: string) => `documents:\n  - {id: doc-a, path: docs/a.txt, ${inner}publisher: Wire, language: en} # the wire copy\n`;
  it.each([
    ['an existing value', flow(`sha256: ${OLD}, `)],
    ['an empty value', flow('sha256: , ')],
    ['a list', flow('sha256: [a, b], ')],
    ['no sha256 yet', flow('')],
    ['no sha256 yet, over several lines with a comment', 'documents:\n  - {id: doc-a,\n     path: docs/a.txt, # where\n     publisher: Wire,\n     language: en}\n'],
    ['a flow list of flow maps', `documents: [{id: doc-a, path: docs/a.txt, publisher: Wire, language: en}]\n`],
    ['a flow list of flow maps, CRLF', `documents: [\r\n  {id: doc-a, path: docs/a.txt, sha256: "${OLD}", publisher: Wire, language: en}\r\n]\r\n`],
  ])('%s', async (_, input) => {
    const r = await hashOne(input);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const after = load(r.text);
    expect(after.findings).toEqual([]);
    expect(after.doc?.sha256).toBe(HASH_A);
    expect(r.text.match(/sha256/g)).toHaveLength(1);
    if (input.includes('#')) expect(r.text).toContain(input.slice(input.indexOf('#'), input.indexOf('\n', input.indexOf('#'))));
  });
});

describe('claims hash: entries it refuses', () => {
  it('a value whose anchor is used elsewhere: located message, exit 1, that entry left as it was', async () => {
    const input = [
      'documents:',
      '  - id: doc-a',
      '    path: docs/a.txt',
      `    sha256: &same ${OLD}`,
      '    publisher: Wire',
      '    language: en',
      '  - id: doc-b',
      '    path: docs/a.txt',
      '    sha256: *same',
      '    publisher: Wire',
      '    language: en',
      '',
    ].join('\n');
    const r = await hashOne(input);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'claims/documents.yaml:4:5: doc-a: sha256 not written: its value is named &same and used again elsewhere as *same, so replacing it would change those too; write the hash out in place of the anchor, then run "claims hash" again\n',
    );
    // doc-b's alias was replaced by its own hash; doc-a's line is untouched.
    expect(r.text).toBe(input.replace('sha256: *same', `sha256: ${HASH_A}`));
    expect(load(r.text).findings).toEqual([]);
  });

  it('an edit that would not read back as the hash is never written (checked with the project loader)', () => {
    // A tag that does not fit a plain hash: replacing the list after it would give "!!seq <hash>".
    const text = entry('sha256: !!seq [a, b]');
    const edit = setDocumentHashes(text, new Map([['doc-a', HASH_A]]));
    expect(edit.text).toBe(text);
    expect(edit.changes).toEqual([]);
    expect(edit.skipped).toEqual([{ id: 'doc-a', line: 5, column: 5, reason: expect.stringMatching(/could not change safely; set "sha256" by hand/) }]);
  });

  it('a documents file that does not read as YAML is named, not passed over in silence (exit 1, untouched)', async () => {
    const input = 'documents:\n  - id: doc-a\n    path: docs/a.txt\n    sha256: *later\n    publisher: &later Wire\n    language: en\n';
    const r = await hashOne(input);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('claims/documents.yaml: not changed: the file has YAML errors; run "claims check" to see them.\n');
    expect(r.text).toBe(input);
  });

  it('one entry it cannot change among many: the others are written, that one is named', () => {
    const many = Array.from({ length: 300 }, (_, i) => `  - id: doc-${i}\n    path: docs/a.txt\n    sha256: ${i === 137 ? '!!seq [a, b]' : OLD}\n    publisher: Wire\n    language: en\n`);
    const text = `documents:\n${many.join('')}`;
    const edit = setDocumentHashes(text, new Map(Array.from({ length: 300 }, (_, i) => [`doc-${i}`, HASH_A])));
    expect(edit.changes).toHaveLength(299);
    expect(edit.skipped.map((s) => `${s.id} ${s.line}:${s.column}`)).toEqual([`doc-137 ${2 + 137 * 5 + 2}:5`]);
    expect(edit.text).toBe(text.replaceAll(`sha256: ${OLD}`, `sha256: ${HASH_A}`));
  });

  it('a documents file that is a symbolic link: not written through, and the summary and the message say what to run', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/documents.yaml': entry(`sha256: ${OLD}`) });
    mkdirSync(path.join(dir, 'shared'));
    renameSync(path.join(dir, 'claims', 'documents.yaml'), path.join(dir, 'shared', 'documents.yaml'));
    symlinkSync('../shared/documents.yaml', path.join(dir, 'claims', 'documents.yaml'));
    const r = await runCli(['hash'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('0 hashes changed, 0 already up to date, 1 not written (see above).\n');
    expect(r.stderr).toMatch(/^claims\/documents\.yaml: not changed: .*symbolic link.* To record the hashes, run: claims hash shared\/documents\.yaml\n$/);
    expect(readFileSync(path.join(dir, 'shared', 'documents.yaml'), 'utf8')).toContain(OLD);
    // What it says to run works: the file the link leads to gets the hash, and check then reads it through the link.
    const again = await runCli(['hash', 'shared/documents.yaml'], dir);
    expect(again.code).toBe(0);
    expect(readFileSync(path.join(dir, 'shared', 'documents.yaml'), 'utf8')).toContain(`sha256: ${HASH_A}`);
  });

  it('keeps a byte order mark', async () => {
    const r = await hashOne(`\uFEFF${entry('sha256:')}`);
    expect(r.code).toBe(0);
    expect(r.text.startsWith('\uFEFF# the documents')).toBe(true);
  });
});
