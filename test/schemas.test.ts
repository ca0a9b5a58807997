import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createAjv, loadSchema, SCHEMA_KINDS } from '../src/validate/schemas.js';
import { ROOT } from './helpers/run.js';

/** Every property schema, with its JSON pointer, so that we can require a description on each. */
function* properties(schema: unknown, at = '#'): Generator<[string, Record<string, unknown>]> {
  if (typeof schema !== 'object' || schema === null) return;
  const s = schema as Record<string, unknown>;
  for (const [key, sub] of Object.entries((s['properties'] as Record<string, unknown>) ?? {})) {
    yield [`${at}/properties/${key}`, sub as Record<string, unknown>];
    yield* properties(sub, `${at}/properties/${key}`);
  }
  for (const [key, sub] of Object.entries((s['definitions'] as Record<string, unknown>) ?? {})) yield* properties(sub, `${at}/definitions/${key}`);
  if (s['items']) yield* properties(s['items'], `${at}/items`);
}

describe('schemas', () => {
  it.each(SCHEMA_KINDS)('%s.schema.json compiles under strict Ajv, is draft-07 and has an $id', (kind) => {
    const schema = loadSchema(kind);
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(String(schema['$id'])).toMatch(/^https:\/\/.+\/schemas\/v1\/.+\.schema\.json$/);
    expect(() => createAjv().compile(schema)).not.toThrow();
  });

  it.each(SCHEMA_KINDS)('%s.schema.json describes every property', (kind) => {
    const missing = [...properties(loadSchema(kind))].filter(([, p]) => typeof p['description'] !== 'string').map(([at]) => at);
    expect(missing).toEqual([]);
  });

  it('every file in claims/ is valid against the schema its modeline names', () => {
    const dir = path.join(ROOT, 'claims');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      const modeline = /^# yaml-language-server: \$schema=\.\.\/schemas\/(\w+)\.schema\.json$/m.exec(text);
      expect(modeline, `${f} has a modeline`).not.toBeNull();
      const kind = modeline![1] as (typeof SCHEMA_KINDS)[number];
      const validate = createAjv().compile(loadSchema(kind));
      expect(validate(parse(text)), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('the configuration file is valid against config.schema.json', () => {
    const validate = createAjv().compile(loadSchema('config'));
    expect(validate(parse(readFileSync(path.join(ROOT, 'claims.config.yaml'), 'utf8')))).toBe(true);
  });
});
