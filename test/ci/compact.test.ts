// --format compact: one problem a line in the form editors and terminals jump to, `path:line:col: severity message [rule]`.
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run.js';
import { BROKEN } from './helpers.js';

// Vim's default 'errorformat' entry %f:%l:%c:%m, VS Code's $eslint-compact-like matchers and Emacs' compilation mode read this.
const COMPACT = /^([^:\n]+):(\d+):(\d+): (error|warning|info) (.+) \[([a-z]+\/[a-z0-9-]+)\]$/;

describe('--format compact', () => {
  it('prints each finding of the broken corpus on one clickable line, in the order of the JSON report', async () => {
    const r = await runCli(['check', '--format', 'compact'], BROKEN);
    expect(r.code).toBe(1);
    const json = JSON.parse((await runCli(['check', '--format', 'json'], BROKEN)).stdout) as { findings: Array<{ file: string; line: number; column: number; severity: string; ruleId: string }> };
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(json.findings.length);
    lines.forEach((l, i) => {
      const m = COMPACT.exec(l);
      expect(m, l).not.toBeNull();
      const f = json.findings[i]!;
      expect([m![1], Number(m![2]), Number(m![3]), m![4], m![6]]).toEqual([f.file, f.line, f.column, f.severity, f.ruleId]);
    });
    // File text with newlines and control characters stays on its line, as visible escapes.
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('prints nothing for a corpus without errors under --quiet, and a line for each claim whose status --fail-on names', async () => {
    const clean = await runCli(['check', '--format', 'compact', '--quiet'], ROOT);
    expect(clean).toMatchObject({ code: 0, stdout: '' });
    const gate = await runCli(['check', '--format', 'compact', '--quiet', '--fail-on', 'contested'], ROOT);
    expect(gate.code).toBe(1);
    const json = JSON.parse((await runCli(['check', '--format', 'json'], ROOT)).stdout) as { claims: Array<{ id: string; file: string; line: number; status: string }> };
    const contested = json.claims.filter((c) => c.status === 'contested');
    expect(contested.length).toBeGreaterThan(0);
    const lines = gate.stdout.trimEnd().split('\n');
    expect(lines).toEqual(contested.map((c) => expect.stringMatching(new RegExp(`^${c.file}:${c.line}:\\d+: error Claim "${c.id}" is contested.* \\[verdict/contested\\]$`))));
  });

  it('keeps to errors with --quiet', async () => {
    const r = await runCli(['check', '--format', 'compact', '--quiet'], BROKEN);
    for (const l of r.stdout.trimEnd().split('\n')) expect(COMPACT.exec(l)?.[4]).toBe('error');
  });
});
