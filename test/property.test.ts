// Property-based tests (fast-check): random valid corpora keep the verdict invariants, and random damage to a
// valid file never crashes the check and is always reported in the damaged file.
//
// Default run: a few seconds. Long run: FUZZ_RUNS=5000 npx vitest run test/property.test.ts
// (FUZZ_RUNS sets the number of cases of every property; FUZZ_SEED replays a failure.)
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/ledger/analyse.js';
import type { Config } from '../src/config/config.js';
import { STANCES, type ClaimVerdict, type Report, type Stance } from '../src/report/types.js';
import { checkFileBytes, DEFAULT_LIMITS } from '../src/validate/file.js';
import { validatorFor } from '../src/validate/schemas.js';
import { runCli } from './helpers/run.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 0) || undefined;
const SEED = process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) : undefined;
const params = (defaultRuns: number) => ({ numRuns: RUNS ?? defaultRuns, ...(SEED !== undefined && { seed: SEED }) });
const TIMEOUT = RUNS ? 24 * 3600_000 : 60_000;

// ---------------------------------------------------------------------------------------------------------
// A corpus model, and its rendering as files.

const VOCAB = ['the', 'bridge', 'fighters', 'took', 'border', 'post', 'officials', 'denied', 'said', 'town', 'market',
  'flag', 'residents', 'fled', 'at', 'dawn', 'Kabul', 'Chaman', 'Spin', 'Boldak', 'control', 'district', 'l’ennemi',
  'est', 'entré', 'dans', 'la', 'ville', '«', '»', 'taliban', 'trader', 'everywhere', 'were', 'on', 'Wednesday', '2021', '90%'];

interface Model {
  threshold: number;
  parties: string[];
  sources: Array<{ id: string; name: string; party?: string }>;
  docs: Array<{ id: string; words: string[] }>;
  claims: Array<{ id: string; statement: string; assertions: Array<{ source: string; stance: Stance; quotes: Array<{ doc: string; text: string }> }> }>;
  /** For each claim, the claims file it goes in. */
  fileOf: number[];
}

const word = fc.constantFrom(...VOCAB);

const modelArb: fc.Arbitrary<Model> = fc
  .record({
    threshold: fc.integer({ min: 1, max: 3 }),
    nParties: fc.integer({ min: 1, max: 3 }),
    sourceParties: fc.array(fc.option(fc.nat(2), { nil: undefined }), { minLength: 1, maxLength: 6 }),
    docs: fc.array(fc.array(word, { minLength: 12, maxLength: 50 }), { minLength: 1, maxLength: 3 }),
  })
  .chain((base) => {
    const quote = fc.record({ doc: fc.nat(base.docs.length - 1), start: fc.nat(1000), len: fc.integer({ min: 1, max: 8 }) });
    const assertion = fc.record({ source: fc.nat(base.sourceParties.length - 1), stance: fc.constantFrom(...STANCES), quotes: fc.array(quote, { minLength: 1, maxLength: 2 }) });
    const claim = fc.record({ statement: fc.array(word, { minLength: 3, maxLength: 8 }), assertions: fc.array(assertion, { maxLength: 4 }) });
    return fc.tuple(fc.constant(base), fc.array(fc.tuple(claim, fc.nat(3)), { minLength: 1, maxLength: 6 }));
  })
  .map(([base, claims]) => {
    const parties = ['alpha', 'beta', 'gamma'].slice(0, base.nParties);
    const sources = base.sourceParties.map((p, i) => ({ id: `source-${i}`, name: `Source ${i}`, ...(p !== undefined && { party: parties[p % parties.length]! }) }));
    const docs = base.docs.map((words, i) => ({ id: `doc-${i}`, words }));
    return {
      threshold: base.threshold,
      parties,
      sources,
      docs,
      claims: claims.map(([c], i) => ({
        id: `claim-${i}`,
        statement: c.statement.join(' '),
        assertions: c.assertions.map((a) => ({
          source: sources[a.source]!.id,
          stance: a.stance,
          quotes: a.quotes.map((q) => {
            const d = docs[q.doc]!;
            const len = Math.min(q.len, d.words.length);
            const start = q.start % (d.words.length - len + 1);
            return { doc: d.id, text: d.words.slice(start, start + len).join(' ') };
          }),
        })),
      })),
      fileOf: claims.map(([, f]) => f),
    };
  });

/** A document's text: its words, ten to a line. */
const docText = (words: string[]) => words.map((w, i) => (i % 10 === 9 ? `${w}\n` : `${w} `)).join('').trimEnd() + '\n';

const q = (s: string) => JSON.stringify(s);

/** The files of a model: sources, documents, and the claims spread over files as `fileOf` says. */
function render(m: Model, fileOf: readonly number[] = m.fileOf): Record<string, string> {
  const files: Record<string, string> = {};
  files['claims/sources.yaml'] = ['sources:', ...m.sources.flatMap((s) => [`  - id: ${s.id}`, `    name: ${q(s.name)}`, ...(s.party ? [`    party: ${s.party}`] : [])]), ''].join('\n');
  files['claims/documents.yaml'] = ['documents:', ...m.docs.flatMap((d, i) => [`  - id: ${d.id}`, `    path: docs/d${i}.txt`, '    publisher: Wire', '    language: en']), ''].join('\n');
  const parts = new Map<number, string[]>();
  m.claims.forEach((c, i) => {
    const lines = parts.get(fileOf[i]!) ?? ['claims:'];
    lines.push(`  - id: ${c.id}`, `    statement: ${q(c.statement)}`, '    assertions:' + (c.assertions.length === 0 ? ' []' : ''));
    for (const a of c.assertions) {
      lines.push(`      - source: ${a.source}`, `        stance: ${a.stance}`, '        quotes:');
      for (const qu of a.quotes) lines.push(`          - document: ${qu.doc}`, `            text: ${q(qu.text)}`);
    }
    parts.set(fileOf[i]!, lines);
  });
  for (const [k, lines] of parts) files[`claims/part-${k}.yaml`] = `${lines.join('\n')}\n`;
  return files;
}

/** A project folder holding the documents' text files (the YAML is checked from memory). */
function docsDir(m: Model): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-prop-'));
  mkdirSync(path.join(dir, 'docs'));
  m.docs.forEach((d, i) => writeFileSync(path.join(dir, 'docs', `d${i}.txt`), docText(d.words)));
  return dir;
}

const enc = (s: string | Uint8Array) => (typeof s === 'string' ? new TextEncoder().encode(s) : s);

/** The pipeline in-process: every file through checkFileBytes, then the cross-file analysis. */
async function check(dir: string, m: Pick<Model, 'threshold' | 'parties'>, files: Record<string, string | Uint8Array>, order?: string[]): Promise<Report> {
  const config: Config = { root: dir, corpus: ['claims'], threshold: m.threshold, parties: m.parties, limits: { ...DEFAULT_LIMITS } };
  const names = order ?? Object.keys(files).sort();
  const results = names.map((name) => checkFileBytes(name, enc(files[name]!), config.limits));
  return (await analyse(config, results, [])).report;
}

/** What a verdict is, independent of where its claim was written. */
const verdict = (c: ClaimVerdict, rename: (s: string) => string = (s) => s) => ({
  status: c.status,
  contested: c.contested,
  corroborated: c.corroborated,
  support: c.support.map((v) => rename(v.id)).sort(),
  opposition: c.opposition.map((v) => rename(v.id)).sort(),
});
const verdicts = (r: Report, rename?: (s: string) => string) => Object.fromEntries(r.claims.map((c) => [c.id, verdict(c, rename)]));

// ---------------------------------------------------------------------------------------------------------

describe('random valid corpora', () => {
  it(
    'have no errors, every quote verified, and the JSON report validates against its schema',
    async () => {
      const validate = validatorFor('report');
      await fc.assert(
        fc.asyncProperty(modelArb, async (m) => {
          const r = await check(docsDir(m), m, render(m));
          expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
          expect(r.summary.quotes.notFound).toBe(0);
          expect(r.summary.quotes.verified).toBe(r.summary.quotes.total);
          expect(r.claims).toHaveLength(m.claims.length);
          const ok = validate(JSON.parse(JSON.stringify(r)));
          expect(validate.errors ?? [], 'report schema').toEqual([]);
          expect(ok).toBe(true);
        }),
        params(40),
      );
    },
    TIMEOUT,
  );

  it(
    'verdicts do not depend on file order, nor on how claims are split across files',
    async () => {
      await fc.assert(
        fc.asyncProperty(modelArb, fc.array(fc.nat(5), { minLength: 6, maxLength: 6 }), fc.nat(), async (m, otherSplit, shuffleSeed) => {
          const dir = docsDir(m);
          const files = render(m);
          const base = verdicts(await check(dir, m, files));
          // Another order of the same files.
          const names = Object.keys(files).sort();
          const shuffled = fc.sample(fc.shuffledSubarray(names, { minLength: names.length, maxLength: names.length }), { seed: shuffleSeed, numRuns: 1 })[0]!;
          expect(verdicts(await check(dir, m, files, shuffled))).toEqual(base);
          // The same claims spread over files differently (all in one, or another split).
          expect(verdicts(await check(dir, m, render(m, m.claims.map(() => 0))))).toEqual(base);
          expect(verdicts(await check(dir, m, render(m, m.claims.map((_, i) => otherSplit[i % otherSplit.length]!))))).toEqual(base);
        }),
        params(30),
      );
    },
    TIMEOUT,
  );

  it(
    'renaming every id and party consistently changes nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(modelArb, fc.constantFrom('x', 'renamed', 'zz-9', 'a1b2'), async (m, prefix) => {
          const dir = docsDir(m);
          const ren = (id: string) => `${prefix}-${id.split('').reverse().join('').replace(/^-+|-+$/g, '')}`;
          const renamed: Model = {
            ...m,
            parties: m.parties.map(ren),
            sources: m.sources.map((s) => ({ ...s, id: ren(s.id), ...(s.party && { party: ren(s.party) }) })),
            docs: m.docs.map((d) => ({ ...d, id: ren(d.id) })),
            claims: m.claims.map((c) => ({
              ...c,
              id: ren(c.id),
              assertions: c.assertions.map((a) => ({ ...a, source: ren(a.source), quotes: a.quotes.map((qu) => ({ ...qu, doc: ren(qu.doc) })) })),
            })),
          };
          const before = await check(dir, m, render(m));
          const after = await check(dir, renamed, render(renamed));
          const voice = (v: string) => v.replace(/^(party|source):(.*)$/, (_, k: string, id: string) => `${k}:${ren(id)}`);
          const expected = Object.fromEntries(Object.entries(verdicts(before, voice)).map(([id, v]) => [ren(id), v]));
          expect(verdicts(after)).toEqual(expected);
          expect(after.summary).toEqual(before.summary);
        }),
        params(30),
      );
    },
    TIMEOUT,
  );

  it(
    'a new source of a party already heard on a side never adds a voice to that side',
    async () => {
      await fc.assert(
        fc.asyncProperty(modelArb, fc.nat(), fc.nat(), fc.boolean(), async (m, pick, pickStance, useExisting) => {
          const dir = docsDir(m);
          const before = await check(dir, m, render(m));
          // A claim with a party voice on some side; the new source speaks for that party, on that side.
          const withParty = before.claims.flatMap((c) => [
            ...c.support.filter((v) => v.party).map((v) => ({ c, v, side: 'support' as const })),
            ...c.opposition.filter((v) => v.party).map((v) => ({ c, v, side: 'opposition' as const })),
          ]);
          const sourcesOnly: Model = { ...m, sources: [...m.sources, { id: 'newcomer', name: 'Newcomer', party: m.parties[pick % m.parties.length]! }] };
          // Adding the source alone changes nothing at all.
          expect(verdicts(await check(dir, sourcesOnly, render(sourcesOnly)))).toEqual(verdicts(before));
          if (withParty.length === 0) return;
          const { c, v, side } = withParty[pick % withParty.length]!;
          const stances: Stance[] = side === 'support' ? ['asserts', 'corroborates'] : ['denies', 'disputes'];
          const doc = m.docs[0]!;
          const added: Model = {
            ...m,
            sources: [...m.sources, { id: 'newcomer', name: 'Newcomer', party: v.party! }],
            claims: m.claims.map((cl) =>
              cl.id !== c.id
                ? cl
                : {
                    ...cl,
                    assertions: [
                      ...cl.assertions,
                      { source: useExisting ? v.sources[0]! : 'newcomer', stance: stances[pickStance % 2]!, quotes: [{ doc: doc.id, text: doc.words.slice(0, 3).join(' ') }] },
                    ],
                  },
            ),
          };
          const after = await check(dir, added, render(added));
          const a = after.claims.find((x) => x.id === c.id)!;
          expect(a.support.length).toBe(c.support.length);
          expect(a.opposition.length).toBe(c.opposition.length);
          expect(a.status).toBe(c.status);
        }),
        params(30),
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------------------
// Damage: mutate one file of a valid corpus.

type Mutation =
  | { kind: 'delete' | 'duplicate'; line: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.constantFrom(...[':', '- ', '"', "'", '[', '{', '&a', '*a', '!!js/function', '\t', '\n  ', '---\n', '#', '%', '@', '`', '|', '>', '? ', '\u00a0', '\ufeff', '__proto__: 1\n'].map((s) => new TextEncoder().encode(s))),
    ),
  }),
);

/** A rendered corpus with one of its files (chosen by `which`) damaged by `mutations`. */
function damaged(m: Model, which: number, mutations: readonly Mutation[]) {
  const files: Record<string, string | Uint8Array> = render(m);
  const names = Object.keys(files).sort();
  const target = names[which % names.length]!;
  let bytes = enc(files[target]!);
  for (const mu of mutations) bytes = mutate(bytes, mu);
  files[target] = bytes;
  return { files, target, bytes };
}

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const text = Buffer.from(bytes).toString('utf8');
  const lines = text.split('\n');
  const n = lines.length;
  switch (m.kind) {
    case 'delete':
      lines.splice(m.line % n, 1);
      return enc(lines.join('\n'));
    case 'duplicate':
      lines.splice(m.line % n, 0, lines[m.line % n]!);
      return enc(lines.join('\n'));
    case 'swap': {
      const a = m.a % n;
      const b = m.b % n;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return enc(lines.join('\n'));
    }
    case 'truncate':
      return bytes.subarray(0, m.at % (bytes.length + 1));
    case 'insert': {
      const at = m.at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    }
  }
}

/**
 * A JavaScript value printed by mistake into a message ("undefined", "NaN", "[object Object]", a function's
 * source), outside the quoted file text that messages legitimately repeat (a damaged file may itself contain
 * "!!js/function" or "undefined"; the YAML library quotes tokens with straight quotes, the tool with curly ones).
 */
function leakedValue(message: string): string | undefined {
  const own = message.replace(/"(?:[^"\\]|\\.)*"|“[^”]*”/g, '""');
  return /\bundefined\b|\bNaN\b|\[object Object\]|\bfunction\s*[\w$]*\s*\(/.exec(own)?.[0];
}

/** An oracle independent of the tool's own loader: is this file valid UTF-8 YAML, one document, valid for its schema? */
function oracleBroken(name: string, bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return true;
  }
  let value: unknown;
  try {
    value = parseYaml(text.replace(/^\ufeff/, ''), { uniqueKeys: true, strict: true, resolveKnownTags: false, logLevel: 'silent' });
  } catch {
    return true;
  }
  if (/^\s*---\s*$/m.test(text.slice(1)) && text.trim() !== '') {
    // More than one document (parse() keeps the first silently).
    const docs = text.split(/^---\s*$/m).filter((d) => d.replace(/#.*$/gm, '').trim() !== '');
    if (docs.length > 1) return true;
  }
  if (value === null || value === undefined) return false; // empty: a warning, not an error
  if (typeof value !== 'object' || Array.isArray(value)) return true;
  const kind = name.includes('sources') ? 'sources' : name.includes('documents') ? 'documents' : 'claims';
  return !validatorFor(kind)(value);
}

describe('damaged files', () => {
  it('the leak check catches printed JavaScript values, and not file text that a message quotes', () => {
    expect(leakedValue('expected a string, got undefined')).toBe('undefined');
    expect(leakedValue('The value [object Object] is not a date')).toBe('[object Object]');
    expect(leakedValue('bad value function anon() { return 1 }')).toBe('function anon(');
    expect(leakedValue('YAML syntax error: Unexpected scalar token in YAML stream: "-!!js/function id".')).toBeUndefined();
    expect(leakedValue('The statement “undefined function (x)” is too short')).toBeUndefined();
    expect(leakedValue('YAML tags (like !!js/function or !custom) are not allowed in claim files.')).toBeUndefined();
  });

  it(
    'never crash the check, and a broken file is always reported in that file',
    async () => {
      const seen = { cases: 0, broken: 0 };
      await fc.assert(
        fc.asyncProperty(modelArb, fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), async (m, which, mutations) => {
          const dir = docsDir(m);
          const { files, target, bytes } = damaged(m, which, mutations);
          const r = await check(dir, m, files);
          for (const f of r.findings) {
            expect(f.line).toBeGreaterThanOrEqual(1);
            expect(f.column).toBeGreaterThanOrEqual(1);
            expect(leakedValue(f.message), f.message).toBeUndefined();
          }
          seen.cases++;
          if (oracleBroken(target, bytes)) {
            seen.broken++;
            const inTarget = r.findings.filter((f) => f.file === target && f.severity === 'error');
            expect(inTarget.length, `broken ${target} not reported:\n${Buffer.from(bytes).toString('utf8')}`).toBeGreaterThan(0);
          }
        }),
        params(300),
      );
      // Not vacuous: a good share of the damaged files are broken, and those were all reported.
      expect(seen.broken).toBeGreaterThan(seen.cases / 5);
      if (RUNS) console.log(`damaged files: ${seen.cases} cases, ${seen.broken} broken (all reported)`);
    },
    TIMEOUT,
  );

  it(
    'the CLI on a damaged project never exits 2 nor reports an internal error',
    async () => {
      await fc.assert(
        fc.asyncProperty(modelArb, fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), async (m, which, mutations) => {
          const dir = docsDir(m);
          const { files } = damaged(m, which, mutations);
          writeFileSync(path.join(dir, 'claims.config.yaml'), `corpus: claims\nparties: [${m.parties.join(', ')}]\ncorroboration:\n  threshold: ${m.threshold}\n`);
          mkdirSync(path.join(dir, 'claims'));
          for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
          for (const format of ['text', 'json']) {
            const r = await runCli(['check', '--format', format], dir);
            expect(r.stderr).not.toMatch(/internal error/);
            expect([0, 1]).toContain(r.code);
          }
        }),
        params(40),
      );
    },
    TIMEOUT,
  );
});
