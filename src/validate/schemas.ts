import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FileKind } from '../report/types.js';

export type SchemaKind = FileKind | 'config' | 'report';
export const SCHEMA_KINDS: readonly SchemaKind[] = ['claims', 'sources', 'documents', 'config', 'report'];

/** The schemas/ folder of the installed package (same relative place from src/ and dist/). */
export const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export function schemaPath(kind: SchemaKind): string {
  return path.join(SCHEMA_DIR, `${kind}.schema.json`);
}

const loaded = new Map<SchemaKind, Record<string, unknown>>();
export function loadSchema(kind: SchemaKind): Record<string, unknown> {
  let s = loaded.get(kind);
  if (!s) {
    s = JSON.parse(readFileSync(schemaPath(kind), 'utf8')) as Record<string, unknown>;
    loaded.set(kind, s);
  }
  return s;
}

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** A strict Ajv instance as the project uses it (also used by the tests that compile every schema). */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, verbose: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

let ajv: Ajv | undefined;
const validators = new Map<SchemaKind, ValidateFunction>();

/** The compiled validator for one kind of file, compiled once per process. */
export function validatorFor(kind: SchemaKind): ValidateFunction {
  let v = validators.get(kind);
  if (!v) {
    ajv ??= createAjv();
    v = ajv.compile(loadSchema(kind));
    validators.set(kind, v);
  }
  return v;
}
