// Shared by the CI-format tests: the reference validators, from the copies in test/reference/ (identical to
// ../shared/reference, which a clone may not have beside it).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ROOT } from '../helpers/run.js';

export const REFERENCE = path.join(ROOT, 'test', 'reference');
/** The product's reference material beside the repository, when the checkout has it. */
export const SHARED_REFERENCE = path.resolve(ROOT, '../shared/reference');
export const SARIF_SCHEMA = path.join(REFERENCE, 'sarif-schema-2.1.0.json');
export const JUNIT_XSD = path.join(REFERENCE, 'junit.xsd');
/** The small broken corpus of the golden cases. */
export const BROKEN = path.join(ROOT, 'test', 'golden', 'ci-broken', 'corpus');

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

let sarif: ValidateFunction | undefined;
/** The OASIS SARIF 2.1.0 schema (draft-07), compiled with formats checked. */
export function sarifValidator(): ValidateFunction {
  if (!sarif) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    sarif = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as object);
  }
  return sarif;
}

/**
 * The strict XSD with exactly what GitLab and Jenkins read beyond it, and nothing else: `file` and `line` attributes
 * on a test case (GitLab's JUnit parser reads `file`; pytest and JUnit 5's XML reports write both), and the case's
 * own `<system-out>`/`<system-err>` after its result (Jenkins shows them with the case; Surefire's schema has them there).
 */
export function junitCiXsd(): string {
  const strict = readFileSync(JUNIT_XSD, 'utf8');
  const at = strict.indexOf('<xs:element name="testcase"');
  const open = strict.indexOf('<xs:choice minOccurs="0">', at);
  const close = strict.indexOf('</xs:choice>', open);
  const attr = strict.indexOf('<xs:attribute name="name"', close);
  if (at < 0 || open < 0 || close < 0 || attr < 0) throw new Error('the strict JUnit XSD changed shape: update junitCiXsd');
  const outputs = '<xs:element name="system-out" type="pre-string" minOccurs="0"/><xs:element name="system-err" type="pre-string" minOccurs="0"/>';
  const attrs = '<xs:attribute name="file" type="xs:token"/><xs:attribute name="line" type="xs:positiveInteger"/>';
  return `${strict.slice(0, open)}<xs:sequence>${strict.slice(open, close)}</xs:choice>${outputs}</xs:sequence>${strict.slice(close + '</xs:choice>'.length, attr)}${attrs}${strict.slice(attr)}`;
}

/** The JUnit XML without what junitCiXsd adds to the strict schema: test cases' file, line and own output. */
export function withoutCiExtensions(xml: string): string {
  return xml.replace(/ file="[^"]*" line="\d+"/g, '').replace(/\n\s*<system-(out|err)>[^<]*<\/system-\1>(?=\n\s*<\/testcase>)/g, '');
}

/** Validate XML text against the strict JUnit XSD (or another schema) with xmllint; returns xmllint's status and messages. */
export function xmllintJunit(xml: string, xsd?: string): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-junit-'));
  const file = path.join(dir, 'report.xml');
  writeFileSync(file, xml);
  const schema = xsd === undefined ? JUNIT_XSD : path.join(dir, 'schema.xsd');
  if (xsd !== undefined) writeFileSync(schema, xsd);
  const r = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint could not run (${r.error.message}); install libxml2-utils (.ci/run does)`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A throw-away copy of the broken corpus, to edit. */
export function copyBroken(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-broken-'));
  cpSync(BROKEN, dir, { recursive: true });
  return dir;
}

export function referenceExists(): boolean {
  return existsSync(SARIF_SCHEMA) && existsSync(JUNIT_XSD);
}
