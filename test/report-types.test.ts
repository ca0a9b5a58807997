// The JSON report has one source of truth: schemas/report.schema.json. Its TypeScript types are generated from it
// (scripts/gen-report-types.mjs) into src/report/report.generated.ts; these tests fail when the two drift apart,
// when the schema leaves an object open, and when a constant in src/report/types.ts stops listing its union.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { committedText, drift, generateReportTypes, OUTPUT_FILE, prepare, REGENERATE, typeName } from '../scripts/gen-report-types.mjs';
import { FLAGS, RELIABILITIES, STANCES, STATUS_LABEL, STATUSES } from '../src/report/types.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCHEMA_TEXT = readFileSync(path.join(ROOT, 'schemas/report.schema.json'), 'utf8');

interface Schema {
  title?: string;
  type?: string | string[];
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  definitions?: Record<string, Schema>;
  items?: Schema;
  $ref?: string;
}
const schema = JSON.parse(SCHEMA_TEXT) as Schema;
const definition = (key: string): Schema => schema.definitions![key]!;

/** Every object schema in a schema, with its JSON pointer. */
function* objects(s: Schema, at = '#'): Generator<[string, Schema]> {
  if (s.type === 'object') yield [at, s];
  for (const [k, sub] of Object.entries(s.properties ?? {})) yield* objects(sub, `${at}/properties/${k}`);
  for (const [k, sub] of Object.entries(s.definitions ?? {})) yield* objects(sub, `${at}/definitions/${k}`);
  if (s.items) yield* objects(s.items, `${at}/items`);
}

/** The schema's text with one edit made to its parsed form. */
function edited(edit: (s: Schema) => void): string {
  const copy = JSON.parse(SCHEMA_TEXT) as Schema;
  edit(copy);
  return JSON.stringify(copy, null, 2);
}

describe('report types generated from the report schema', () => {
  it(`${OUTPUT_FILE} is what the schema gives (else: ${REGENERATE})`, async () => {
    const committed = committedText();
    expect(committed, `${OUTPUT_FILE} is missing: run \`${REGENERATE}\``).toBeDefined();
    expect(drift(committed, await generateReportTypes()) ?? 'in step').toBe('in step');
  });

  it('the drift check fails, naming the line and how to regenerate, when the schema changes and the file does not', async () => {
    const committed = committedText()!;
    const added = await generateReportTypes(
      edited((s) => {
        s.definitions!['voice']!.properties!['weight'] = { type: 'number', description: 'A new field.' } as Schema;
      }),
    );
    const why = drift(committed, added);
    expect(why).toMatch(new RegExp(`^${OUTPUT_FILE.replace(/[./]/g, '\\$&')} is out of date with schemas/report\\.schema\\.json from line \\d+\\.`));
    expect(why!.slice(why!.indexOf('The schema gives:'))).toContain('weight?: number;');
    expect(why).toContain(`Run \`${REGENERATE}\``);
    // A narrowed enum changes a generated union, and so fails too.
    const narrowed = drift(committed, await generateReportTypes(edited((s) => void s.definitions!['reliability']!.enum!.pop())));
    expect(narrowed).toContain("The committed file has:\n    export type Reliability = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';");
    expect(narrowed).toContain("The schema gives:\n    export type Reliability = 'A' | 'B' | 'C' | 'D' | 'E';");
    expect(drift(undefined, committed)).toContain('is missing');
  });

  it('the schema closes every object, so no generated type has an index signature', () => {
    const open = [...objects(schema)].filter(([, o]) => o.additionalProperties !== false).map(([at]) => at);
    expect(open).toEqual([]);
    expect(committedText()).not.toMatch(/\[k: string\]/);
  });

  it('every definition has a title, which names its generated type; a missing one is refused', () => {
    const names = Object.values(schema.definitions!).map((d) => typeName(d.title!));
    for (const name of names) expect(committedText()).toMatch(new RegExp(`^export (type|interface) ${name}\\b`, 'm'));
    expect(names).toEqual(expect.arrayContaining(['ClaimVerdict', 'ReportAssertion', 'ReportQuote', 'QuoteMatch', 'Voice', 'Finding', 'Gate']));
    const untitled = JSON.parse(SCHEMA_TEXT) as Schema;
    delete untitled.definitions!['voice']!.title;
    expect(() => prepare(untitled)).toThrow('definitions/voice needs a title');
    const extra = JSON.parse(SCHEMA_TEXT) as Schema;
    extra.properties!['summary'] = { $ref: '#/definitions/summary', type: 'object' } as Schema;
    expect(() => prepare(extra)).toThrow('beside $ref #/definitions/summary only a description can stand (found type)');
  });

  it("the constants list the schema's enums, in the schema's order", () => {
    expect(STATUSES).toEqual(definition('status').enum);
    expect(STANCES).toEqual(definition('stance').enum);
    expect(FLAGS).toEqual(definition('flag').enum);
    expect(RELIABILITIES).toEqual(definition('reliability').enum);
    expect(Object.keys(STATUS_LABEL)).toEqual(STATUSES);
    const counts = definition('summary').properties!['statuses']!;
    expect(Object.keys(counts.properties!)).toEqual(STATUSES);
    expect(counts.required).toEqual(STATUSES);
  });
});

describe('the compile-time check that a constant lists its union', () => {
  const typesFile = path.join(ROOT, 'src/report/types.ts');
  const original = readFileSync(typesFile, 'utf8');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    // The language's own library only: no DOM, no @types, so that the check costs little.
    lib: ['lib.es2022.d.ts'],
    types: [],
    skipLibCheck: true,
  };

  let previous: ts.Program | undefined;
  /** tsc's errors for src/report/types.ts (and what it imports) with its text replaced. */
  function errorsWith(text: string): string[] {
    const host = ts.createCompilerHost(options);
    const read = host.readFile.bind(host);
    host.readFile = (f) => (path.resolve(f) === typesFile ? text : read(f));
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (f, lang, ...rest) =>
      path.resolve(f) === typesFile ? ts.createSourceFile(f, text, lang) : getSourceFile(f, lang, ...rest);
    // The previous program lends its parsed library files, which are most of the work.
    previous = ts.createProgram([typesFile], options, host, previous);
    return ts.getPreEmitDiagnostics(previous).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }

  /** A text with one constant's list replaced. */
  function withList(text: string, constant: string, list: string): string {
    const re = new RegExp(`(export const ${constant} = membersOf<\\w+>\\(\\)\\()\\[[^\\]]*\\]`);
    expect(text, `${constant} is built with membersOf`).toMatch(re);
    return text.replace(re, `$1${list}`);
  }

  it('passes on the file as it is, and fails, naming the member, when a list leaves one out or has one the union lacks', () => {
    expect(errorsWith(original)).toEqual([]);
    let broken = withList(original, 'STATUSES', "['contested', 'corroborated', 'single-source', 'under-corroborated', 'unsupported']");
    broken = withList(broken, 'FLAGS', "['contested', 'corroborated', 'against-interest', 'figure-disputed', 'provisional', 'disputed']");
    broken = withList(broken, 'RELIABILITIES', "['A', 'B', 'C', 'D', 'E']");
    broken = withList(broken, 'STANCES', "['asserts', 'corroborates', 'denies', 'disputes', 'rebuts']");
    const errors = errorsWith(broken);
    expect(errors).toHaveLength(4);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('missing: "denied"'),
        expect.stringContaining(`Type '"disputed"' is not assignable to type 'Flag'`),
        expect.stringContaining('missing: "F"'),
        expect.stringContaining(`Type '"rebuts"' is not assignable to type 'Stance'`),
      ]),
    );
  }, 60_000);
});
