// The js-yaml fast path of the per-file stage (src/load/fast-yaml.ts) against the `yaml` library, the authority:
// on every YAML file we have and on random files, checkFileBytes with the fast path first and with `yaml` only
// must give deep-equal FileResults (entities with every position, findings), or the fast path must decline.
//
// Long run: FUZZ_RUNS=20000 npx vitest run test/fast-yaml.test.ts (FUZZ_SEED replays a failure).
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileResult } from '../src/report/types.js';
import { checkFileBytes, fastPath } from '../src/validate/file.js';
import { fastParseYaml } from '../src/load/fast-yaml.js';
import { BASE } from './hostile/project.js';
import { GENERATED } from './hostile/cases.js';
// @ts-expect-error: a plain JavaScript module without types
import { generate } from '../bench/generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 0) || undefined;
const SEED = process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) : undefined;
const params = (defaultRuns: number) => ({ numRuns: RUNS ?? defaultRuns, ...(SEED !== undefined && { seed: SEED }) });
const TIMEOUT = RUNS ? 24 * 3600_000 : 120_000;

const enc = (s: string | Uint8Array) => (typeof s === 'string' ? new TextEncoder().encode(s) : s);
const empty = (file: string): FileResult => ({ file, loaded: false, sources: [], documents: [], claims: [], findings: [] });

/** Whether the fast path takes the file (not declined). */
function accepted(file: string, bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return fastPath(empty(file), text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/** Both paths give the same result; returns whether the fast path took the file. */
function same(file: string, bytes: Uint8Array): boolean {
  const slow = checkFileBytes(file, bytes, undefined, 'slow');
  const auto = checkFileBytes(file, bytes, undefined, 'auto');
  expect(auto, file).toStrictEqual(slow);
  return accepted(file, bytes);
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('fast YAML path: same FileResults as the yaml library', () => {
  it('on the project ledger, the golden and hostile fixtures, and the hostile generated files', () => {
    const files = [...yamlFiles(path.join(ROOT, 'claims')), ...yamlFiles(path.join(ROOT, 'test')), path.join(ROOT, 'claims.config.yaml')];
    expect(files.length).toBeGreaterThan(30);
    let taken = 0;
    for (const f of files) if (same(path.relative(ROOT, f), readFileSync(f))) taken++;
    for (const [name, c] of Object.entries(GENERATED)) if (same(`claims/hostile/${name}`, enc(c.content()))) taken++;
    for (const [name, text] of Object.entries(BASE)) if (/\.ya?ml$/.test(name) && same(name, enc(text))) taken++;
    // Valid plain files exist among them, so the fast path is exercised, not only declined.
    expect(taken).toBeGreaterThan(3);
  });

  it('takes every file of the project ledger, block scalars included', () => {
    const files = yamlFiles(path.join(ROOT, 'claims'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) expect(same(path.relative(ROOT, f), readFileSync(f)), f).toBe(true);
  });

  // ---------------------------------------------------------------------------------------------------------
  // Block scalars: every style and chomping, at several nesting levels, with comments after them and empty
  // lines inside and at the end.

  const HEADERS = ['|', '|-', '|+', '>', '>-', '>+'];
  /** Bodies as lines relative to the content indentation ('' is an empty line). */
  const BODIES: string[][] = [
    ['one line'],
    ['Kabul fell', 'on the 15th'],
    ['first paragraph', '', 'second, after an empty line', '', '', 'third'],
    ['', 'after a leading empty line', 'and # no comment'],
    ['with: a colon', '- a dash', '"quotes" and \'single\'', '[brackets] {braces} & * ! % @ `'],
    ['« l’ennemi »', '😀 é', 'x'],
  ];
  const TRAILERS = ['', '\n', '\n\n\n', '# a comment\n', '\n  # indented comment\n\n'];

  /** Lines of `key: <block>` whose key sits at column `col`, content `rel` deeper; `ends` after it. */
  function blockLines(key: string, header: string, body: string[], col: number, rel: number, ends: string): string {
    const pad = ' '.repeat(col + rel);
    return `${key}: ${header}\n${body.map((l) => (l === '' ? '' : pad + l)).join('\n')}\n${ends}`;
  }

  /** A claim file with the block as a claim's statement (depth 2), a quote's text (depth 5) and a tag (a list item). */
  function blockClaimFile(header: string, body: string[], rel: number, trailer: string, where: 'statement' | 'text' | 'tag' | 'last'): string {
    const statement = where === 'statement' ? blockLines('    statement', header, body, 4, rel, trailer) : '    statement: The bridge was taken.\n';
    const text = where === 'text' || where === 'last' ? blockLines('            text', header, body, 12, rel, trailer) : '            text: the bridge\n';
    const tags = where === 'tag' ? `    tags:\n      - ${header}\n${body.map((l) => (l === '' ? '' : ' '.repeat(6 + rel) + l)).join('\n')}\n${trailer}      - plain\n` : '    tags: [a]\n';
    const quote = `          - document: afp-fr\n${where === 'last' ? '' : '            lang: fr\n'}`;
    const quoteTail = where === 'last' ? '' : '            channel: interview\n';
    return (
      'claims:\n  - id: bridge-taken\n' +
      statement +
      '    event:\n      date: 2021-07\n' +
      tags +
      '    assertions:\n      - source: taliban\n        stance: asserts\n        quotes:\n' +
      quote +
      text +
      quoteTail
    );
  }

  it('takes block scalars of every style and chomping, and gives the same results', () => {
    let n = 0;
    for (const header of HEADERS)
      for (const body of BODIES)
        for (const trailer of TRAILERS)
          for (const where of ['statement', 'text', 'tag', 'last'] as const)
            for (const rel of [1, 2, 4]) {
              // A folded scalar whose body holds deeper lines is declined; the bodies above have none.
              const yaml = blockClaimFile(header, body, rel, trailer, where);
              expect(same('claims/block.yaml', enc(yaml)), yaml).toBe(true);
              // The same without the last line break.
              if (where === 'last' && trailer === '') expect(same('claims/block.yaml', enc(yaml.slice(0, -1))), yaml).toBe(true);
              n++;
            }
    expect(n).toBe(HEADERS.length * BODIES.length * TRAILERS.length * 4 * 3);
  });

  it('takes block scalars in source and document files, at the top level, after a header comment', () => {
    for (const header of HEADERS) {
      for (const yaml of [
        `sources:\n  - id: a\n    name: ${header}\n      Agence France-Presse\n      (AFP)\n\n  - id: b\n    name: B\n`,
        `documents:\n  - id: d\n    language: fr\n    notes: ${header} # why\n      AFP dispatch from Kandahar.\n\n      The header gives only the month.\n    sha256: ${'a'.repeat(64)}\n`,
        `documents:\n  - notes: ${header}\n        first key of the item\n    id: d\n    language: fr\n`,
        `sources:\n  - id: a\n    name: A\nnotes: ${header}\n  a key the schema refuses\n\n`,
      ]) {
        expect(same('claims/block.yaml', enc(yaml)), yaml).toBe(true);
      }
    }
  });

  it('declines block scalars it cannot prove read alike, and still gives the same results', () => {
    const base = (header: string, body: string) => `sources:\n  - id: a\n    name: ${header}\n${body}  - id: b\n    name: B\n`;
    for (const [header, body] of [
      ['|2', '        two more\n'], // indentation indicator
      ['>1-', '       x\n'],
      ['|', '      a\n      \n      b\n'], // a line of spaces only
      ['|', '      a\n    \n'], // a line of spaces only after the content
      ['>', '      a \n      b\n'], // a trailing space
      ['>', '      a\n        deeper\n      b\n'], // a deeper line in a folded scalar
      ['|', ''], // no content
      ['|', '     a\n   b\n'], // a line less indented than the content but deeper than its key
      ['| x', '      a\n'], // text after the header
    ] as const) {
      const yaml = base(header, body);
      expect(fastParseYaml(yaml), yaml).toBeUndefined();
      same('claims/block.yaml', enc(yaml));
    }
    // The header on the line after its key; a block scalar in a flow list.
    for (const yaml of ['sources:\n  - id: a\n    name:\n      |\n      A\n', 'sources:\n  - id: a\n    name: [|\n      A]\n']) {
      expect(fastParseYaml(yaml), yaml).toBeUndefined();
      same('claims/block.yaml', enc(yaml));
    }
  });

  it('takes every file of a generated corpus (300 claims) and gives the same results', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-fast-yaml-'));
    temps.push(dir);
    generate({ claims: 300, out: dir, seed: 7 });
    const files = yamlFiles(path.join(dir, 'ledger'));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) expect(same(path.relative(dir, f), readFileSync(f)), f).toBe(true);
  }, TIMEOUT);

  it('on a sample of the benchmark corpus, when it has been generated', () => {
    const files = yamlFiles(path.join(ROOT, 'bench', 'corpus', '10000', 'ledger'));
    for (const f of files.filter((_, i) => i % 25 === 0)) expect(same(path.relative(ROOT, f), readFileSync(f)), f).toBe(true);
  }, TIMEOUT);

  // ---------------------------------------------------------------------------------------------------------
  // Random files: claim files written in many YAML styles, then randomly damaged.

  const PLAIN = ['the', 'bridge', 'Kabul', 'l’ennemi', 'Spin Boldak', '90%', '2021-07', 'took', 'é', '😀', '«', '»'];
  const WORDS = ['a: b', 'x #y', '#', "it's", '"q"', '[a]', '{b}', '-', '?', ':', '', ' ', 'true', 'null', '~', '12', '0x1F', '1e3', '.5', '0o7', '1_000', '-3', '+4', 'Yes', 'NO', '&a', '*a', '!t', '|', '>', '%', '@', '`', '<<', '__proto__', 'é', '😀', '\u00a0', 'a\u0085b'];
  const text = fc
    .array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...PLAIN) }, { weight: 1, arbitrary: fc.constantFrom(...WORDS) }), { minLength: 1, maxLength: 4 })
    .map((ws) => ws.join(' '));
  /** A scalar written plain, single- or double-quoted (JSON). */
  const scalar = fc.tuple(text, fc.constantFrom('plain', 'single', 'double', 'double', 'plain')).map(([s, style]) =>
    style === 'plain' ? s : style === 'single' ? `'${s.replace(/'/g, "''")}'` : JSON.stringify(s),
  );
  /**
   * A block scalar as lines: the header (after `key: `), then content lines relative to the key's column, with
   * empty lines written as EMPTY (made truly empty after rendering) or, rarely, as SPACES (left as spaces only).
   */
  const EMPTY = '\u0001';
  const SPACES = '\u0002';
  const blockArb = fc
    .record({
      header: fc.constantFrom('|', '|-', '|+', '>', '>-', '>+', '|', '>-', '|2', '>+1'),
      comment: fc.constantFrom('', '', '', ' # why', '  #c', ' '),
      rel: fc.constantFrom(1, 2, 2, 4),
      leading: fc.constantFrom(0, 0, 0, 1, 2),
      body: fc.array(fc.oneof({ weight: 8, arbitrary: text }, { weight: 2, arbitrary: fc.constant(EMPTY) }, { weight: 1, arbitrary: text.map((t) => ` ${t}`) }, { weight: 1, arbitrary: fc.constant(SPACES) }), { minLength: 1, maxLength: 5 }),
      trailing: fc.constantFrom(0, 0, 1, 2),
    })
    .map(({ header, comment, rel, leading, body, trailing }) => {
      const pad = ' '.repeat(rel);
      const lines = [...Array<string>(leading).fill(EMPTY), ...body, ...Array<string>(trailing).fill(EMPTY)];
      return [header + comment, ...lines.map((l) => (l === EMPTY || l === SPACES ? l : pad + l))];
    });
  /** A value as lines: a scalar on the key's line, or now and then a block scalar. */
  const valueArb = fc.oneof({ weight: 4, arbitrary: scalar.map((v) => [v]) }, { weight: 1, arbitrary: blockArb });
  /** `key: value` as the lines of a field, `tail` after the key's line. */
  const field = (key: string, v: string[], tail = ''): string[] => [`${key}: ${v[0]}${tail}`, ...v.slice(1)];
  /** Empty lines of block scalars made empty (or left as spaces). */
  // eslint-disable-next-line no-control-regex -- U+0001 marks a line the generator leaves for emptying
  const emptied = (yaml: string): string => yaml.replace(/^ *\u0001$/gm, '').replaceAll('\u0002', '');
  const idLike = fc.oneof({ weight: 9, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,5}(?:-[a-z0-9]{1,5}){0,2}$/) }, { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/) });
  const space = fc.constantFrom('', '', '', '', '', '', ' ', '  ', '   # note', ' #c', '\t');
  const gap = fc.constantFrom('', '', '', '\n', '\n\n', '  # comment\n', '# c\n', '    \n');
  const list = fc.tuple(fc.array(scalar, { maxLength: 3 }), fc.boolean(), fc.constantFrom('', ' ')).map(([items, flow, pad]) => ({ items, flow, pad }));

  interface Style {
    indent: number;
    keySpace: string;
    dashNewline: boolean;
  }
  const styleArb = fc.record({ indent: fc.constantFrom(2, 2, 4, 3), keySpace: fc.constantFrom('', '', ' '), dashNewline: fc.boolean() });

  const fieldArb = fc.tuple(fc.constantFrom('id', 'statement', 'source', 'stance', 'document', 'text', 'date', 'lang', 'channel', 'translation', 'extra'), scalar, space);
  const quoteArb = fc.record({ document: idLike, text: valueArb, textFirst: fc.boolean(), more: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fieldArb, { maxLength: 1 }) }), tail: space });
  const assertionArb = fc.record({
    source: idLike,
    stance: fc.constantFrom('asserts', 'denies', 'corroborates', 'disputes', 'asserts', 'asserts', 'denies', 'claims'),
    date: fc.option(fc.constantFrom('2021-07', '2021-07-14', '2021-07', "'2021-07'", '2021-7', '12'), { nil: undefined }),
    quotes: fc.array(quoteArb, { maxLength: 2 }),
    via: fc.option(list, { nil: undefined, freq: 4 }),
    gap,
  });
  const claimArb = fc.record({
    id: fc.oneof({ weight: 5, arbitrary: idLike }, { weight: 1, arbitrary: scalar }),
    statement: valueArb,
    places: list,
    tags: list,
    favours: fc.option(fc.tuple(fc.array(idLike, { maxLength: 3 }), fc.boolean(), fc.constantFrom('', ' ')).map(([items, flow, pad]) => ({ items, flow, pad })), { nil: undefined, freq: 2 }),
    contradicts: fc.option(list, { nil: undefined, freq: 4 }),
    eventOnNextLine: fc.boolean(),
    assertions: fc.array(assertionArb, { maxLength: 3 }),
    gap,
    tail: space,
  });
  const sourceArb = fc.record({ id: idLike, name: valueArb, party: fc.option(idLike, { nil: undefined }), relays: fc.option(idLike, { nil: undefined }), tail: space, gap });
  const documentArb = fc.record({
    id: idLike,
    path: fc.option(fc.constantFrom('docs/a.txt', 'seeds/x.txt', "'docs/b c.txt'"), { nil: undefined, freq: 8 }),
    publisher: fc.option(valueArb, { nil: undefined, freq: 8 }),
    translationOf: fc.option(idLike, { nil: undefined }),
    republicationOf: fc.option(idLike, { nil: undefined }),
    sha256: fc.option(fc.constantFrom('a'.repeat(64), '0'.repeat(64), '0123456789abcdef'.repeat(4)), { nil: undefined }),
    language: fc.constantFrom('en', 'fr', 'ps'),
    gap,
  });

  function renderList(key: string, l: { items: string[]; flow: boolean; pad: string }, ind: string, st: Style): string[] {
    if (l.flow || l.items.length === 0) return [`${ind}${key}${st.keySpace}: [${l.pad}${l.items.join(', ')}${l.pad}]`];
    const sub = ind + ' '.repeat(st.indent);
    return [`${ind}${key}${st.keySpace}:`, ...l.items.map((it) => `${sub}- ${it}`)];
  }

  /** Entries of a block list: the first field after "- " (or on the next line), the rest below it. */
  function renderItem(fields: string[][], ind: string, st: Style): string[] {
    const out: string[] = [];
    const inner = ind + ' '.repeat(st.indent);
    fields.forEach((lines, i) => {
      lines.forEach((line, j) => {
        if (i === 0 && j === 0) {
          if (st.dashNewline) out.push(`${ind}-`, `${inner}${line}`);
          else out.push(`${ind}-${' '.repeat(st.indent - 1 || 1)}${line}`);
        } else out.push(`${inner}${line}`);
      });
    });
    return out;
  }

  const fileArb = fc.oneof(
    fc.tuple(styleArb, fc.array(claimArb, { minLength: 1, maxLength: 3 }), gap, fc.boolean()).map(([st, claims, head, finalNl]) => {
      const pad = ' '.repeat(st.indent);
      const lines: string[] = [head + 'claims:'];
      for (const c of claims) {
        const f: string[][] = [[`id${st.keySpace}: ${c.id}${c.tail}`], field('statement', c.statement)];
        const ev = [...renderList('places', c.places, pad, st)];
        f.push(c.eventOnNextLine ? ['event:', `${pad}date: 2021-07`, ...ev] : ['event:', `${pad}date: '2021-07'`, ...ev]);
        f.push(renderList('tags', c.tags, '', st));
        if (c.favours !== undefined) f.push(renderList('favours', c.favours, '', st));
        if (c.contradicts !== undefined) f.push(renderList('contradicts', c.contradicts, '', st));
        const as: string[] = [];
        for (const a of c.assertions) {
          const af: string[][] = [[`source: ${a.source}`], [`stance${st.keySpace}: ${a.stance}`]];
          if (a.date !== undefined) af.push([`date: ${a.date}`]);
          if (a.via !== undefined) af.push(renderList('via', a.via, '', st));
          if (a.quotes.length > 0) {
            const qs: string[] = [];
            for (const q of a.quotes) {
              const doc = [`document: ${q.document}`];
              const txt = field('text', q.text, q.tail);
              qs.push(...renderItem([...(q.textFirst ? [txt, doc] : [doc, txt]), ...(q.more as ReadonlyArray<readonly [string, string, string]>).map(([k, v, t]) => [`${k}: ${v}${t}`])], pad, st));
            }
            af.push(['quotes:', ...qs]);
          }
          as.push(...renderItem(af, pad, st), ...(a.gap ? [a.gap.replace(/\n$/, '')] : []));
        }
        f.push(as.length > 0 ? ['assertions:', ...as] : ['assertions: []']);
        lines.push(...renderItem(f, pad, st));
        if (c.gap) lines.push(c.gap.replace(/\n$/, ''));
      }
      return emptied(lines.join('\n') + (finalNl ? '\n' : ''));
    }),
    fc.tuple(styleArb, fc.array(sourceArb, { minLength: 1, maxLength: 4 })).map(([st, sources]) => {
      const lines = ['sources:'];
      for (const s of sources) {
        const f = [[`id: ${s.id}${s.tail}`], field('name', s.name)];
        if (s.party !== undefined) f.push([`party: ${s.party}`]);
        if (s.relays !== undefined) f.push([`relays: ${s.relays}`]);
        lines.push(...renderItem(f, ' '.repeat(st.indent), st));
        if (s.gap) lines.push(s.gap.replace(/\n$/, ''));
      }
      return emptied(`${lines.join('\n')}\n`);
    }),
    fc.tuple(styleArb, fc.array(documentArb, { minLength: 1, maxLength: 4 })).map(([st, docs]) => {
      const lines = ['documents:'];
      for (const d of docs) {
        const f = [[`id: ${d.id}`]];
        if (d.path !== undefined) f.push([`path: ${d.path}`]);
        if (d.publisher !== undefined) f.push(field('publisher', d.publisher));
        f.push([`language: ${d.language}`]);
        if (d.translationOf !== undefined) f.push([`translation_of: ${d.translationOf}`]);
        if (d.republicationOf !== undefined) f.push([`republication_of: ${d.republicationOf}`]);
        if (d.sha256 !== undefined) f.push([`sha256: ${d.sha256}`]);
        lines.push(...renderItem(f, ' '.repeat(st.indent), st));
        if (d.gap) lines.push(d.gap.replace(/\n$/, ''));
      }
      return emptied(`${lines.join('\n')}\n`);
    }),
  );

  /** Damage: characters that matter to YAML inserted, or text deleted, at random places. */
  const damageArb = fc.array(
    fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(' ', '  ', '\n', '\t', '#', ':', '- ', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '!x ', '|', '>', '? ', '---\n', '%', '\\', '\r', '\ufeff', 'é', ''), fc.nat(5))),
    { maxLength: 3 },
  );
  function damage(s: string, ds: Array<[number, string | number]>): string {
    for (const [at, what] of ds) {
      const i = at % (s.length + 1);
      s = typeof what === 'string' ? s.slice(0, i) + what + s.slice(i) : s.slice(0, i) + s.slice(i + what);
    }
    return s;
  }

  it('on random claim, source and document files in many styles', () => {
    let taken = 0;
    let takenBlocks = 0;
    let runs = 0;
    fc.assert(
      fc.property(fileArb, (yaml) => {
        runs++;
        if (same('claims/random.yaml', enc(yaml))) {
          taken++;
          if (/: [|>]/.test(yaml)) takenBlocks++;
        }
      }),
      params(400),
    );
    // Most styles are plain and valid, so a good share must take the fast path, block scalars included.
    expect(taken).toBeGreaterThan(runs / 10);
    expect(takenBlocks).toBeGreaterThan(runs / 40);
  }, TIMEOUT);

  it('on random files damaged at random places', () => {
    fc.assert(
      fc.property(fileArb, damageArb, (yaml, ds) => {
        same('claims/random.yaml', enc(damage(yaml, ds)));
      }),
      params(600),
    );
  }, TIMEOUT);

  it('declines what it does not handle', () => {
    const plain = 'sources:\n  - id: a\n    name: A\n';
    expect(fastParseYaml(plain)).toBeDefined();
    for (const text of [
      'sources:\n  - &x id: a\n    name: A\n', // anchor
      'sources:\n  - id: a\n    name: !str A\n', // tag
      'a: &x b\nsources:\n  - id: *x\n', // alias
      '%YAML 1.2\n---\nsources: []\n', // directive, document marker
      'sources:\n  - id: a\n    name: >2\n      A\n', // block scalar with an indentation indicator
      'sources:\n  - id: a\n    name: A\n      B\n', // multi-line plain scalar
      'sources:\n  - id: a\n    name: "A\\u0041"\n', // escapes
      'sources:\n\t- id: a\n', // tab
      'sources:\r\n  - id: a\r\n', // CR
      '? sources\n: []\n', // explicit key
      'sources:\n  - id: a\n    <<: {name: A}\n', // merge key
      'sources:\n  - {id: a, name: A}\n', // flow map
      'sources:\n  - id: a\n    name: 0x1F\n', // numbers other than plain integers
      'sources:\n  - id: a\n    name: .5\n',
      'sources:\n  - id: a\n    name: A\n    name: B\n', // duplicate key
      'sources:\n  - id: a\n---\nsources: []\n', // two documents
    ]) {
      expect(fastParseYaml(text), text).toBeUndefined();
    }
  });
});
