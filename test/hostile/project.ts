// Throw-away projects for the hostile-input suite: a small clean base corpus, plus whatever hostile files a case adds.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers/run.js';
import type { Finding, Report } from '../../src/report/types.js';

export const FIXTURES = path.join(ROOT, 'test', 'hostile', 'fixtures');

const DOC_A = 'The fighters took the bridge at dawn. Residents said "the bridge fell at dawn" and fled.\nOfficials denied that the bridge was taken.\n';

/** A clean project: config with parties, one document with its hash, four sources, one claim. `claims check` gives exit 0. */
export const BASE: Record<string, string> = {
  'claims.config.yaml': 'corpus: claims\nparties: [rebels, government]\n',
  'docs/a.txt': DOC_A,
  'claims/base/documents.yaml': [
    'documents:',
    '  - id: doc-a',
    '    path: docs/a.txt',
    '    publisher: Wire',
    '    language: en',
    '    published: 2021-07-14',
    `    sha256: ${createHash('sha256').update(DOC_A).digest('hex')}`,
    '',
  ].join('\n'),
  'claims/base/sources.yaml': [
    'sources:',
    '  - id: rebel-spokesman',
    '    name: Rebel spokesman',
    '    party: rebels',
    '  - id: official',
    '    name: Government official',
    '    party: government',
    '  - id: witness-one',
    '    name: Witness One',
    '  - id: witness-two',
    '    name: Witness Two',
    '',
  ].join('\n'),
  'claims/base/claims.yaml': [
    'claims:',
    '  - id: bridge-taken',
    '    statement: The fighters took the bridge on 2021-07-14.',
    '    assertions:',
    '      - source: rebel-spokesman',
    '        stance: asserts',
    '        quotes:',
    '          - document: doc-a',
    '            text: The fighters took the bridge at dawn.',
    '      - source: witness-one',
    '        stance: corroborates',
    '        quotes:',
    '          - document: doc-a',
    '            text: the bridge fell at dawn',
    '      - source: official',
    '        stance: denies',
    '        quotes:',
    '          - document: doc-a',
    '            text: Officials denied that the bridge was taken.',
    '',
  ].join('\n'),
};

export function tempDir(prefix = 'claims-hostile-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Write files (project-relative path -> content) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** A new project holding the base corpus and `files`. */
export function project(files: Record<string, string | Uint8Array> = {}, withBase = true): string {
  const dir = tempDir();
  writeFiles(dir, { ...(withBase ? BASE : {}), ...files });
  return dir;
}

/** A copy of the bundled seed corpus (claims/, seeds/, claims.config.yaml) in a temp folder. */
export function seedProject(): string {
  const dir = tempDir('claims-seed-');
  for (const p of ['claims', 'seeds', 'claims.config.yaml']) cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  return dir;
}

export interface Checked {
  code: number;
  stderr: string;
  report: Report;
}

/** `claims check --format json` in-process, with the report parsed. */
export async function checkJson(dir: string, args: string[] = []): Promise<Checked> {
  const r = await runCli(['check', '--format', 'json', ...args], dir);
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${r.code}): ${r.stderr}${r.stdout.slice(0, 500)}`);
  }
  return { code: r.code, stderr: r.stderr, report };
}

/** A finding as the suite compares it: rule, file, line, column. */
export type Located = [ruleId: string, file: string, line: number, column: number];

export const located = (f: Finding): Located => [f.ruleId, f.file, f.line, f.column];

/** The findings about files under `prefix` (a project-relative path or folder). */
export function findingsIn(report: Report, prefix: string): Located[] {
  return report.findings.filter((f) => f.file === prefix || f.file.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)).map(located);
}
