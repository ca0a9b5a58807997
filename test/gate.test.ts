// The CI gate explains itself: --fail-on names the claims that failed it (text, JSON, Markdown), --max-warnings
// fails a run with too many warnings, and a replay from the cache never shows another run's gate.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/run.js';
import { copySeedProject } from './helpers/project.js';
import { validatorFor } from '../src/validate/schemas.js';
import type { Report } from '../src/report/types.js';

const check = (args: string[], cwd = ROOT) => runCli(['check', '--no-cache', ...args], cwd);

describe('--fail-on says which claims met which status', () => {
  it('text: the summary shows ✖ and a closing block lists the failing claims', async () => {
    const r = await check(['--fail-on', 'contested']);
    expect(r.code).toBe(1);
    const tail = r.stdout.slice(r.stdout.lastIndexOf('\n✖ 0 errors'));
    expect(tail).toContain('✖ 0 errors, 2 warnings');
    expect(tail).toContain(
      [
        '✖ Gate failed (--fail-on contested):',
        '  2 claims with a status --fail-on names (2 contested).',
        '    contested  taliban-control-100-districts  claims/badghis.yaml:66',
        '    contested  spin-boldak-crossing-seized    claims/spin-boldak.yaml:6',
        '',
      ].join('\n'),
    );
  });

  it('text: a gate that passes says so, and the exit code is 0', async () => {
    const r = await check(['claims/border-trade.yaml', '--fail-on', 'contested,denied']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✔ 0 errors[^\n]*\n\n✔ Gate passed \(--fail-on contested,denied\)\.\n$/);
  });

  it('JSON: a gate section, valid against the report schema; none without --fail-on or --max-warnings', async () => {
    const r = await check(['--format', 'json', '--fail-on', 'contested,corroborated']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    const validate = validatorFor('report');
    validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(report.gate).toMatchObject({ passed: false, failOn: ['contested', 'corroborated'], maxWarnings: null });
    expect(report.gate!.failed.map((f) => f.status).sort()).toEqual(['contested', 'contested', 'corroborated', 'corroborated']);
    expect(report.gate!.reasons).toEqual(['4 claims with a status --fail-on names (2 contested, 2 corroborated).']);
    const plain = JSON.parse((await check(['--format', 'json'])).stdout) as Report;
    expect('gate' in plain).toBe(false);
  });

  it('Markdown: ❌ instead of ✅, and the list', async () => {
    const r = await check(['--format', 'markdown', '--fail-on', 'contested']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[2]).toMatch(/^❌ \*\*0 errors\*\*/);
    expect(r.stdout).toContain('❌ **Gate failed** (`--fail-on contested`):');
    expect(r.stdout).toContain('  - 🔴 contested: taliban-control-100-districts (claims/badghis.yaml:66)');
    const pass = await check(['--format', 'markdown', '--fail-on', 'denied']);
    expect(pass.code).toBe(0);
    expect(pass.stdout.split('\n')[2]).toMatch(/^✅/);
  });
});

describe('--max-warnings', () => {
  it('exits 1 when warnings exceed N and says so; N at or above the count passes; -1 is no limit', async () => {
    // The bundled corpus has 2 warnings.
    const over = await check(['--max-warnings', '1']);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain('✖ Gate failed (--max-warnings 1):\n  2 warnings, more than --max-warnings 1 allows.\n');
    expect((await check(['--max-warnings', '2'])).code).toBe(0);
    expect((await check(['--max-warnings', '-1'])).code).toBe(0);
    expect((await check([])).code).toBe(0);
  });

  it('is a usage error (2) unless a whole number from -1', async () => {
    for (const bad of ['x', '-2', '1.5', '']) {
      const r = await check(['--max-warnings', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain('--max-warnings');
    }
  });
});

describe('the run cache', () => {
  it('keys on --max-warnings, so a replay never shows a stale gate', async () => {
    const dir = copySeedProject();
    const cache = ['--cache-location', path.join(os.tmpdir(), `claims-gate-cache-${process.pid}-${Date.now()}`)];
    const run = (args: string[]) => runCli(['check', ...cache, ...args], dir);
    expect((await run(['--max-warnings', '5'])).code).toBe(0);
    const strict = await run(['--max-warnings', '0']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('Gate failed (--max-warnings 0)');
    const again = await run(['--max-warnings', '5']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Gate passed (--max-warnings 5)');
  });
});
