// The ClaimReview export: Google's required and recommended properties on every review, JSON-LD that expands into
// the schema.org vocabulary with no term dropped, provisional verdicts left out (or marked), the publish settings.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { makeProject } from './helpers/project.js';
import { ROOT, runCli } from './helpers/run.js';
import { ratingValueOf, verdictName } from '../src/format/claimreview.js';
import { STATUSES, type ClaimVerdict, type Credibility, type Voice } from '../src/report/types.js';

const SCHEMA = 'http://schema.org/';
const EPOCH = { SOURCE_DATE_EPOCH: '1626912000' }; // 2021-07-22

/**
 * The schema.org vocabulary, read from the type definitions of schema-dts (generated from schema.org's own
 * release): every property name and every type name it declares. No npm package ships schema.org's JSON-LD
 * context, so the test builds one from this vocabulary, term by term and without @vocab: a term that is not
 * schema.org's is then dropped by the expansion, where the official context (which has @vocab) would keep it.
 */
function schemaVocabulary(): { properties: Set<string>; types: Set<string> } {
  const dts = readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('schema-dts/package.json')), 'dist', 'schema.d.ts'), 'utf8');
  const properties = new Set([...dts.matchAll(/^\s+"([a-zA-Z][A-Za-z0-9]*)"\?:/gm)].map((m) => m[1]!));
  const types = new Set([...dts.matchAll(/"@type": "([A-Za-z][A-Za-z0-9]*)"/g)].map((m) => m[1]!));
  return { properties, types };
}

const VOCAB = schemaVocabulary();
const CONTEXT = { '@context': Object.fromEntries([...VOCAB.properties, ...VOCAB.types].map((t) => [t, `${SCHEMA}${t}`])) };

/** A document loader with no network: schema.org's context from the vocabulary above, anything else refused. */
const documentLoader = async (url: string) => {
  if (/^https?:\/\/schema\.org\/?$/.test(url)) return { contextUrl: undefined, document: CONTEXT, documentUrl: url };
  throw new Error(`no network in tests: ${url}`);
};

/** Every property name used in compacted JSON-LD, as many times as it is used. */
function compactTerms(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) compactTerms(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!k.startsWith('@')) out.push(k);
      compactTerms(v, out);
    }
  }
  return out;
}

/** What is wrong with expanded JSON-LD: IRIs outside schema.org, unknown properties or types. Also lists the terms. */
function expandedTerms(value: unknown, problems: string[], out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) expandedTerms(v, problems, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '@type') {
        for (const t of v as string[]) if (!(t.startsWith(SCHEMA) && VOCAB.types.has(t.slice(SCHEMA.length)))) problems.push(`type ${t} is not a schema.org type`);
      } else if (!k.startsWith('@')) {
        if (!(k.startsWith(SCHEMA) && VOCAB.properties.has(k.slice(SCHEMA.length)))) problems.push(`property ${k} is not a schema.org property`);
        out.push(k.slice(SCHEMA.length));
      }
      if (k !== '@type') expandedTerms(v, problems, out);
    }
  }
  return out;
}

/** Expand with jsonld and report any term that left the vocabulary or was dropped. */
async function expansionProblems(doc: unknown): Promise<string[]> {
  const expanded = await jsonld.expand(doc as object, { documentLoader } as never);
  const problems: string[] = [];
  const after = expandedTerms(expanded, problems).sort();
  const before = compactTerms(doc).sort();
  if (JSON.stringify(after) !== JSON.stringify(before)) {
    const dropped = before.filter((t, i, a) => a.indexOf(t) === i && before.filter((x) => x === t).length !== after.filter((x) => x === t).length);
    problems.push(`terms dropped in expansion: ${dropped.join(', ')}`);
  }
  return problems;
}

interface Review {
  '@context': string;
  '@type': string;
  url: string;
  claimReviewed: string;
  datePublished: string;
  author: { '@type': string; name: string; url: string };
  reviewRating: { '@type': string; alternateName: string; ratingValue: number; bestRating: number; worstRating: number; ratingExplanation: string };
  itemReviewed: { '@type': string; author?: unknown; datePublished?: string; firstAppearance?: { url?: string; datePublished?: string }; appearance?: Array<{ url?: string }> };
}

/**
 * Google's required properties (claimReviewed, reviewRating.alternateName, url) and the recommended ones every claim
 * has (the claim's date and appearances are given when its documents say them: tested on the project below).
 */
function missingProperties(r: Review): string[] {
  const missing: string[] = [];
  const need = (ok: unknown, what: string) => {
    if (ok === undefined || ok === null || ok === '') missing.push(what);
  };
  need(r.claimReviewed, 'claimReviewed');
  need(r.url, 'url');
  need(r.reviewRating?.alternateName, 'reviewRating.alternateName');
  need(r.reviewRating?.ratingValue, 'reviewRating.ratingValue');
  need(r.reviewRating?.bestRating, 'reviewRating.bestRating');
  need(r.reviewRating?.worstRating, 'reviewRating.worstRating');
  need(r.reviewRating?.ratingExplanation, 'reviewRating.ratingExplanation');
  need(r.author?.name, 'author.name');
  need(r.author?.url, 'author.url');
  need(r.datePublished, 'datePublished');
  need(r.itemReviewed?.['@type'] === 'Claim' ? 'Claim' : undefined, 'itemReviewed (a Claim)');
  need(r.itemReviewed?.author, 'itemReviewed.author');
  return missing;
}

describe('claimreview on the bundled corpus', async () => {
  const r = await runCli(['check', '--format', 'claimreview', '--no-cache'], ROOT, { env: EPOCH });
  const reviews = JSON.parse(r.stdout) as Review[];

  it('exports one review per claim with a final verdict, and exits as the check does', async () => {
    const report = JSON.parse((await runCli(['check', '--format', 'json', '--no-cache'], ROOT)).stdout) as { claims: Array<{ id: string; provisional: boolean }> };
    expect(r.code).toBe(0);
    expect(reviews.map((x) => x.url)).toEqual(report.claims.filter((c) => !c.provisional).map((c) => `https://factcheck.example.org/claims/${c.id}`));
  });

  it('gives every review every required property', () => {
    expect(reviews.length).toBeGreaterThan(0);
    for (const x of reviews) expect(missingProperties(x), x.url).toEqual([]);
  });

  it('expands into the schema.org vocabulary with no term dropped', async () => {
    expect(await expansionProblems(reviews)).toEqual([]);
  });

  it('states the evidentiary verdict, never True or False, on the numeric scale it declares', () => {
    for (const x of reviews) {
      expect(x.reviewRating.alternateName).not.toMatch(/\b(true|false)\b/i);
      expect(x.reviewRating.alternateName.length).toBeLessThanOrEqual(80);
      expect(x.reviewRating.ratingValue).toBeGreaterThanOrEqual(x.reviewRating.worstRating);
      expect(x.reviewRating.ratingValue).toBeLessThanOrEqual(x.reviewRating.bestRating);
    }
    const weish = reviews.find((x) => x.url.endsWith('/weish-seized'))!;
    expect(weish.reviewRating.alternateName).toBe('Corroborated by 3 independent voices');
    expect(weish.reviewRating.ratingValue).toBe(6);
    expect(reviews.find((x) => x.url.endsWith('/taliban-control-100-districts'))!.reviewRating.alternateName).toBe('Contested: 1 voice for, 1 against');
  });

  it('warns on stderr, with the claim file and line, for each statement over 75 characters', () => {
    const long = reviews.filter((x) => [...x.claimReviewed].length > 75);
    expect(long.length).toBeGreaterThan(0);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('claims: warning: '));
    expect(warnings).toHaveLength(long.length);
    expect(r.stderr).toMatch(/^claims: warning: claims\/badghis\.yaml:4:9: badghis-capital-entered: the statement is 106 characters/m);
    expect(r.stderr).not.toContain('fighting-heard-near-weish');
  });
});

describe('the expansion check', () => {
  it('catches a misspelt property, an unknown type and a property outside schema.org', async () => {
    const base = { '@context': 'https://schema.org', '@type': 'ClaimReview', claimReviewed: 'x' };
    expect(await expansionProblems(base)).toEqual([]);
    expect((await expansionProblems({ ...base, claimReviwed: 'x' })).join()).toContain('dropped in expansion: claimReviwed');
    expect((await expansionProblems({ ...base, '@type': 'ClaimReviw' })).join()).toContain('not a schema.org type');
    expect((await expansionProblems({ ...base, 'http://example.org/verdict': 'x' })).join()).toContain('not a schema.org property');
  });
});

const PUBLISH = ['publish:', '  organization: {name: Example Newsroom Fact Check, url: "https://factcheck.example.org"}', '  base_url: "https://factcheck.example.org/claims"', '  date_published: 2021-08-01', ''].join('\n');

/** A small project: a person and an organisation asserting, three documents with addresses, one hostile statement. */
function project(config = `corpus: claims\n${PUBLISH}`, extraClaims = ''): string {
  return makeProject({
    'claims.config.yaml': config,
    'docs/a.txt': 'The fighters took the bridge at dawn, the commander said.\n',
    'docs/b.txt': 'The ministry said the bridge was taken.\n',
    'docs/c.txt': 'Commander: we took the bridge at dawn.\n',
    'claims/documents.yaml': [
      'documents:',
      '  - {id: doc-a, path: docs/a.txt, url: "https://news.example.org/a", publisher: Wire, language: en, published: 2021-07-14, title: Bridge taken}',
      '  - {id: doc-b, path: docs/b.txt, url: "javascript:alert(1)", publisher: unknown, language: en, published: 2021-07-15}',
      '  - {id: doc-c, path: docs/c.txt, url: "https://news.example.org/c", publisher: Radio, language: en, published: 2021-07-13}',
      '',
    ].join('\n'),
    'claims/sources.yaml': ['sources:', '  - {id: commander, name: Rebel commander, role: commander of the northern brigade, kind: person, party: rebels}', '  - {id: ministry, name: Ministry of Defence, kind: institution, party: government}', ''].join('\n'),
    'claims/claims.yaml': [
      'claims:',
      '  - id: bridge-taken',
      '    statement: The bridge was taken at dawn.',
      '    assertions:',
      '      - {source: commander, stance: asserts, date: 2021-07-13, quotes: [{document: doc-a, text: The fighters took the bridge at dawn}, {document: doc-c, text: we took the bridge at dawn}]}',
      '      - {source: ministry, stance: asserts, quotes: [{document: doc-b, text: the bridge was taken}]}',
      '  - id: hostile',
      '    statement: "</script><script>alert(1)</script> & a statement long enough to be cut off by the display limit of Google"',
      '    assertions:',
      '      - {source: ministry, stance: asserts, quotes: [{document: doc-b, text: The ministry said}]}',
      '  - id: not-found',
      '    statement: The bridge was blown up.',
      '    assertions:',
      '      - {source: commander, stance: asserts, quotes: [{document: doc-a, text: the bridge was blown up}]}',
      extraClaims,
      '',
    ].join('\n'),
  });
}

const review = (out: string, id: string) => (JSON.parse(out) as Review[]).find((x) => x.url.endsWith(`/${id}`));

describe('claimreview on a project of its own', () => {
  const dir = project();

  it('names the claimants (a person with the role as job title, an organisation) and where the claim appeared', async () => {
    const r = await runCli(['check', '--format', 'claimreview', '--no-cache'], dir);
    const b = review(r.stdout, 'bridge-taken')!;
    expect(b.url).toBe('https://factcheck.example.org/claims/bridge-taken');
    expect(b.datePublished).toBe('2021-08-01');
    expect(b.itemReviewed.author).toEqual([
      { '@type': 'Person', name: 'Rebel commander', jobTitle: 'commander of the northern brigade' },
      { '@type': 'Organization', name: 'Ministry of Defence' },
    ]);
    expect(b.itemReviewed.datePublished).toBe('2021-07-13');
    // The earliest document first; the javascript: address is never published as a link.
    expect(b.itemReviewed.firstAppearance).toEqual({ '@type': 'CreativeWork', url: 'https://news.example.org/c', publisher: { '@type': 'Organization', name: 'Radio' }, datePublished: '2021-07-13', inLanguage: 'en' });
    expect(b.itemReviewed.appearance).toEqual([
      { '@type': 'CreativeWork', url: 'https://news.example.org/a', headline: 'Bridge taken', publisher: { '@type': 'Organization', name: 'Wire' }, datePublished: '2021-07-14', inLanguage: 'en' },
      { '@type': 'CreativeWork', datePublished: '2021-07-15', inLanguage: 'en' },
    ]);
    expect(r.stdout).not.toContain('javascript:');
    expect(await expansionProblems(JSON.parse(r.stdout))).toEqual([]);
  });

  it('keeps a hostile statement from ending the script element the JSON-LD is pasted into', async () => {
    const r = await runCli(['check', '--format', 'claimreview', '--no-cache'], dir);
    expect(r.stdout).not.toMatch(/[<>&]/);
    expect(review(r.stdout, 'hostile')!.claimReviewed).toBe('</script><script>alert(1)</script> & a statement long enough to be cut off by the display limit of Google');
    expect(r.stderr).toMatch(/^claims: warning: claims\/claims\.yaml:7:9: hostile: the statement is 10\d characters/m);
  });

  it('lets no statement start a CI workflow command, and keeps it exact for a JSON parser', async () => {
    const statement = '::error::x ##[error]y\n::warning::z';
    const claim = ['  - id: commands', `    statement: ${JSON.stringify(statement)}`, '    assertions:', '      - {source: ministry, stance: asserts, quotes: [{document: doc-b, text: The ministry said}]}'].join('\n');
    const r = await runCli(['check', '--format', 'claimreview', '--no-cache'], project(undefined, claim), { env: { GITHUB_ACTIONS: 'true' } });
    expect(r.stdout).not.toContain('##[');
    expect(r.stdout.split('\n').filter((l) => /^\s*::/.test(l))).toEqual([]);
    expect(review(r.stdout, 'commands')!.claimReviewed).toBe(statement);
  });

  it('leaves provisional verdicts out with a note on stderr; --allow-provisional includes them, marked', async () => {
    const r = await runCli(['check', '--format', 'claimreview', '--no-cache'], dir);
    expect(r.code).toBe(1); // the check's own exit code: a quote is not found
    expect(review(r.stdout, 'not-found')).toBeUndefined();
    expect(r.stderr).toMatch(/^claims: note: not-found is left out of the ClaimReview export: its verdict is provisional \(quote\/not-found at claims\/claims\.yaml:\d+:\d+\)\. .*--allow-provisional/m);
    const all = await runCli(['check', '--format', 'claimreview', '--allow-provisional', '--no-cache'], dir);
    const p = review(all.stdout, 'not-found')!;
    expect(p.reviewRating.alternateName).toMatch(/^Provisional: /);
    expect(p.reviewRating.ratingExplanation).toContain('Provisional: this verdict rests on input with errors (quote/not-found');
    expect(all.stderr).not.toContain('left out');
    const quiet = await runCli(['check', '--format', 'claimreview', '--quiet', '--no-cache'], dir);
    expect([quiet.stdout, quiet.stderr]).toEqual([r.stdout, '']);
    expect(missingProperties(review(all.stdout, 'bridge-taken')!)).toEqual([]);
  });

  it('exports the --claims and --status selection only', async () => {
    const one = await runCli(['check', '--format', 'claimreview', '--claims', 'hostile', '--no-cache'], dir);
    expect((JSON.parse(one.stdout) as Review[]).map((x) => x.url)).toEqual(['https://factcheck.example.org/claims/hostile']);
    const byStatus = await runCli(['check', '--format', 'claimreview', '--status', 'contested,corroborated', '--no-cache'], dir);
    expect((JSON.parse(byStatus.stdout) as Review[]).map((x) => x.url)).toEqual(['https://factcheck.example.org/claims/bridge-taken']);
    const none = await runCli(['check', '--format', 'claimreview', '--status', 'denied', '--no-cache'], dir);
    expect([none.stdout, none.stderr]).toEqual(['[]\n', '']);
  });

  it('refuses an unknown claim id, an unknown status, and a selection without --format claimreview (exit 2)', async () => {
    const unknown = await runCli(['check', '--format', 'claimreview', '--claims', 'hostile,brige-taken', '--no-cache'], dir);
    expect([unknown.code, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toContain('--claims: no claim has the id "brige-taken"');
    const status = await runCli(['check', '--format', 'claimreview', '--status', 'true', '--no-cache'], dir);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('--status: "true" is not a status');
    const alone = await runCli(['check', '--claims', 'hostile', '--no-cache'], dir);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--claims choose');
  });

  it('replays its notes from the run cache', async () => {
    const cache = makeProject({});
    const args = ['check', '--format', 'claimreview', '--cache-location', cache];
    const first = await runCli(args, dir);
    const second = await runCli([...args, '--debug'], dir);
    expect(second.stderr).toContain('its reports are replayed');
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toContain(first.stderr.split('\n').find((l) => l.startsWith('claims: note: '))!);
  });
});

describe('publish settings', () => {
  it('a missing publish section is a configuration error at the configuration file, with the fix (exit 2)', async () => {
    const r = await runCli(['check', '--format', 'claimreview', '--no-cache'], project('corpus: claims\n'));
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain('claims.config.yaml:1:1: the claimreview export needs to know who publishes the fact checks, but there is no publish section (config/publish-missing)');
    expect(r.stderr).toContain('  base_url: https://factcheck.example.org/claims/');
  });

  it('with no configuration file at all, says where to create one', async () => {
    const r = await runCli(['check', '--format', 'claimreview', '--no-cache'], makeProject({ 'claims/x.yaml': 'claims: []\n' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('claims.config.yaml (there is none: create it in .): the claimreview export needs to know who publishes the fact checks, but there is no publish section');
  });

  it('an incomplete one is located at publish: and names what it lacks', async () => {
    const r = await runCli(['check', '--format', 'claimreview', '--no-cache'], project('corpus: claims\npublish:\n  organization: {name: Desk}\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('claims.config.yaml:3:3: the claimreview export needs to know who publishes the fact checks, but the publish section lacks publish.organization.url, publish.base_url');
  });

  it('is not needed by the other formats, and is checked by the schema', async () => {
    const partial = project('corpus: claims\npublish:\n  organization: {name: Desk}\n');
    expect((await runCli(['check', '--format', 'json', '--no-cache'], partial)).code).toBe(1);
    const bad = await runCli(['check', '--no-cache'], project('corpus: claims\npublish:\n  base_url: "javascript:alert(1)"\n'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('claims.config.yaml:3:');
  });
});

describe('the textual rating', () => {
  const voice = (id: string): Voice => ({ id, label: id, party: null, parties: [], sources: [], documents: [], stances: ['asserts'], proven: true, reliability: 'F' });
  const verdict = (over: Partial<ClaimVerdict>): ClaimVerdict => ({ id: 'c', statement: 's', file: 'f', line: 1, column: 1, places: [], status: 'single-source', contested: false, corroborated: false, complete: true, provisional: false, provisionalBecause: [], flags: [], credibility: 3, grade: 'F3', support: [voice('a')], opposition: [], unproven: { support: [], opposition: [] }, folded: [], explanation: 'e', assertions: [], ...over });

  it('says each status in words, never True or False, short enough for a search result', () => {
    const texts = STATUSES.map((status) => verdictName(verdict({ status, support: status === 'denied' || status === 'unsupported' ? [] : [voice('a'), voice('b')], opposition: status === 'denied' || status === 'contested' ? [voice('x')] : [] }), 3));
    expect(texts).toEqual(['Contested: 2 voices for, 1 against', 'Corroborated by 2 independent voices', 'Single source, not corroborated', 'Not corroborated: 2 of 3 independent voices', 'Denied by 1 voice, no proven support', 'Unsupported: no proven voice']);
    for (const t of texts) expect(t).not.toMatch(/\b(true|false)\b/i);
  });

  it('marks a provisional verdict and disputed figures', () => {
    expect(verdictName(verdict({ provisional: true, flags: ['figure-disputed', 'provisional'] }), 2)).toBe('Provisional: Single source, not corroborated; figures disputed');
  });

  it('puts credibility 1 (confirmed) at the best end of the scale and 6 at the worst', () => {
    expect(([1, 2, 3, 4, 5, 6] as Credibility[]).map((credibility) => ratingValueOf(verdict({ credibility })))).toEqual([6, 5, 4, 3, 2, 1]);
  });
});
