// `claims list`: what the ledger holds, in text and JSON, filtered by status, party and document.
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run.js';
import { BASE_FILES, claimFile, makeProject } from './helpers/project.js';

const project = () =>
  makeProject({
    ...BASE_FILES,
    'claims/bridge.yaml': claimFile('bridge-taken', [
      ['rebel-spokesman', 'asserts', 'The fighters took the bridge at dawn.'],
      ['official', 'denies', 'Officials denied that the bridge was taken.'],
    ]),
    'claims/dawn.yaml': claimFile('residents-fled', [
      ['witness-one', 'asserts', 'the bridge fell at dawn'],
      ['witness-two', 'corroborates', 'and fled'],
    ]),
  });

describe('claims list', () => {
  it('lists claims with their status, aligned, and as JSON', async () => {
    const dir = project();
    const t = await runCli(['list', 'claims'], dir);
    expect(t.code).toBe(0);
    expect(t.stdout).toBe('bridge-taken    contested     The bridge was taken on 2021-07-14.\nresidents-fled  corroborated  The bridge was taken on 2021-07-14.\n');
    const j = JSON.parse((await runCli(['list', 'claims', '--format', 'json'], dir)).stdout);
    expect(j.claims.map((c: { id: string; status: string; file: string }) => [c.id, c.status, c.file])).toEqual([
      ['bridge-taken', 'contested', 'claims/bridge.yaml'],
      ['residents-fled', 'corroborated', 'claims/dawn.yaml'],
    ]);
  });

  it('filters by status, party and document', async () => {
    const dir = project();
    expect((await runCli(['list', 'claims', '--status', 'corroborated'], dir)).stdout).toMatch(/^residents-fled /);
    expect((await runCli(['list', 'claims', '--party', 'government'], dir)).stdout).toMatch(/^bridge-taken /);
    expect((await runCli(['list', 'sources', '--party', 'rebels'], dir)).stdout).toBe('rebel-spokesman  rebels  Rebel spokesman\nrebel-commander  rebels  Rebel commander\n');
    expect((await runCli(['list', 'sources', '--document', 'doc-a', '--format', 'json'], dir)).stdout).toContain('"witness-two"');
    expect((await runCli(['list', 'claims', '--status', 'denied'], dir)).stdout).toBe('no claim matches.\n');
  });

  it('lists documents and parties', async () => {
    const dir = project();
    expect((await runCli(['list', 'documents'], dir)).stdout).toBe('doc-a  en  Wire  docs/a.txt\n');
    expect((await runCli(['list', 'parties'], dir)).stdout).toBe('government  1\nrebels      2\n');
  });

  it('refuses an unknown status, party, document or list with a suggestion (exit 2)', async () => {
    const dir = project();
    const s = await runCli(['list', 'claims', '--status', 'contestd'], dir);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('"contestd" is not a status');
    expect(s.stderr).toContain('Did you mean "contested"?');
    expect((await runCli(['list', 'claims', '--party', 'rebel'], dir)).stderr).toContain('Did you mean "rebels"');
    expect((await runCli(['list', 'claims', '--document', 'doc-b'], dir)).stderr).toContain('Did you mean "doc-a"');
    const k = await runCli(['list', 'claim'], dir);
    expect(k.code).toBe(2);
    expect(k.stderr).toContain('Did you mean "claims"?');
    expect((await runCli(['list', 'sources', '--status', 'contested'], dir)).code).toBe(2);
  });

  it('aligns columns by display width, so that a wide name keeps the next column in place', async () => {
    const docs = 'documents:\n  - id: a\n    url: https://example.org/a\n    publisher: 新华社\n    language: zh\n  - id: b\n    url: https://example.org/b\n    publisher: AP\n    language: en\n';
    const dir = makeProject({ ...BASE_FILES, 'claims/documents.yaml': docs });
    expect((await runCli(['list', 'documents'], dir)).stdout).toBe('a  zh  新华社  -\nb  en  AP      -\n');
  });

  it('makes text from the files inert on a terminal', async () => {
    const dir = makeProject({ ...BASE_FILES, 'claims/sources.yaml': 'sources:\n  - id: evil\n    name: "Bad\\u001b]0;title\\u0007 name"\n' });
    const r = await runCli(['list', 'sources'], dir);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('\\u001b');
  });
});

describe('claims list --format json in a CI log', () => {
  it('encodes the "#" of "##[" so that no statement becomes a workflow command, and JSON still reads it back', async () => {
    const files = { ...BASE_FILES, 'claims/bridge.yaml': claimFile('bridge-taken', [['rebel-spokesman', 'asserts', 'The fighters took the bridge at dawn.']]) };
    files['claims/bridge.yaml'] = files['claims/bridge.yaml'].replace('The bridge was taken on 2021-07-14.', '"##[error]legacy command"');
    const dir = makeProject(files);
    const r = await runCli(['list', 'claims', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('##[');
    expect(JSON.parse(r.stdout).claims[0].statement).toBe('##[error]legacy command');
  });
});
