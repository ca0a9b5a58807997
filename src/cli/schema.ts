import { readFileSync } from 'node:fs';
import { SCHEMA_KINDS, schemaPath, type SchemaKind } from '../validate/schemas.js';
import { didYouMean } from '../util/text.js';
import type { IO } from './io.js';
import { UsageError } from './errors.js';

/** What each kind of file is, for the listing. */
const WHAT: Record<SchemaKind, string> = {
  claims: 'claims files (claims: …), with assertions and quotes',
  sources: 'sources files (sources: …): who speaks',
  documents: 'documents files (documents: …): where it was published',
  config: 'the configuration file, claims.config.yaml',
  report: 'the JSON report of claims check --format json',
  diff: 'the JSON diff of claims diff --format json',
};

function isKind(s: string): s is SchemaKind {
  return (SCHEMA_KINDS as readonly string[]).includes(s);
}

/** `claims schema [kind]`: print one schema as published (JSON), or list the kinds with the schema files' paths. */
export async function schemaCommand(kind: string | undefined, opts: Record<string, unknown>, io: IO): Promise<number> {
  if (kind === undefined) {
    const width = Math.max(...SCHEMA_KINDS.map((k) => k.length));
    for (const k of SCHEMA_KINDS) io.stdout(`${k.padEnd(width)}  ${WHAT[k]}\n${' '.repeat(width)}  ${schemaPath(k)}\n`);
    return 0;
  }
  if (!isKind(kind)) throw new UsageError(`there is no schema "${kind}".${didYouMean(kind, SCHEMA_KINDS)} Kinds: ${SCHEMA_KINDS.join(', ')}.`);
  if (opts['path']) {
    io.stdout(`${schemaPath(kind)}\n`);
    return 0;
  }
  const text = readFileSync(schemaPath(kind), 'utf8');
  io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}
