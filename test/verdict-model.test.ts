// The verdict model, rule by rule and in combination: proven voices, provisional verdicts, aligned parties,
// relays through outlets, statements against interest, disputed figures, contradicting claims, Admiralty grades.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ClaimVerdict, Report } from '../src/report/types.js';
import { validatorFor } from '../src/validate/schemas.js';
import { credibilityOf, judgeClaim, policyOf } from '../src/analyse/verdict.js';
import { relayIndex } from '../src/validate/relays.js';
import type { ClaimEntity, SourceEntity, AssertionEntity, Stance } from '../src/report/types.js';
import type { Corpus } from '../src/report/corpus.js';
import { analyse } from '../src/ledger/analyse.js';
import type { Config } from '../src/config/config.js';
import { checkFileBytes, DEFAULT_LIMITS } from '../src/validate/file.js';
import { makeProject } from './helpers/project.js';
import { runCli } from './helpers/run.js';

const TEXT = [
  'The fighters took the bridge at dawn.',
  'Residents said the bridge fell at dawn.',
  'Officials denied that the bridge was taken.',
  'Ankara said the rebels hold the bridge.',
  'A Russian military source said the bridge was lost.',
  'Fourteen soldiers died, one rebel spokesman said. Four soldiers died, another said.',
  'The government holds Saraqeb. Rebels recaptured Saraqeb.',
].join('\n');

const SOURCES = `sources:
  - id: rebel-spokesman
    name: Rebel spokesman
    party: rebels
    reliability: C
  - id: rebel-commander
    name: Rebel commander
    party: rebels
  - id: official
    name: Government official
    party: government
    reliability: B
    notes: Speaks for the ministry.
  - id: turkey-mfa
    name: Turkish foreign ministry
    party: turkey
  - id: russian-military
    name: A Russian military source
    party: russia
  - id: tass
    name: TASS
    kind: outlet
  - id: rt
    name: RT
    kind: outlet
  - id: agency-reporter
    name: Agency X
    kind: outlet
    witness: true
  - id: witness-one
    name: Witness One
  - id: witness-two
    name: Witness Two
`;

const DOCS = `documents:
  - id: doc-a
    path: docs/a.txt
    publisher: Wire
    language: en
  - id: doc-url
    url: https://example.org/a
    publisher: Wire
    language: en
`;

const CONFIG = (extra = '') => `corpus: claims
parties:
  - government
  - rebels
  - russia
  - id: turkey
    name: Turkey
    aligned_with: [rebels]
${extra}`;

interface A {
  source: string;
  stance?: string;
  quote?: string;
  doc?: string;
  extra?: string;
}

/** A claim in YAML: `head` holds extra claim fields (favours, quantity...), each assertion its quote and extra fields. */
function claim(id: string, assertions: A[], head = ''): string {
  const lines = [`  - id: ${id}`, `    statement: Statement of ${id}.`, ...(head ? head.split('\n').map((l) => `    ${l}`) : []), '    assertions:'];
  for (const a of assertions) {
    lines.push(`      - source: ${a.source}`, `        stance: ${a.stance ?? 'asserts'}`);
    if (a.extra) lines.push(...a.extra.split('\n').map((l) => `        ${l}`));
    if (a.quote !== undefined) lines.push('        quotes:', `          - document: ${a.doc ?? 'doc-a'}`, `            text: ${JSON.stringify(a.quote)}`);
  }
  return lines.join('\n');
}

const Q = {
  fighters: 'The fighters took the bridge at dawn.',
  residents: 'the bridge fell at dawn',
  officials: 'Officials denied that the bridge was taken.',
  ankara: 'Ankara said the rebels hold the bridge.',
  russian: 'A Russian military source said the bridge was lost.',
  fourteen: 'Fourteen soldiers died',
  four: 'Four soldiers died',
  holds: 'The government holds Saraqeb.',
  recaptured: 'Rebels recaptured Saraqeb.',
  broken: 'The bridge was never there.',
};

async function check(claims: string[], configExtra = '', args: string[] = []) {
  const dir = makeProject({ 'claims.config.yaml': CONFIG(configExtra), 'docs/a.txt': TEXT, 'claims/sources.yaml': SOURCES, 'claims/documents.yaml': DOCS, 'claims/c.yaml': `claims:\n${claims.join('\n')}\n` });
  const r = await runCli(['check', '--format', 'json', '--no-cache', ...args], dir);
  const report = JSON.parse(r.stdout) as Report;
  const validate = validatorFor('report');
  validate(report);
  expect(validate.errors ?? [], 'report schema').toEqual([]);
  const byId = (id: string) => report.claims.find((c) => c.id === id)!;
  const rules = (ruleId: string) => report.findings.filter((f) => f.ruleId === ruleId);
  return { report, code: r.code, byId, rules, dir };
}

const ids = (vs: ClaimVerdict['support']) => vs.map((v) => v.id);

describe('only proven voices count', () => {
  it('an assertion with no quote, a quote not found, an unknown document or a URL-only document adds no voice', async () => {
    const { byId, rules } = await check([
      claim('c', [
        { source: 'witness-one', quote: Q.residents },
        { source: 'witness-two' },
        { source: 'official', stance: 'denies', quote: Q.broken },
        { source: 'rebel-spokesman', quote: Q.fighters, doc: 'doc-nowhere' },
        { source: 'turkey-mfa', quote: Q.ankara, doc: 'doc-url' },
      ]),
    ]);
    const c = byId('c');
    expect(ids(c.support)).toEqual(['source:witness-one']);
    expect(c.opposition).toEqual([]);
    expect(c.status).toBe('single-source');
    expect(c.support.every((v) => v.proven)).toBe(true);
    expect(ids(c.unproven.support).sort()).toEqual(['party:rebels+turkey', 'source:witness-two']);
    expect(ids(c.unproven.opposition)).toEqual(['party:government']);
    expect(c.assertions.map((a) => a.proven)).toEqual([true, false, false, false, false]);
    expect(c.assertions[1]!.unproven).toBe('it has no quote');
    expect(c.assertions[2]!.unproven).toMatch(/not found in its document/);
    expect(c.assertions[3]!.unproven).toMatch(/unknown document/);
    expect(c.assertions[4]!.unproven).toMatch(/only a URL/);
    expect(c.explanation).toMatch(/Witness Two's assertion \(asserts\) does not count: it has no quote\./);
    expect(c.explanation).toMatch(/Government official's assertion \(denies\) does not count/);
    const unproven = rules('assertion/unproven');
    expect(unproven).toHaveLength(4);
    expect(unproven.every((f) => f.severity === 'warning' && f.claimId === 'c')).toBe(true);
    expect(unproven.find((f) => f.message.includes('Turkish'))!.message).toMatch(/count_unverified: true/);
  });

  it('count_unverified makes URL-only quotes count, never quotes that were not found', async () => {
    const { byId, report } = await check(
      [claim('c', [{ source: 'turkey-mfa', quote: Q.ankara, doc: 'doc-url' }, { source: 'official', quote: Q.broken }, { source: 'witness-one', quote: Q.residents }])],
      'corroboration:\n  count_unverified: true\n',
    );
    expect(report.policy.countUnverified).toBe(true);
    expect(ids(byId('c').support)).toEqual(['party:turkey', 'source:witness-one']);
    expect(byId('c').assertions[1]!.proven).toBe(false);
  });

  it('a claim whose supporting quotes are all broken is no longer corroborated, and is provisional', async () => {
    const { byId, code } = await check([claim('c', [{ source: 'witness-one', quote: Q.broken }, { source: 'witness-two', quote: 'The river ran red.' }])]);
    const c = byId('c');
    expect(code).toBe(1);
    expect(c.corroborated).toBe(false);
    expect(c.status).toBe('unsupported');
    expect(c.provisional).toBe(true);
    expect(c.flags).toContain('provisional');
    expect(c.complete).toBe(true);
    expect(c.provisionalBecause.join(' ')).toMatch(/quote\/not-found at claims\/c\.yaml:\d+:\d+/);
    expect(c.grade).toBe('F6');
  });
});

describe('provisional verdicts', () => {
  it('a claim whose supporting quotes are all broken is marked provisional in every format', async () => {
    const { dir } = await check([claim('broken', [{ source: 'witness-one', quote: Q.broken }, { source: 'witness-two', quote: 'The river ran red.' }])]);
    const out = async (...args: string[]) => (await runCli(['check', '--no-cache', ...args], dir)).stdout;
    expect(await out()).toMatch(/unsupported .*broken .*\(provisional: fix the errors above\)/);
    expect((await runCli(['show', 'broken'], dir)).stdout).toMatch(/PROVISIONAL: this verdict rests on evidence with errors \(quote\/not-found at claims\/c\.yaml:/);
    expect((JSON.parse(await out('--format', 'json')) as Report).claims[0]).toMatchObject({ provisional: true, corroborated: false });
    const sarif = JSON.parse(await out('--format', 'sarif', '--fail-on', 'unsupported')) as { runs: Array<{ properties: { provisionalClaims: string[] }; results: Array<{ ruleId: string; message: { text: string }; properties?: { provisional?: boolean } }> }> };
    expect(sarif.runs[0]!.properties.provisionalClaims).toEqual(['broken']);
    const verdict = sarif.runs[0]!.results.find((r) => r.ruleId === 'verdict/unsupported')!;
    expect(verdict.message.text).toMatch(/is unsupported \(provisional: its evidence has errors\)/);
    expect(verdict.properties?.provisional).toBe(true);
    expect(await out('--format', 'junit')).toMatch(/Verdict: unsupported \(provisional: its evidence has errors\), grade F6 \[provisional\]/);
    expect(await out('--format', 'github')).toMatch(/^::warning file=claims\/c\.yaml,line=2,.*title=claims provisional verdict::The verdict on claim "broken" \(unsupported, grade F6\) is provisional/m);
    expect(await out('--format', 'markdown')).toMatch(/\| ⚪ unsupported · ⚠️ \*\*provisional\*\* \| F6 \|/);
  });


  it('an error in a source or document the claim rests on makes it provisional; other claims stay final', async () => {
    const sources = SOURCES.replace('    party: government\n', '    party: governmnet\n');
    const dir = makeProject({ 'claims.config.yaml': CONFIG(), 'docs/a.txt': TEXT, 'claims/sources.yaml': sources, 'claims/documents.yaml': DOCS, 'claims/c.yaml': `claims:\n${claim('a', [{ source: 'official', quote: Q.officials }])}\n${claim('b', [{ source: 'witness-one', quote: Q.residents }])}\n` });
    const report = JSON.parse((await runCli(['check', '--format', 'json', '--no-cache'], dir)).stdout) as Report;
    const [a, b] = report.claims;
    expect(a!.provisional).toBe(true);
    expect(a!.provisionalBecause).toEqual([expect.stringMatching(/^ref\/unknown-party at claims\/sources\.yaml:\d+:\d+$/)]);
    expect(b!.provisional).toBe(false);
    expect(report.summary.provisional).toBe(1);
  });

  it('a schema error inside the claim (complete: false) makes it provisional', async () => {
    const { byId } = await check([claim('c', [{ source: 'witness-one', quote: Q.residents, extra: 'channel: pigeon' }])]);
    expect(byId('c').complete).toBe(false);
    expect(byId('c').provisional).toBe(true);
  });
});

describe('aligned parties', () => {
  it('are one voice, and the explanation says so; fold_aligned: false keeps them apart', async () => {
    const claims = [claim('c', [{ source: 'rebel-spokesman', quote: Q.fighters }, { source: 'turkey-mfa', quote: Q.ankara }])];
    const folded = (await check(claims)).byId('c');
    expect(folded.support).toHaveLength(1);
    expect(folded.support[0]).toMatchObject({ id: 'party:rebels+turkey', parties: ['rebels', 'turkey'] });
    expect(folded.status).toBe('single-source');
    expect(folded.folded).toContain('turkey is aligned with rebels, so they count as one voice.');
    const apart = await check(claims, 'corroboration:\n  fold_aligned: false\n');
    expect(apart.report.policy.foldAligned).toBe(false);
    expect(ids(apart.byId('c').support)).toEqual(['party:rebels', 'party:turkey']);
    expect(apart.byId('c').status).toBe('corroborated');
  });

  it('alignment works both ways (written on either party)', async () => {
    const dir = makeProject({
      'claims.config.yaml': 'corpus: claims\nparties:\n  - id: rebels\n    aligned_with: [turkey]\n  - turkey\n  - government\n  - russia\n',
      'docs/a.txt': TEXT,
      'claims/sources.yaml': SOURCES,
      'claims/documents.yaml': DOCS,
      'claims/c.yaml': `claims:\n${claim('c', [{ source: 'turkey-mfa', quote: Q.ankara }, { source: 'rebel-spokesman', quote: Q.fighters }])}\n`,
    });
    const report = JSON.parse((await runCli(['check', '--format', 'json', '--no-cache'], dir)).stdout) as Report;
    expect(report.claims[0]!.support).toHaveLength(1);
    expect(report.claims[0]!.folded).toContain('rebels is aligned with turkey, so they count as one voice.');
  });

  it('an unknown party in aligned_with is a located error in the configuration, and other findings still come', async () => {
    const { rules, code } = await check([claim('c', [{ source: 'nobody', quote: Q.fighters }])], '  - id: iran\n    aligned_with: [goverment]\n');
    expect(code).toBe(1);
    const f = rules('ref/unknown-party');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ file: 'claims.config.yaml', line: 10, severity: 'error' });
    expect(f[0]!.message).toMatch(/Did you mean "government"/);
    expect(rules('ref/unknown-source')).toHaveLength(1);
  });
});

describe('relays through outlets (via, kind: outlet, witness)', () => {
  it('outlets in via add no voice; an outlet counted on its own gets source/outlet-voice unless it is a witness', async () => {
    const { byId, rules } = await check([
      claim('relayed', [{ source: 'russian-military', quote: Q.russian, extra: 'via: [tass, rt]' }]),
      claim('outlets', [{ source: 'tass', quote: Q.russian }, { source: 'rt', quote: Q.russian }]),
      claim('seen', [{ source: 'agency-reporter', quote: Q.residents }]),
    ]);
    const relayed = byId('relayed');
    expect(ids(relayed.support)).toEqual(['party:russia']);
    expect(relayed.assertions[0]!.via).toEqual(['tass', 'rt']);
    expect(relayed.folded).toContain('"TASS" and "RT" only passed on "A Russian military source"\'s words, so they add no voice.');
    expect(byId('outlets').status).toBe('corroborated');
    const warned = rules('source/outlet-voice');
    expect(warned.map((f) => f.claimId)).toEqual(['outlets', 'outlets']);
    expect(warned[0]!.message).toMatch(/"TASS" \(an outlet\) counts as an independent supporting voice here.*put tass in "via"/);
  });

  it('a relay through an outlet that is also quoted directly: the relay adds nothing, the direct quote is its own (warned) voice', async () => {
    const { byId, rules } = await check([claim('c', [{ source: 'russian-military', quote: Q.russian, extra: 'via: [tass]' }, { source: 'tass', quote: Q.russian }])]);
    expect(ids(byId('c').support)).toEqual(['party:russia', 'source:tass']);
    expect(rules('source/outlet-voice')).toHaveLength(1);
  });

  it('via naming an unknown source is a located error', async () => {
    const { rules } = await check([claim('c', [{ source: 'russian-military', quote: Q.russian, extra: 'via: [tas]' }])]);
    const f = rules('ref/unknown-source');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/"tas" \(named in via\).*Did you mean "tass"/);
    expect(f[0]!.line).toBe(7);
  });
});

describe('statements against interest', () => {
  it('a proven supporting voice from a party the claim does not favour flags the verdict and the assertion', async () => {
    const { byId } = await check([claim('c', [{ source: 'official', quote: Q.fighters }, { source: 'rebel-spokesman', quote: Q.fighters }], 'favours: [rebels]')]);
    const c = byId('c');
    expect(c.flags).toContain('against-interest');
    expect(c.assertions.map((a) => a.againstInterest ?? false)).toEqual([true, false]);
    expect(c.explanation).toMatch(/Government official \(government\) supports it although the claim favours rebels: a statement against interest\./);
  });

  it('an aligned party is not against interest; against the other side it is', async () => {
    const aligned = await check([claim('c', [{ source: 'turkey-mfa', quote: Q.ankara }], 'favours: [rebels]')]);
    expect(aligned.byId('c').flags).not.toContain('against-interest');
    const against = await check([claim('c', [{ source: 'turkey-mfa', quote: Q.ankara }], 'favours: [government]')]);
    expect(against.byId('c').flags).toContain('against-interest');
    expect(against.byId('c').credibility).toBe(2);
  });

  it('an unproven concession is no statement against interest; favours naming an unknown party is a located error', async () => {
    const { byId, rules } = await check([claim('c', [{ source: 'official', quote: Q.broken }], 'favours: [rebel]')]);
    expect(byId('c').flags).not.toContain('against-interest');
    expect(rules('ref/unknown-party')[0]).toMatchObject({ line: 4, claimId: 'c' });
    expect(rules('ref/unknown-party')[0]!.message).toMatch(/Did you mean "rebels"/);
  });
});

describe('disputed figures', () => {
  const quantity = 'quantity: {what: government soldiers killed, unit: people}';
  it('figures that do not overlap are disputed, also within one party; the range is low to high', async () => {
    const { byId } = await check([claim('c', [{ source: 'rebel-spokesman', quote: Q.fourteen, extra: 'value: 14' }, { source: 'rebel-commander', quote: Q.four, extra: 'value: 4' }], quantity)]);
    const c = byId('c');
    expect(c.figures).toEqual({ what: 'government soldiers killed', unit: 'people', low: 4, high: 14, disputed: true });
    expect(c.flags).toContain('figure-disputed');
    expect(c.support[0]!.figure).toEqual({ low: 4, high: 14 });
    expect(c.explanation).toMatch(/Figures for government soldiers killed: 4–14 people \(Rebel spokesman: 14; Rebel commander: 4\); .*disputed/);
  });

  it('overlapping figures and ranges are not disputed; unproven figures are left out', async () => {
    const { byId } = await check([claim('c', [{ source: 'rebel-spokesman', quote: Q.fourteen, extra: 'value: {low: 4, high: 14}' }, { source: 'witness-one', quote: Q.residents, extra: 'value: 10' }, { source: 'official', quote: Q.broken, extra: 'value: 400' }], quantity)]);
    expect(byId('c').figures).toEqual({ what: 'government soldiers killed', unit: 'people', low: 4, high: 14, disputed: false });
    expect(byId('c').flags).not.toContain('figure-disputed');
  });

  it('a value without a quantity and a range with low above high are located errors', async () => {
    const { rules } = await check([claim('a', [{ source: 'witness-one', quote: Q.residents, extra: 'value: 3' }]), claim('b', [{ source: 'witness-one', quote: Q.residents, extra: 'value: {low: 14, high: 4}' }], quantity)]);
    expect(rules('assertion/value-without-quantity')[0]).toMatchObject({ claimId: 'a', line: 7 });
    expect(rules('assertion/value-range')[0]!.message).toMatch(/Swap them: low: 4, high: 14/);
  });
});

describe('contradicting claims', () => {
  it('proven support for one is opposition to the other, both ways; a denial is not support for the other', async () => {
    const { byId } = await check([
      claim('government-holds-saraqeb', [{ source: 'official', quote: Q.holds }], 'contradicts: [rebels-recaptured-saraqeb]'),
      claim('rebels-recaptured-saraqeb', [{ source: 'rebel-spokesman', quote: Q.recaptured }, { source: 'witness-one', stance: 'denies', quote: Q.residents }]),
    ]);
    const gov = byId('government-holds-saraqeb');
    const reb = byId('rebels-recaptured-saraqeb');
    expect(ids(gov.opposition)).toEqual(['party:rebels']);
    expect(gov.opposition[0]!.through).toEqual(['rebels-recaptured-saraqeb']);
    expect(gov.status).toBe('contested');
    expect(gov.explanation).toMatch(/"Rebel spokesman" supports "rebels-recaptured-saraqeb", which cannot be true together with this claim, so it counts against it\./);
    // The relation is symmetric, and the witness's denial of the rebels' claim is not support for the government's.
    expect(ids(reb.opposition)).toEqual(['source:witness-one', 'party:government']);
    expect(ids(gov.support)).toEqual(['party:government']);
  });

  it('a contradicting claim whose support is unproven brings nothing', async () => {
    const { byId } = await check([claim('a', [{ source: 'official', quote: Q.holds }], 'contradicts: [b]'), claim('b', [{ source: 'rebel-spokesman', quote: Q.broken }])]);
    expect(byId('a').opposition).toEqual([]);
    expect(byId('a').status).toBe('single-source');
  });

  it('an unknown id or the claim itself in contradicts is a located error', async () => {
    const { rules } = await check([claim('a', [{ source: 'official', quote: Q.holds }], 'contradicts: [a, bb]'), claim('b', [{ source: 'official', quote: Q.holds }])]);
    expect(rules('ref/self-contradiction')[0]).toMatchObject({ claimId: 'a', line: 4, severity: 'error' });
    expect(rules('ref/unknown-claim')[0]!.message).toMatch(/No claim has the id "bb"\. Did you mean "b"\?/);
  });
});

describe('Admiralty grades', () => {
  it('the grade is the best reliability among proven supporting voices, then the credibility', async () => {
    const { byId } = await check([
      claim('both', [{ source: 'rebel-spokesman', quote: Q.fighters }, { source: 'official', quote: Q.fighters }]),
      claim('none', [{ source: 'witness-one', quote: Q.residents }]),
      claim('unproven-b', [{ source: 'official', quote: Q.broken }, { source: 'rebel-spokesman', quote: Q.fighters }]),
    ]);
    expect(byId('both')).toMatchObject({ credibility: 1, grade: 'B1' });
    expect(byId('both').assertions.map((a) => a.reliability)).toEqual(['C', 'B']);
    expect(byId('none')).toMatchObject({ credibility: 3, grade: 'F3' });
    expect(byId('unproven-b')).toMatchObject({ credibility: 3, grade: 'C3' });
  });

  it.each([
    [2, 0, false, 1],
    [2, 1, false, 2],
    [1, 0, true, 2],
    [1, 0, false, 3],
    [1, 1, false, 4],
    [1, 1, true, 4],
    [0, 1, false, 5],
    [0, 0, false, 6],
  ] as const)('credibility: %i for, %i against, against interest %s -> %i', (s, o, ai, expected) => {
    expect(credibilityOf(s, o, 2, ai)).toBe(expected);
  });
});

describe('notes and bad input', () => {
  it('notes on claims, assertions and sources are in the JSON report and in claims show', async () => {
    const { byId, dir } = await check([claim('c', [{ source: 'official', quote: Q.officials, stance: 'denies', extra: 'notes: Said at a press briefing.' }], 'notes: Checked with the desk.')]);
    expect(byId('c').notes).toBe('Checked with the desk.');
    expect(byId('c').assertions[0]).toMatchObject({ notes: 'Said at a press briefing.', sourceNotes: 'Speaks for the ministry.' });
    const show = await runCli(['show', 'c'], dir);
    expect(show.stdout).toMatch(/Checked with the desk\./);
    expect(show.stdout).toMatch(/Said at a press briefing\./);
    expect(show.stdout).toMatch(/Speaks for the ministry\./);
  });

  it('a misspelt stance still lets the source and documents of that assertion be checked', async () => {
    const { rules } = await check([claim('c', [{ source: 'nobdy', stance: 'asert', quote: Q.fighters, doc: 'doc-b' }])]);
    expect(rules('schema/enum')).toHaveLength(1);
    expect(rules('ref/unknown-source')).toHaveLength(1);
    expect(rules('ref/unknown-document')).toHaveLength(1);
  });

  it('every new field misused is reported in one run, none hiding another', async () => {
    const { report } = await check([
      claim('a', [{ source: 'russian-military', quote: Q.russian, extra: 'via: [tas]\nvalue: {low: 9, high: 1}' }], 'favours: [rebel]\ncontradicts: [a, zz]'),
    ], '  - id: iran\n    aligned_with: [goverment]\n');
    const rules = new Set(report.findings.map((f) => f.ruleId));
    for (const r of ['ref/unknown-source', 'assertion/value-without-quantity', 'assertion/value-range', 'ref/unknown-party', 'ref/self-contradiction', 'ref/unknown-claim']) expect(rules).toContain(r);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties, on the pure verdict function with a corpus held in memory.

const LOC = { line: 1, column: 1, endLine: 1, endColumn: 1 };
const PARTIES = ['government', 'rebels', 'turkey', 'russia'];
const memSources: SourceEntity[] = [
  ...PARTIES.map((p) => ({ id: `${p}-voice`, name: `${p} voice`, party: p, anonymous: false, file: 's.yaml', loc: LOC })),
  ...['w1', 'w2', 'w3'].map((id) => ({ id, name: id, anonymous: false, file: 's.yaml', loc: LOC })),
  { id: 'outlet', name: 'Outlet', kind: 'outlet', anonymous: false, reliability: 'B', file: 's.yaml', loc: LOC },
];
const memCorpus: Corpus = {
  sources: new Map(memSources.map((s) => [s.id, s])),
  documents: new Map([['d', { id: 'd', path: 'd.txt', file: 'd.yaml', loc: LOC }], ['u', { id: 'u', url: 'https://example.org', file: 'd.yaml', loc: LOC }]]),
  claims: [],
};
const VERIFIED = 'ok';
const quoteInfo = (q: { text: string }) => ({ verification: q.text === VERIFIED ? ('verified' as const) : ('not-found' as const) });

const assertionArb = fc.record({
  source: fc.constantFrom(...memSources.map((s) => s.id)),
  stance: fc.constantFrom<Stance>('asserts', 'corroborates', 'denies', 'disputes'),
  proof: fc.constantFrom('verified', 'not-found', 'none', 'url'),
  value: fc.option(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), { nil: undefined }),
});
type Arb = { source: string; stance: Stance; proof: string; value: [number, number] | undefined };

function entity(as: readonly Arb[], favours: string[]): ClaimEntity {
  const assertions: AssertionEntity[] = as.map((a) => ({
    source: a.source,
    stance: a.stance,
    quotes: a.proof === 'none' ? [] : [{ document: a.proof === 'url' ? 'u' : 'd', text: a.proof === 'verified' ? VERIFIED : 'missing', loc: LOC, documentLoc: LOC }],
    via: [],
    viaLocs: [],
    ...(a.value && { value: { low: Math.min(...a.value), high: Math.max(...a.value) }, valueLoc: LOC }),
    loc: LOC,
    sourceLoc: LOC,
  }));
  return { id: 'c', statement: 'S.', places: [], tags: [], assertions, favours, favoursLocs: favours.map(() => LOC), quantity: { what: 'x', unit: 'y' }, contradicts: [], contradictsLocs: [], file: 'c.yaml', loc: LOC, complete: true };
}

const policyArb = fc.record({ threshold: fc.integer({ min: 1, max: 3 }), countUnverified: fc.boolean(), foldAligned: fc.boolean() }).map((p) => policyOf({ ...p, parties: PARTIES, alignment: [{ id: 'turkey', alignedWith: ['rebels'] }] }));
const favoursArb = fc.subarray(PARTIES, { maxLength: 2 });
const essence = (v: ClaimVerdict) => ({ status: v.status, flags: v.flags, grade: v.grade, support: ids(v.support), opposition: ids(v.opposition), figures: v.figures });

describe('properties of the verdict', () => {
  it('removing an unproven assertion never changes the verdict', () => {
    fc.assert(
      fc.property(fc.array(assertionArb, { maxLength: 8 }), policyArb, favoursArb, (as, policy, favours) => {
        const before = judgeClaim(entity(as, favours), memCorpus, policy, quoteInfo);
        const i = before.assertions.findIndex((a) => !a.proven);
        if (i < 0) return;
        const after = judgeClaim(entity(as.filter((_, k) => k !== i), favours), memCorpus, policy, quoteInfo);
        expect(essence(after)).toEqual(essence(before));
      }),
      { numRuns: 300 },
    );
  });

  it('adding a proven supporting voice never makes the credibility worse', () => {
    fc.assert(
      fc.property(fc.array(assertionArb, { maxLength: 8 }), assertionArb, policyArb, favoursArb, (as, extra, policy, favours) => {
        const added: Arb = { ...extra, stance: 'asserts', proof: 'verified' };
        const before = judgeClaim(entity(as, favours), memCorpus, policy, quoteInfo);
        const after = judgeClaim(entity([...as, added], favours), memCorpus, policy, quoteInfo);
        expect(after.credibility).toBeLessThanOrEqual(before.credibility);
      }),
      { numRuns: 300 },
    );
  });

  it('verdicts do not depend on file order', async () => {
    const files: Record<string, string> = {
      'claims/sources.yaml': SOURCES,
      'claims/documents.yaml': DOCS,
      'claims/a.yaml': `claims:\n${claim('government-holds-saraqeb', [{ source: 'official', quote: Q.holds }, { source: 'turkey-mfa', quote: Q.ankara, stance: 'denies' }], 'contradicts: [rebels-recaptured-saraqeb]\nfavours: [government]')}\n`,
      'claims/b.yaml': `claims:\n${claim('rebels-recaptured-saraqeb', [{ source: 'rebel-spokesman', quote: Q.recaptured, extra: 'value: 14' }, { source: 'turkey-mfa', quote: Q.ankara, extra: 'value: 4' }], 'quantity: {what: x, unit: y}\nfavours: [rebels]')}\n`,
      'claims/c.yaml': `claims:\n${claim('relayed', [{ source: 'russian-military', quote: Q.russian, extra: 'via: [tass]' }, { source: 'tass', quote: Q.russian }, { source: 'official', quote: Q.fighters }])}\n`,
    };
    const dir = makeProject({ 'docs/a.txt': TEXT });
    const config: Config = { root: dir, corpus: ['claims'], threshold: 2, parties: PARTIES, alignment: [{ id: 'turkey', alignedWith: ['rebels'], locs: [LOC], file: 'claims.config.yaml' }], limits: { ...DEFAULT_LIMITS } };
    const run = async (order: string[]) => {
      const results = order.map((name) => checkFileBytes(name, new TextEncoder().encode(files[name]!), config.limits));
      const r = (await analyse(config, results, [])).report;
      return Object.fromEntries(r.claims.map((c) => [c.id, { ...essence(c), explanation: c.explanation, folded: c.folded }]));
    };
    const reference = await run(Object.keys(files));
    expect(reference['government-holds-saraqeb']!.status).toBe('contested');
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(Object.keys(files), { minLength: 5, maxLength: 5 }), async (order) => {
        expect(await run(order)).toEqual(reference);
      }),
      { numRuns: 20 },
    );
  });
});

describe('relay chains', () => {
  const src = (id: string, relays?: string): SourceEntity => ({ id, name: id, anonymous: false, ...(relays !== undefined && { relays }), file: 's.yaml', loc: LOC });
  it('resolve to the original speaker; circles are found once, each member its own root; chains into a circle end at it', () => {
    const list = [src('a', 'b'), src('b', 'c'), src('c'), src('x', 'y'), src('y', 'x'), src('z', 'x'), src('self', 'self'), src('lost', 'nobody')];
    const map = new Map(list.map((s) => [s.id, s]));
    const { root, cycles } = relayIndex(map);
    const r = (id: string) => root.get(map.get(id)!)!.id;
    expect(['a', 'b', 'c'].map(r)).toEqual(['c', 'c', 'c']);
    expect([r('x'), r('y'), r('z'), r('self'), r('lost')]).toEqual(['x', 'y', 'x', 'self', 'lost']);
    expect(cycles.map((c) => c.map((s) => s.id))).toEqual([['x', 'y']]);
  });

  it('a chain of 20,000 relays is resolved with each source visited once (no quadratic walk)', () => {
    const n = 20_000;
    let steps = 0;
    const list = Array.from({ length: n }, (_, i) => src(`s${i}`, i + 1 < n ? `s${i + 1}` : undefined));
    const map = new Map(list.map((s) => [s.id, s]));
    const counting = new Map(map);
    const get = counting.get.bind(counting);
    counting.get = (k: string) => (steps++, get(k));
    const { root } = relayIndex(counting);
    expect(root.get(list[0]!)!.id).toBe(`s${n - 1}`);
    expect(steps).toBeLessThanOrEqual(n);
  });
});
