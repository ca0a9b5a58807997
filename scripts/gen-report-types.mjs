#!/usr/bin/env node
// Generates src/report/report.generated.ts, the JSON report's TypeScript types, from schemas/report.schema.json
// with json-schema-to-typescript. The schema is the contract; the generated file is committed, so building or
// installing never runs this script.
//
//   node scripts/gen-report-types.mjs          write the file (npm run gen:types)
//   node scripts/gen-report-types.mjs --check  exit 1 when the committed file is not what the schema gives
//
// test/report-types.test.ts calls generateReportTypes() and fails when the committed file differs.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

export const SCHEMA_FILE = 'schemas/report.schema.json';
export const OUTPUT_FILE = 'src/report/report.generated.ts';
export const REGENERATE = 'npm run gen:types';

/** A file of the project, by its path from the project folder. */
const at = (file) => new URL(`../${file}`, import.meta.url);

/** The interface name of the whole report (the schema's own title is written for people). */
const ROOT_NAME = 'Report';

const BANNER = `// Generated from ${SCHEMA_FILE} by scripts/gen-report-types.mjs (json-schema-to-typescript). Do not edit:
// change the schema, then run \`${REGENERATE}\`. test/report-types.test.ts fails when the two disagree.
// src/report/types.ts re-exports these types; import them from there.`;

/** Options for json-schema-to-typescript, every one that shapes the output stated, so that a new default changes nothing. */
const OPTIONS = {
  bannerComment: BANNER,
  // An object the schema leaves open gets an index signature, so that the types never claim more than the
  // schema does; the drift test requires the schema to close every object instead.
  additionalProperties: true,
  strictIndexSignatures: true,
  // Every definition is written once, under its own name, whether or not a property refers to it.
  unreachableDefinitions: true,
  declareExternallyReferenced: true,
  // Enums become unions of literals (type Status = 'contested' | ...), not TypeScript enums.
  enableConstEnums: false,
  inferStringEnumKeysFromValues: false,
  unknownAny: true,
  ignoreMinAndMaxItems: false,
  maxItems: 20,
  // A titled schema is named by typeName(), the same function that writes the references to it.
  customName: (schema) => (typeof schema.title === 'string' ? typeName(schema.title) : undefined),
  format: true,
  style: { bracketSpacing: true, printWidth: 140, semi: true, singleQuote: true, tabWidth: 2, trailingComma: 'all', useTabs: false },
};

/** The TypeScript name of a definition, from its title ("Claim verdict" is ClaimVerdict). */
export function typeName(title) {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

/**
 * The schema as the generator is given it. json-schema-to-typescript copies a `$ref` that has sibling keywords
 * (here, the description every property carries) into a new anonymous type (Figure1, Summary1). So each
 * `$ref` is handed over as the name of the type its definition's title gives (tsType), keeping the
 * description as the property's comment, and every definition is written once under that name.
 */
export function prepare(schema) {
  const definitions = schema.definitions ?? {};
  const names = new Map();
  for (const [key, def] of Object.entries(definitions)) {
    if (typeof def.title !== 'string') throw new Error(`${SCHEMA_FILE}: definitions/${key} needs a title: it names the generated type.`);
    names.set(`#/definitions/${key}`, typeName(def.title));
  }
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    if (typeof node.$ref === 'string') {
      const name = names.get(node.$ref);
      if (name === undefined) throw new Error(`${SCHEMA_FILE}: $ref ${node.$ref} names no definition.`);
      const extra = Object.keys(node).filter((k) => k !== '$ref' && k !== 'description');
      if (extra.length > 0) throw new Error(`${SCHEMA_FILE}: beside $ref ${node.$ref} only a description can stand (found ${extra.join(', ')}).`);
      return node.description === undefined ? { tsType: name } : { tsType: name, description: node.description };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  };
  return { ...walk(schema), title: ROOT_NAME };
}

/** The generated file's text for a schema's text. */
export async function generateReportTypes(schemaText = readFileSync(at(SCHEMA_FILE), 'utf8')) {
  const ts = await compile(prepare(JSON.parse(schemaText)), ROOT_NAME, OPTIONS);
  // The generator marks each definition written on its own with a note naming the root schema; here every
  // definition is written so, and the note would only repeat itself.
  return ts.replace(/\n \*\n \* This interface was referenced by `[^`]+`'s JSON-Schema\n \* via the `definition` "[^"]+"\./g, '');
}

/** Lines shown from each side where the committed file and the schema's types first differ. */
const SHOWN = 5;

/**
 * Why the committed file is not what the schema gives (where they first differ, and how to regenerate), or
 * undefined when they agree.
 */
export function drift(committed, generated) {
  if (committed === generated) return undefined;
  if (committed === undefined) return `${OUTPUT_FILE} is missing: run \`${REGENERATE}\` and commit the result.`;
  const a = committed.split('\n');
  const b = generated.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = (lines) => (i < lines.length ? lines.slice(i, i + SHOWN).map((l) => `    ${l}`) : ['    (end of file)']).join('\n');
  return (
    `${OUTPUT_FILE} is out of date with ${SCHEMA_FILE} from line ${i + 1}.\n` +
    `  The committed file has:\n${from(a)}\n` +
    `  The schema gives:\n${from(b)}\n` +
    `Run \`${REGENERATE}\` and commit the result (change the schema, never the generated file).`
  );
}

/** The committed file's text, or undefined when there is none. */
export function committedText() {
  try {
    return readFileSync(at(OUTPUT_FILE), 'utf8');
  } catch {
    return undefined;
  }
}

async function main() {
  const text = await generateReportTypes();
  if (process.argv.includes('--check')) {
    const why = drift(committedText(), text);
    if (why !== undefined) {
      process.stderr.write(`${why}\n`);
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(at(OUTPUT_FILE), text);
  process.stdout.write(`wrote ${OUTPUT_FILE}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
