// The incremental core against a from-scratch check: for random edit sequences over a small generated corpus, a
// ledger kept between updates (given only the changed files as new results) reports exactly what a fresh check of
// the same files reports, byte for byte, in JSON and in the text format.
//
// Default run: a few seconds. Long run: FUZZ_RUNS=2000 npx vitest run test/incremental.test.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/ledger/analyse.js';
import { Ledger } from '../src/ledger/ledger.js';
import { LedgerScope } from '../src/ledger/scope.js';
import { loadConfig, type Config } from '../src/config/config.js';
import { loadFormatter } from '../src/format/index.js';
import { STANCES, type FileResult, type Report, type Stance } from '../src/report/types.js';
import { checkFileBytes } from '../src/validate/file.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 0) || undefined;
const SEED = process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) : undefined;
const params = (defaultRuns: number) => ({ numRuns: RUNS ?? defaultRuns, ...(SEED !== undefined && { seed: SEED }) });
const TIMEOUT = RUNS ? 24 * 3600_000 : 120_000;

const VOCAB = ['the', 'bridge', 'fighters', 'took', 'border', 'post', 'officials', 'denied', 'said', 'town', 'market', 'flag', 'residents', 'fled', 'at', 'dawn', 'Kabul', 'Chaman', 'control', 'district', 'were', 'on', 'Wednesday', '2021'];
const PARTIES = ['alpha', 'beta', 'gamma'];

interface Source { id: string; name: string; kind: 'person' | 'outlet'; party?: string; relays?: string; witness?: boolean; file: number }
interface Doc { id: string; text?: number; lang: 'en' | 'fr'; translationOf?: string }
interface Quote { doc: string; text: string; lang?: 'en' | 'fr' }
interface Assertion { source: string; stance: Stance | 'maybe'; via: string[]; value?: [number, number]; quotes: Quote[] }
interface Claim { id: string; statement: string; favours: string[]; contradicts: string[]; quantity: boolean; assertions: Assertion[]; file: number }
interface Model {
  threshold: number;
  aligned: boolean;
  sources: Source[];
  docs: Doc[];
  texts: string[][];
  claims: Claim[];
  /** Files whose YAML is broken on purpose (a schema or syntax error), by name, with the damage. */
  broken: Map<string, string>;
}

const q = (s: string) => JSON.stringify(s);
const docText = (words: string[]) => words.map((w, i) => (i % 8 === 7 ? `${w}\n` : `${w} `)).join('').trimEnd() + '\n';

function render(m: Model): Record<string, string> {
  const files: Record<string, string> = {};
  for (const k of [0, 1]) {
    const list = m.sources.filter((s) => s.file === k);
    if (list.length === 0 && k === 1) continue;
    files[`claims/sources-${k}.yaml`] = ['sources:' + (list.length === 0 ? ' []' : ''), ...list.flatMap((s) => [`  - id: ${s.id}`, `    name: ${q(s.name)}`, `    kind: ${s.kind}`, ...(s.party ? [`    party: ${s.party}`] : []), ...(s.relays ? [`    relays: ${s.relays}`] : []), ...(s.witness ? ['    witness: true'] : [])]), ''].join('\n');
  }
  files['claims/documents.yaml'] = ['documents:' + (m.docs.length === 0 ? ' []' : ''), ...m.docs.flatMap((d) => [`  - id: ${d.id}`, d.text !== undefined ? `    path: docs/t${d.text}.txt` : `    url: https://example.org/${d.id}`, '    publisher: Wire', `    language: ${d.lang}`, ...(d.translationOf ? [`    translation_of: ${d.translationOf}`] : [])]), ''].join('\n');
  for (const k of [0, 1, 2]) {
    const list = m.claims.filter((c) => c.file === k);
    const lines = ['claims:' + (list.length === 0 ? ' []' : '')];
    for (const c of list) {
      lines.push(`  - id: ${c.id}`, `    statement: ${q(c.statement)}`);
      if (c.favours.length) lines.push(`    favours: [${c.favours.join(', ')}]`);
      if (c.contradicts.length) lines.push(`    contradicts: [${c.contradicts.join(', ')}]`);
      if (c.quantity) lines.push('    quantity: {what: people killed, unit: people}');
      lines.push('    assertions:' + (c.assertions.length === 0 ? ' []' : ''));
      for (const a of c.assertions) {
        lines.push(`      - source: ${a.source}`, `        stance: ${a.stance}`);
        if (a.via.length) lines.push(`        via: [${a.via.join(', ')}]`);
        if (a.value) lines.push(`        value: {low: ${a.value[0]}, high: ${a.value[1]}}`);
        lines.push('        quotes:' + (a.quotes.length === 0 ? ' []' : ''));
        for (const x of a.quotes) lines.push(`          - document: ${x.doc}`, `            text: ${q(x.text)}`, ...(x.lang ? [`            lang: ${x.lang}`] : []));
      }
    }
    files[`claims/part-${k}.yaml`] = `${lines.join('\n')}\n`;
  }
  for (const [name, damage] of m.broken) if (files[name] !== undefined) files[name] += damage;
  return files;
}

// ---------------------------------------------------------------------------------------------------------
// Edits: each picks its targets with numbers taken modulo what exists, so that any sequence applies.

type Edit = { kind: number; a: number; b: number; c: number; d: number };
const EDIT_KINDS = 22;
const editArb: fc.Arbitrary<Edit> = fc.record({ kind: fc.nat(EDIT_KINDS - 1), a: fc.nat(1000), b: fc.nat(1000), c: fc.nat(1000), d: fc.nat(1000) });

const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);
const words = (m: Model, t: number, start: number, len: number) => {
  const w = m.texts[t % m.texts.length]!;
  const l = Math.max(1, Math.min(len, w.length));
  const s = start % (w.length - l + 1);
  return w.slice(s, s + l).join(' ');
};
let serial = 0;

function quoteFor(m: Model, a: number, b: number): Quote | undefined {
  const d = pick(m.docs, a);
  if (!d) return undefined;
  const t = d.text ?? a % m.texts.length;
  return { doc: d.id, text: words(m, t, b, 1 + (b % 5)), ...(b % 7 === 0 && { lang: d.lang === 'en' ? 'fr' : 'en' }) };
}

function newAssertion(m: Model, e: Edit): Assertion | undefined {
  const s = pick(m.sources, e.b);
  if (!s) return undefined;
  const quote = quoteFor(m, e.c, e.d);
  const via = e.d % 4 === 0 ? m.sources.filter((x) => x.kind === 'outlet').slice(0, 1).map((x) => x.id) : [];
  return { source: s.id, stance: STANCES[e.c % STANCES.length]!, via, ...(e.a % 5 === 0 && { value: [e.b % 50, (e.b % 50) + (e.c % 20)] as [number, number] }), quotes: quote ? [quote] : [] };
}

function apply(m: Model, e: Edit, root: string): string {
  const claim = pick(m.claims, e.a);
  const assertion = claim && pick(claim.assertions, e.b);
  switch (e.kind) {
    case 0:
      if (claim) claim.statement = `${claim.statement.split(' ').slice(0, 4).join(' ')} ${VOCAB[e.b % VOCAB.length]}`;
      return 'edit a statement';
    case 1:
      if (assertion) assertion.stance = STANCES[e.c % STANCES.length]!;
      return 'change a stance';
    case 2: {
      const x = assertion && pick(assertion.quotes, e.c);
      if (x) x.text = `${x.text} zzz`;
      return 'break a quote';
    }
    case 3: {
      const id = `claim-${serial++}`;
      const assertions = [newAssertion(m, e), newAssertion(m, { ...e, b: e.b + 1, c: e.c + 3 })].filter((x): x is Assertion => x !== undefined);
      m.claims.push({ id, statement: `Claim ${id} ${VOCAB[e.b % VOCAB.length]}`, favours: e.c % 3 === 0 ? [PARTIES[e.d % 3]!] : [], contradicts: [], quantity: e.a % 5 === 0, assertions, file: e.d % 3 });
      return 'add a claim';
    }
    case 4:
      if (claim) m.claims.splice(m.claims.indexOf(claim), 1);
      return 'remove a claim';
    case 5: {
      const id = `source-${serial++}`;
      m.sources.push({ id, name: `Source ${id}`, kind: e.b % 4 === 0 ? 'outlet' : 'person', ...(e.c % 3 !== 0 && { party: PARTIES[e.c % 3]! }), file: e.d % 2 });
      return 'add a source';
    }
    case 6: {
      const s = pick(m.sources, e.a);
      if (s) m.sources.splice(m.sources.indexOf(s), 1);
      return 'remove a source';
    }
    case 7: {
      const id = `doc-${serial++}`;
      const other = pick(m.docs, e.c);
      m.docs.push({ id, ...(e.b % 4 !== 0 && { text: e.b % m.texts.length }), lang: e.d % 3 === 0 ? 'fr' : 'en', ...(other && e.d % 2 === 0 && { translationOf: other.id }) });
      return 'add a document';
    }
    case 8: {
      const d = pick(m.docs, e.a);
      if (d) m.docs.splice(m.docs.indexOf(d), 1);
      return 'remove a document';
    }
    case 9: {
      const other = pick(m.claims, e.c);
      if (claim && other && !claim.contradicts.includes(other.id)) claim.contradicts.push(other.id);
      return 'add a contradicts';
    }
    case 10: {
      // A document text changes on disk: a word replaced (quotes of it may stop or start matching).
      const t = e.a % m.texts.length;
      const w = m.texts[t]!;
      w[e.b % w.length] = VOCAB[e.c % VOCAB.length]!;
      writeFileSync(path.join(root, 'docs', `t${t}.txt`), docText(w));
      return 'change a document text';
    }
    case 11: {
      // A duplicate id: a claim or source written again in another file.
      if (e.d % 2 === 0 && claim) m.claims.push({ ...structuredClone(claim), statement: `${claim.statement} again`, file: (claim.file + 1) % 3 });
      else {
        const s = pick(m.sources, e.a);
        if (s) m.sources.push({ ...s, name: `${s.name} again`, file: 1 - s.file });
      }
      return 'introduce a duplicate id';
    }
    case 12: {
      // A schema or syntax error in one file, or a bad stance (the rest of the claim is still judged).
      const names = ['claims/part-0.yaml', 'claims/part-1.yaml', 'claims/part-2.yaml', 'claims/sources-0.yaml', 'claims/documents.yaml'];
      const name = names[e.a % names.length]!;
      if (m.broken.has(name)) m.broken.delete(name);
      else if (e.b % 3 === 0 && assertion) assertion.stance = 'maybe';
      else m.broken.set(name, e.b % 2 === 0 ? 'extra: [\n' : 'bogus: true\n');
      return 'introduce or repair a schema error';
    }
    case 13: {
      const s = pick(m.sources, e.a);
      if (s) {
        if (e.b % 3 === 0) delete s.party;
        else s.party = PARTIES[e.b % 3]!;
      }
      return "change a source's party";
    }
    case 14: {
      const s = pick(m.sources, e.a);
      const to = pick(m.sources, e.b);
      if (s && to) {
        if (s.relays) delete s.relays;
        else s.relays = to.id;
      }
      return 'make a source relay another (or stop)';
    }
    case 15:
      if (claim) claim.file = (claim.file + 1 + (e.b % 2)) % 3;
      return 'move a claim to another file';
    case 16: {
      if (!claim) return 'add an assertion';
      const a = newAssertion(m, e);
      if (a) claim.assertions.push(a);
      return 'add an assertion';
    }
    case 17:
      if (claim && assertion) claim.assertions.splice(claim.assertions.indexOf(assertion), 1);
      return 'remove an assertion';
    case 18: {
      const s = pick(m.sources, e.a);
      if (s) {
        s.kind = s.kind === 'outlet' ? 'person' : 'outlet';
        s.witness = e.b % 2 === 0;
      }
      return "change a source's kind";
    }
    case 20: {
      // A claim supported by a source of its own (in sources-1.yaml), with a quote that is found, that contradicts
      // another claim: the source's support reaches the other claim, which need not name it (see kind 21).
      const other = pick(m.claims, e.a);
      const d = pick(m.docs.filter((x) => x.text !== undefined), e.c);
      if (!other || !d) return 'add a claim that contradicts another';
      const sid = `source-${serial++}`;
      m.sources.push({ id: sid, name: `Source ${sid}`, kind: e.b % 5 === 0 ? 'outlet' : 'person', ...(e.b % 3 !== 0 && { party: PARTIES[e.b % 3]! }), file: 1 });
      const id = `claim-${serial++}`;
      m.claims.push({ id, statement: `Claim ${id} ${VOCAB[e.b % VOCAB.length]}`, favours: [], contradicts: [other.id], quantity: false, assertions: [{ source: sid, stance: e.d % 2 === 0 ? 'asserts' : 'corroborates', via: [], quotes: [{ doc: d.id, text: words(m, d.text!, e.d, 1 + (e.d % 4)) }] }], file: e.c % 3 });
      return 'add a claim that contradicts another';
    }
    case 21: {
      // A source named by a claim in a `contradicts` relation changes its party or relay (only its sources file changes).
      const related = new Set(m.claims.flatMap((c) => (c.contradicts.length > 0 ? [c.id, ...c.contradicts] : [])));
      const named = [...new Set(m.claims.filter((c) => related.has(c.id)).flatMap((c) => c.assertions.map((x) => x.source)))];
      const s = pick(m.sources.filter((x) => named.includes(x.id)), e.a);
      if (!s) return 'change a source of a contradicting claim';
      if (e.c % 3 === 0) {
        const to = pick(m.sources.filter((x) => x !== s), e.b);
        if (s.relays) delete s.relays;
        else if (to) s.relays = to.id;
      } else if (e.b % 4 === 0) delete s.party;
      else s.party = PARTIES[(PARTIES.indexOf(s.party ?? '') + 1 + (e.b % 2)) % 3]!;
      return 'change a source of a contradicting claim';
    }
    default: {
      const d = pick(m.docs, e.a);
      if (d) d.text = d.text === undefined ? e.b % m.texts.length : e.b % 5 === 0 ? undefined : (d.text + 1) % m.texts.length;
      return "change a document's path";
    }
  }
}

const initialArb = fc.record({
  threshold: fc.integer({ min: 1, max: 3 }),
  aligned: fc.boolean(),
  texts: fc.array(fc.array(fc.constantFrom(...VOCAB), { minLength: 10, maxLength: 30 }), { minLength: 1, maxLength: 3 }),
  setup: fc.array(editArb, { minLength: 4, maxLength: 12 }),
  edits: fc.array(editArb, { minLength: 1, maxLength: 12 }),
});

function project(texts: string[][], threshold: number, aligned: boolean): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'claims-incr-'));
  mkdirSync(path.join(root, 'docs'));
  mkdirSync(path.join(root, 'claims'));
  texts.forEach((w, i) => writeFileSync(path.join(root, 'docs', `t${i}.txt`), docText(w)));
  const parties = aligned ? ['alpha', '{id: beta, aligned_with: [gamma]}', 'gamma'] : PARTIES;
  writeFileSync(path.join(root, 'claims.config.yaml'), `corpus: claims\nparties: [${parties.join(', ')}]\ncorroboration:\n  threshold: ${threshold}\n`);
  return root;
}

/** Where `x` first differs from `y` (with some context), or `x` whole when they are equal and short: a failure prints little. */
const around = (x: string, y: string): string => {
  if (x === y) return x.length > 200 ? `${x.length} equal characters` : x;
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return `at ${i}: …${x.slice(Math.max(0, i - 300), i + 300)}…`;
};

const enc = (s: string) => new TextEncoder().encode(s);

/** The file results of a model as rendered, in name order. */
const resultsOf = (files: Record<string, string>, limits: Config['limits']) => Object.keys(files).sort().map((name) => checkFileBytes(name, enc(files[name]!), limits));

/** A model of one text, one source and document, and `claims` claims quoting it (the counting tests' ledger). */
function smallModel(root: string, claims: number): Model {
  const m: Model = { threshold: 2, aligned: false, sources: [], docs: [], texts: [VOCAB.slice(0, 20)], claims: [], broken: new Map() };
  apply(m, { kind: 5, a: 0, b: 1, c: 1, d: 0 }, root);
  apply(m, { kind: 7, a: 0, b: 0, c: 0, d: 1 }, root);
  for (let i = 0; i < claims; i++) apply(m, { kind: 3, a: 1, b: i, c: 1, d: i }, root);
  return m;
}

async function outputs(report: Report): Promise<[string, string]> {
  const text = await loadFormatter('text');
  return [JSON.stringify(report), text(report, { color: false, failOn: [], quiet: false })];
}

describe('the incremental ledger', () => {
  it(
    'equals a from-scratch check after every edit of a random sequence (JSON and text, byte for byte)',
    async () => {
      await fc.assert(
        fc.asyncProperty(initialArb, async ({ threshold, aligned, texts, setup, edits }) => {
          serial = 0;
          const root = project(texts, threshold, aligned);
          try {
            const config = loadConfig(root);
            const m: Model = { threshold, aligned, sources: [], docs: [], texts, claims: [], broken: new Map() };
            // A corpus to start from: two sources, a document per text, then random additions.
            for (const e of [{ kind: 5, a: 0, b: 1, c: 1, d: 0 }, { kind: 5, a: 0, b: 4, c: 2, d: 1 }, ...texts.map((_, i) => ({ kind: 7, a: 0, b: i, c: 0, d: 1 })), { kind: 3, a: 0, b: 0, c: 0, d: 0 }]) apply(m, e, root);
            for (const e of setup) apply(m, { ...e, kind: [3, 5, 7, 9, 16, 20][e.kind % 6]! }, root);
            const ledger = new Ledger(config);
            let rendered: Record<string, string> = {};
            let results = new Map<string, FileResult>();
            const done: string[] = [];
            let textsBefore = m.texts.map(docText);
            for (const e of [undefined, ...edits]) {
              if (e) done.push(apply(m, e, root));
              const next = render(m);
              // What a watcher would tell the ledger: every file written or removed since the last update (claim
              // files, and document texts); the first update is told nothing. Every other update then takes the
              // texts as they were when only claim files changed, and reads them when one of them did.
              const textsNow = m.texts.map(docText);
              const hint = new Set([...new Set([...Object.keys(rendered), ...Object.keys(next)])].filter((name) => rendered[name] !== next[name]).map((name) => path.join(root, name)));
              textsNow.forEach((t, i) => t !== textsBefore[i] && hint.add(path.join(root, 'docs', `t${i}.txt`)));
              textsBefore = textsNow;
              const names = Object.keys(next).sort();
              // Only the changed files get new results; every other file is given as the same object as before.
              const changed = new Map<string, FileResult>();
              // Now and then an unchanged file comes as a new object without its hash (a result from elsewhere): its
              // entities are found unchanged one by one, by their content.
              const anew = (name: string) => Object.assign(checkFileBytes(name, enc(next[name]!), config.limits), { sha256: undefined });
              for (const name of names) changed.set(name, rendered[name] === next[name] && results.has(name) ? (e && e.d % 3 === 0 ? anew(name) : results.get(name)!) : checkFileBytes(name, enc(next[name]!), config.limits));
              rendered = next;
              results = changed;
              const incremental = await ledger.update([...changed.values()], [], [], e ? { changed: hint } : {});
              const fresh = await analyse(loadConfig(root), names.map((name) => checkFileBytes(name, enc(next[name]!), config.limits)), []);
              const [a, b] = [await outputs(incremental.report), await outputs(fresh.report)];
              expect({ edits: done, json: around(a[0], b[0]) }).toEqual({ edits: done, json: around(b[0], a[0]) });
              expect({ edits: done, text: around(a[1], b[1]) }).toEqual({ edits: done, text: around(b[1], a[1]) });
            }
          } finally {
            rmSync(root, { recursive: true, force: true });
          }
        }),
        params(40),
      );
    },
    TIMEOUT,
  );

  it('judges again only the claims an edit reaches, and finds a changed file by its content when given a new object', async () => {
    serial = 0;
    const root = project([VOCAB.slice(0, 20)], 2, false);
    try {
      const config = loadConfig(root);
      const m = smallModel(root, 6);
      const results = (files: Record<string, string>) => resultsOf(files, config.limits);
      const ledger = new Ledger(config);
      await ledger.update(results(render(m)), []);
      expect(ledger.lastJudged).toBe(6);
      // Every file given again as new objects with the same content: nothing to judge again.
      await ledger.update(results(render(m)), []);
      expect(ledger.lastJudged).toBe(0);
      // One statement edited: its claim only (the claim beside it in the same file keeps its entity and verdict).
      m.claims[0]!.statement = 'A new statement';
      await ledger.update(results(render(m)), []);
      expect(ledger.lastJudged).toBe(1);
      // The source every assertion names changes party: every claim.
      m.sources[0]!.party = 'gamma';
      await ledger.update(results(render(m)), []);
      expect(ledger.lastJudged).toBe(6);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('judges a claim again when a source of the claim that contradicts it changes, with both claims\' files untouched', async () => {
    // Claim A (part-0) is supported by source S, with a verified quote, and contradicts claim B (part-1), which S does
    // not name: S's support of A reaches B as opposition. S lives in sources-1.yaml, alone, so each edit of S changes
    // that file only: B's entity, its quotes and the ids of the support reaching it stay the same, and only the voice
    // S gives that support (its party, where its relay chain ends) tells B's verdict that it must be judged again.
    serial = 0;
    const text = VOCAB.slice(0, 20);
    const root = project([text], 1, false);
    try {
      const config = loadConfig(root);
      const m: Model = { threshold: 1, aligned: false, sources: [], docs: [], texts: [text], claims: [], broken: new Map() };
      m.sources.push({ id: 'src-t', name: 'Source T', kind: 'person', party: 'beta', file: 0 });
      m.sources.push({ id: 'src-s', name: 'Source S', kind: 'person', party: 'alpha', file: 1 });
      m.docs.push({ id: 'doc-0', text: 0, lang: 'en' });
      const quote = (from: number): Quote => ({ doc: 'doc-0', text: text.slice(from, from + 3).join(' ') });
      m.claims.push({ id: 'claim-a', statement: 'The fighters took the bridge', favours: ['alpha'], contradicts: ['claim-b'], quantity: false, assertions: [{ source: 'src-s', stance: 'asserts', via: [], quotes: [quote(0)] }], file: 0 });
      m.claims.push({ id: 'claim-b', statement: 'The officials held the bridge', favours: ['beta'], contradicts: [], quantity: false, assertions: [{ source: 'src-t', stance: 'asserts', via: [], quotes: [quote(5)] }], file: 1 });
      const s = m.sources[1]!;
      const ledger = new Ledger(config);
      let rendered: Record<string, string> = {};
      let results = new Map<string, FileResult>();
      let lastB = '';
      const step = async (what: string) => {
        const next = render(m);
        const names = Object.keys(next).sort();
        const changedNames = names.filter((name) => rendered[name] !== next[name]);
        if (results.size > 0) expect({ what, changedNames }).toEqual({ what, changedNames: ['claims/sources-1.yaml'] });
        const given = new Map<string, FileResult>();
        for (const name of names) given.set(name, rendered[name] === next[name] && results.has(name) ? results.get(name)! : checkFileBytes(name, enc(next[name]!), config.limits));
        rendered = next;
        results = given;
        const incremental = await ledger.update([...given.values()], []);
        const fresh = await analyse(loadConfig(root), names.map((name) => checkFileBytes(name, enc(next[name]!), config.limits)), []);
        const b = fresh.report.claims.find((c) => c.id === 'claim-b');
        // The case is what it is meant to be: S's support reaches B, and the edit changed B's verdict.
        expect(b?.opposition.some((v) => v.through?.includes('claim-a'))).toBe(true);
        const bJson = JSON.stringify(b);
        if (lastB !== '') expect({ what, changed: bJson !== lastB }).toEqual({ what, changed: true });
        lastB = bJson;
        const [x, y] = [await outputs(incremental.report), await outputs(fresh.report)];
        expect({ what, json: around(x[0], y[0]) }).toEqual({ what, json: around(y[0], x[0]) });
        expect({ what, text: around(x[1], y[1]) }).toEqual({ what, text: around(y[1], x[1]) });
      };
      await step('start');
      s.party = 'beta';
      await step("S's party changes to B's own");
      s.party = 'gamma';
      await step("S's party changes to another");
      s.relays = 'src-t';
      await step('S relays T');
      delete s.relays;
      delete s.party;
      await step('S stops relaying and has no party');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('marks a kept verdict provisional when an error about its claim appears, with its file untouched (told only claim files changed)', async () => {
    // Claim A (part-0) contradicts claim B (part-1), which has no quote: no support reaches A through the relation,
    // so removing B leaves A's verdict as judged, and only A's new error (ref/unknown-claim) makes it provisional.
    serial = 0;
    const text = VOCAB.slice(0, 20);
    const root = project([text], 1, false);
    try {
      const config = loadConfig(root);
      const m: Model = { threshold: 1, aligned: false, sources: [], docs: [], texts: [text], claims: [], broken: new Map() };
      m.sources.push({ id: 'src-s', name: 'Source S', kind: 'person', party: 'alpha', file: 0 });
      m.docs.push({ id: 'doc-0', text: 0, lang: 'en' });
      m.claims.push({ id: 'claim-a', statement: 'The fighters took the bridge', favours: [], contradicts: ['claim-b'], quantity: false, assertions: [{ source: 'src-s', stance: 'asserts', via: [], quotes: [{ doc: 'doc-0', text: text.slice(0, 3).join(' ') }] }], file: 0 });
      m.claims.push({ id: 'claim-b', statement: 'The officials held the bridge', favours: [], contradicts: [], quantity: false, assertions: [], file: 1 });
      // An error elsewhere before and after (a quote not in the text), so that the ledger does not start from a clean slate.
      m.claims.push({ id: 'claim-c', statement: 'Residents fled', favours: [], contradicts: [], quantity: false, assertions: [{ source: 'src-s', stance: 'asserts', via: [], quotes: [{ doc: 'doc-0', text: 'not in the text at all' }] }], file: 2 });
      const ledger = new Ledger(config);
      const first = resultsOf(render(m), config.limits);
      await ledger.update(first, []);
      m.claims.splice(1, 1);
      const next = render(m);
      // Only part-1.yaml changes: the other files are given as the same results.
      const given = first.map((f) => (f.file === 'claims/part-1.yaml' ? checkFileBytes(f.file, enc(next[f.file]!), config.limits) : f));
      const incremental = await ledger.update(given, [], [], { changed: new Set([path.join(root, 'claims/part-1.yaml')]) });
      expect(ledger.lastJudged).toBe(0);
      const fresh = await analyse(loadConfig(root), resultsOf(next, config.limits), []);
      expect(fresh.report.claims.find((c) => c.id === 'claim-a')?.provisional).toBe(true);
      expect(fresh.report.findings.some((f) => f.claimId === 'claim-c' && f.severity === 'error')).toBe(true);
      const [x, y] = [await outputs(incremental.report), await outputs(fresh.report)];
      expect(around(x[0], y[0])).toBe(around(y[0], x[0]));
      expect(around(x[1], y[1])).toBe(around(y[1], x[1]));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads the texts again when told a text was deleted or created, and takes them as they were when told only claim files changed', async () => {
    serial = 0;
    const root = project([VOCAB.slice(0, 20)], 2, false);
    try {
      const config = loadConfig(root);
      const m = smallModel(root, 3);
      m.docs[0]!.text = 0;
      const ledger = new Ledger(config);
      const text = path.join(root, 'docs', 't0.txt');
      const same = async (changed: Set<string>, what: string) => {
        const files = resultsOf(render(m), config.limits);
        const incremental = await ledger.update(files, [], [], { changed });
        const fresh = await analyse(loadConfig(root), resultsOf(render(m), config.limits), []);
        const [x, y] = [await outputs(incremental.report), await outputs(fresh.report)];
        expect({ what, json: around(x[0], y[0]) }).toEqual({ what, json: around(y[0], x[0]) });
        expect({ what, text: around(x[1], y[1]) }).toEqual({ what, text: around(y[1], x[1]) });
        return fresh.report;
      };
      await ledger.update(resultsOf(render(m), config.limits), []);
      rmSync(text);
      const gone = await same(new Set([text]), 'text deleted');
      expect(gone.findings.some((f) => f.ruleId === 'document/missing-file')).toBe(true);
      m.claims[0]!.statement = 'Edited while the text is gone';
      await same(new Set([path.join(root, 'claims/part-0.yaml'), path.join(root, 'claims/part-1.yaml'), path.join(root, 'claims/part-2.yaml')]), 'a claim edited, the text still gone');
      writeFileSync(text, docText(m.texts[0]!));
      const back = await same(new Set([text]), 'text created again');
      expect(back.findings.some((f) => f.ruleId === 'document/missing-file')).toBe(false);
      expect(back.summary.quotes.verified).toBeGreaterThan(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('inside a ledger scope, analyse() updates the kept ledger; outside, it starts afresh', async () => {
    serial = 0;
    const root = project([VOCAB.slice(0, 20)], 2, false);
    try {
      const config = loadConfig(root);
      const m = smallModel(root, 3);
      const files = () => resultsOf(render(m), config.limits);
      const scope = new LedgerScope();
      const first = await scope.run(() => analyse(config, files(), []));
      expect(scope.lastJudged()).toBe(3);
      m.claims[1]!.statement = 'Edited';
      const second = await scope.run(() => analyse(loadConfig(root), files(), []));
      expect(scope.lastJudged()).toBe(1);
      expect(JSON.stringify(second.report)).toBe(JSON.stringify((await analyse(config, files(), [])).report));
      expect(JSON.stringify(first.report)).not.toBe(JSON.stringify(second.report));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
