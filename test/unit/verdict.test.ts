import { describe, expect, it } from 'vitest';
import { statusOf } from '../../src/analyse/verdict.js';
import type { Report } from '../../src/report/types.js';
import { BASE_FILES, claimFile, makeProject } from '../helpers/project.js';
import { runCli } from '../helpers/run.js';

async function verdict(files: Record<string, string>, args: string[] = []) {
  const dir = makeProject({ ...BASE_FILES, ...files });
  const r = await runCli(['check', '--format', 'json', ...args], dir);
  const report = JSON.parse(r.stdout) as Report;
  return { report, claim: report.claims[0]!, code: r.code };
}

const Q_REBEL = 'The fighters took the bridge at dawn.';
const Q_WITNESS = 'the bridge fell at dawn';
const Q_OFFICIAL = 'Officials denied that the bridge was taken.';

describe('status precedence (statusOf)', () => {
  it.each([
    [1, 1, 2, 'contested', true, false],
    [2, 1, 2, 'contested', true, true],
    [2, 0, 2, 'corroborated', false, true],
    [1, 0, 2, 'single-source', false, false],
    [2, 0, 3, 'under-corroborated', false, false],
    [0, 1, 2, 'denied', false, false],
    [0, 0, 2, 'unsupported', false, false],
  ] as const)('%i for, %i against, threshold %i -> %s', (s, o, n, status, contested, corroborated) => {
    expect(statusOf(s, o, n)).toEqual({ status, contested, corroborated });
  });
});

describe('voices and verdicts', () => {
  it('sources of one party fold into one voice, and the explanation says so', async () => {
    const { claim } = await verdict({
      'claims/c.yaml': claimFile('bridge-taken', [
        ['rebel-spokesman', 'asserts', Q_REBEL],
        ['rebel-commander', 'corroborates', Q_REBEL],
      ]),
    });
    expect(claim.support).toHaveLength(1);
    expect(claim.support[0]).toMatchObject({ id: 'party:rebels', sources: ['rebel-spokesman', 'rebel-commander'] });
    expect(claim.status).toBe('single-source');
    expect(claim.folded.join(' ')).toMatch(/"Rebel spokesman" and "Rebel commander" all speak for rebels/);
  });

  it('witnesses without a party count separately and corroborate', async () => {
    const { claim } = await verdict({
      'claims/c.yaml': claimFile('bridge-taken', [
        ['witness-one', 'asserts', Q_WITNESS],
        ['witness-two', 'corroborates', Q_WITNESS],
      ]),
    });
    expect(claim.support.map((v) => v.id)).toEqual(['source:witness-one', 'source:witness-two']);
    expect(claim.status).toBe('corroborated');
    expect(claim.corroborated).toBe(true);
  });

  it('a translation does not add a voice: one source quoted in a document and its translation is one voice', async () => {
    const { claim } = await verdict({
      'docs/b.txt': 'Les combattants ont pris le pont à l’aube.\n',
      'claims/documents.yaml': `${BASE_FILES['claims/documents.yaml']}  - id: doc-b\n    path: docs/b.txt\n    publisher: Wire\n    language: fr\n    translation_of: doc-a\n`,
      'claims/c.yaml': [
        'claims:',
        '  - id: bridge-taken',
        '    statement: The bridge was taken.',
        '    assertions:',
        '      - source: witness-one',
        '        stance: asserts',
        '        quotes:',
        '          - { document: doc-a, text: "the bridge fell at dawn" }',
        '          - { document: doc-b, text: "Les combattants ont pris le pont" }',
        '',
      ].join('\n'),
    });
    expect(claim.support).toHaveLength(1);
    expect(claim.status).toBe('single-source');
    expect(claim.folded.join(' ')).toMatch(/doc-b is a translation of doc-a/);
  });

  it('a source that only relays another counts as that source', async () => {
    const { claim } = await verdict({
      'claims/sources.yaml': `${BASE_FILES['claims/sources.yaml']}  - id: relay-site\n    name: A relaying website\n    relays: witness-one\n`,
      'claims/c.yaml': claimFile('bridge-taken', [
        ['witness-one', 'asserts', Q_WITNESS],
        ['relay-site', 'asserts', Q_WITNESS],
      ]),
    });
    expect(claim.support.map((v) => v.id)).toEqual(['source:witness-one']);
    expect(claim.status).toBe('single-source');
    expect(claim.folded.join(' ')).toMatch(/"A relaying website" only relays "Witness One"/);
  });

  it('the threshold comes from the configuration file', async () => {
    const files = {
      'claims/c.yaml': claimFile('bridge-taken', [
        ['witness-one', 'asserts', Q_WITNESS],
        ['witness-two', 'asserts', Q_WITNESS],
      ]),
    };
    expect((await verdict(files)).claim.status).toBe('corroborated');
    const three = await verdict({ ...files, 'claims.config.yaml': 'corpus: claims\ncorroboration:\n  threshold: 3\n' });
    expect(three.claim.status).toBe('under-corroborated');
    expect(three.report.policy.corroborationThreshold).toBe(3);
  });

  it('a source both asserting and denying puts its voice on both sides, and says so', async () => {
    const { claim } = await verdict({
      'claims/c.yaml': claimFile('bridge-taken', [
        ['official', 'asserts', Q_OFFICIAL],
        ['official', 'denies', Q_OFFICIAL],
      ]),
    });
    expect(claim.status).toBe('contested');
    expect(claim.support.map((v) => v.id)).toEqual(['party:government']);
    expect(claim.opposition.map((v) => v.id)).toEqual(['party:government']);
    expect(claim.folded.join(' ')).toMatch(/on both sides/);
  });

  it('opposing voices only: denied; contested with a witness for and an official against', async () => {
    expect((await verdict({ 'claims/c.yaml': claimFile('bridge-taken', [['official', 'denies', Q_OFFICIAL]]) })).claim.status).toBe('denied');
    const { claim } = await verdict({ 'claims/c.yaml': claimFile('bridge-taken', [['witness-one', 'asserts', Q_WITNESS], ['official', 'disputes', Q_OFFICIAL]]) });
    expect(claim.status).toBe('contested');
    expect(claim.explanation).toMatch(/^Contested: 1 voice supports it \(Witness One\); 1 voice opposes it \(government\)/);
  });

  it('--fail-on turns a status into exit 1; verdicts alone never fail the run', async () => {
    const files = { 'claims/c.yaml': claimFile('bridge-taken', [['witness-one', 'asserts', Q_WITNESS], ['official', 'denies', Q_OFFICIAL]]) };
    expect((await verdict(files)).code).toBe(0);
    expect((await verdict(files, ['--fail-on', 'contested'])).code).toBe(1);
    expect((await verdict(files, ['--fail-on', 'denied'])).code).toBe(0);
    const bad = await runCli(['check', '--fail-on', 'contestd'], makeProject({ ...BASE_FILES, ...files }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"contestd" is not a status/);
  });
});
