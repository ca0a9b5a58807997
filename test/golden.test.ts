// Golden cases: each folder in test/golden holds a corpus, the arguments, the expected stdout and exit code.
// Re-record with: UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, spawnCli } from './helpers/run.js';

const DIR = path.join(ROOT, 'test', 'golden');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

interface Case {
  /** Arguments after "claims". */
  args: string[];
  /** Working folder, relative to the case folder (default "corpus"). */
  cwd?: string;
  /** Also run this case through the real bin/claims.js. */
  spawn?: boolean;
  /** Standard input, for cases that check "-". */
  stdin?: string;
  /** Environment variables (e.g. SOURCE_DATE_EPOCH for formats that carry a timestamp). */
  env?: Record<string, string>;
}

const cases = readdirSync(DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(DIR, d.name, 'case.json')))
  .map((d) => d.name)
  .sort();

describe('golden cases', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const name of cases) {
    const dir = path.join(DIR, name);
    const spec = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as Case;
    const cwd = path.resolve(dir, spec.cwd ?? 'corpus');
    const stdoutFile = path.join(dir, 'expected.stdout');
    const exitFile = path.join(dir, 'expected.exit');

    it(`${name}: in-process`, async () => {
      const r = await runCli(spec.args, cwd, { env: { ...spec.env }, ...(spec.stdin !== undefined && { readStdin: async () => new TextEncoder().encode(spec.stdin) }) });
      if (UPDATE) {
        writeFileSync(stdoutFile, r.stdout);
        writeFileSync(exitFile, `${r.code}\n`);
      }
      expect(r.stderr.includes('internal error'), r.stderr).toBe(false);
      expect(r.stdout).toBe(readFileSync(stdoutFile, 'utf8'));
      expect(r.code).toBe(Number(readFileSync(exitFile, 'utf8').trim()));
    });

    if (spec.spawn) {
      it(`${name}: spawned bin/claims.js`, () => {
        const r = spawnCli(spec.args, cwd, { ...spec.env }, spec.stdin);
        expect(r.stdout).toBe(readFileSync(stdoutFile, 'utf8'));
        expect(r.code).toBe(Number(readFileSync(exitFile, 'utf8').trim()));
      });
    }
  }
});
