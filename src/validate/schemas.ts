import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Ajv, Options, ValidateFunction } from 'ajv';
import type { FileKind } from '../report/types.js';

export type SchemaKind = FileKind | 'config' | 'report' | 'diff';
export const SCHEMA_KINDS: readonly SchemaKind[] = ['claims', 'sources', 'documents', 'config', 'report', 'diff'];

/** The schemas/ folder of the installed package (same relative place from src/ and dist/). */
export const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** Validators compiled ahead of time by scripts/build-validators.mjs (dist/validators/<kind>.cjs). */
export const VALIDATORS_DIR = fileURLToPath(new URL('../validators/', import.meta.url));

export function schemaPath(kind: SchemaKind): string {
  return path.join(SCHEMA_DIR, `${kind}.schema.json`);
}

const texts = new Map<SchemaKind, string>();
function schemaText(kind: SchemaKind): string {
  let t = texts.get(kind);
  if (t === undefined) {
    t = readFileSync(schemaPath(kind), 'utf8');
    texts.set(kind, t);
  }
  return t;
}

/** SHA-256 of a schema file as installed: what precompiled validators and cache entries are tied to. */
export function schemaHash(kind: SchemaKind): string {
  return createHash('sha256').update(schemaText(kind)).digest('hex');
}

const loaded = new Map<SchemaKind, Record<string, unknown>>();
export function loadSchema(kind: SchemaKind): Record<string, unknown> {
  let s = loaded.get(kind);
  if (!s) {
    s = JSON.parse(schemaText(kind)) as Record<string, unknown>;
    loaded.set(kind, s);
  }
  return s;
}

// Ajv is loaded only when a schema has to be compiled at run time (tests, or no precompiled validator):
// importing and compiling it costs more than the whole check of a small corpus.
const require = createRequire(import.meta.url);

/** The options every validator is compiled with, at build time and at run time alike. */
export const AJV_OPTIONS: Options = { allErrors: true, strict: true, verbose: true, allowUnionTypes: true };

/** A strict Ajv instance as the project uses it (also used by the tests that compile every schema). */
export function createAjv(extra: Options = {}): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  const formats = require('ajv-formats') as { default?: unknown };
  // ajv-formats is CommonJS; its default export may arrive wrapped.
  const addFormats = (formats.default ?? formats) as (ajv: Ajv) => Ajv;
  const ajv = new AjvClass({ ...AJV_OPTIONS, ...extra });
  addFormats(ajv);
  return ajv;
}

let ajv: Ajv | undefined;
const validators = new Map<SchemaKind, ValidateFunction>();

/** The precompiled validator for a kind, if the build made one from the very same schema text. */
function precompiled(kind: SchemaKind): ValidateFunction | undefined {
  try {
    const mod = require(path.join(VALIDATORS_DIR, `${kind}.cjs`)) as ValidateFunction & { schemaSha256?: string };
    return mod.schemaSha256 === schemaHash(kind) ? mod : undefined;
  } catch {
    return undefined;
  }
}

/** The compiled validator for one kind of file: precompiled at build time, or compiled once per process. */
export function validatorFor(kind: SchemaKind): ValidateFunction {
  let v = validators.get(kind);
  if (!v) {
    v = precompiled(kind);
    if (!v) {
      ajv ??= createAjv();
      v = ajv.compile(loadSchema(kind));
    }
    validators.set(kind, v);
  }
  return v;
}
