import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './run.js';

/** A throw-away project folder holding the given files (path -> content). */
export function makeProject(files: Record<string, string | Uint8Array>, prefix = 'claims-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

/** A copy of the bundled corpus (claims/, seeds/, claims.config.yaml) in a temp folder. */
export function copySeedProject(): string {
  const dir = makeProject({});
  for (const p of ['claims', 'seeds', 'claims.config.yaml']) cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  return dir;
}

/** A small valid project: two parties, witnesses, one document, used by many tests. */
export const BASE_FILES: Record<string, string> = {
  'claims.config.yaml': 'corpus: claims\n',
  'docs/a.txt': 'The fighters took the bridge at dawn. Residents said "the bridge fell at dawn" and fled.\nOfficials denied that the bridge was taken.\n',
  'claims/documents.yaml': [
    'documents:',
    '  - id: doc-a',
    '    path: docs/a.txt',
    '    publisher: Wire',
    '    language: en',
    '    published: 2021-07-14',
    '',
  ].join('\n'),
  'claims/sources.yaml': [
    'sources:',
    '  - id: rebel-spokesman',
    '    name: Rebel spokesman',
    '    party: rebels',
    '  - id: rebel-commander',
    '    name: Rebel commander',
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
};

/** One claim file with the given assertions ("source stance quote" triples). */
export function claimFile(id: string, assertions: Array<[source: string, stance: string, quote?: string]>): string {
  const lines = ['claims:', `  - id: ${id}`, `    statement: The bridge was taken on 2021-07-14.`, '    assertions:'];
  for (const [source, stance, quote] of assertions) {
    lines.push(`      - source: ${source}`, `        stance: ${stance}`);
    if (quote !== undefined) lines.push('        quotes:', '          - document: doc-a', `            text: ${JSON.stringify(quote)}`);
  }
  return `${lines.join('\n')}\n`;
}
