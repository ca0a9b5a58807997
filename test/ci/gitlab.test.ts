// --format gitlab against what GitLab does with a Code Quality report: each issue checked with the schema GitLab
// validates issues with (test/reference/gitlab-codeclimate.json), the fields its documentation requires, issues
// kept by fingerprint (so none may repeat), and fingerprints that survive a line shift.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run.js';
import { BROKEN, copyBroken, REFERENCE } from './helpers.js';
import { codeQualityFingerprinter } from '../../src/format/gitlab.js';

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number; end?: number } };
}

const validateIssue = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(path.join(REFERENCE, 'gitlab-codeclimate.json'), 'utf8')) as object);

/** What GitLab keeps of a report: the issues its schema accepts, one per fingerprint (as CodequalityReports does). */
function gitlabReads(issues: Issue[]): Map<string, Issue> {
  const kept = new Map<string, Issue>();
  for (const i of issues) if (validateIssue(i)) kept.set(i.fingerprint, i);
  return kept;
}

async function report(args: string[], cwd: string): Promise<{ code: number; issues: Issue[] }> {
  const r = await runCli(['check', '--format', 'gitlab', ...args], cwd);
  return { code: r.code, issues: JSON.parse(r.stdout) as Issue[] };
}

describe('--format gitlab', () => {
  for (const [name, cwd, failOn] of [
    ['bundled', ROOT, []],
    ['bundled', ROOT, ['--fail-on', 'contested,single-source']],
    ['broken', BROKEN, []],
    ['broken', BROKEN, ['--fail-on', 'contested']],
  ] as const) {
    it(`is a Code Quality report GitLab keeps whole, for the ${name} corpus ${failOn.join(' ')}`, async () => {
      const { code, issues } = await report([...failOn], cwd);
      const json = JSON.parse((await runCli(['check', '--format', 'json', ...failOn], cwd)).stdout) as { findings: Array<{ file: string; line: number; message: string; ruleId: string; severity: string }>; claims: Array<{ status: string }> };
      expect(code).toBe(name === 'broken' || failOn.length > 0 ? 1 : 0);
      expect(Array.isArray(issues)).toBe(true);
      for (const i of issues) {
        expect(validateIssue(i), JSON.stringify(validateIssue.errors)).toBe(true);
        // The documented fields, with the documented values.
        expect(i.check_name).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
        expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(i.severity);
        expect(i.location.path).not.toMatch(/^\/|^\.\/|\\/);
        expect(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1).toBe(true);
        expect(i.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      }
      // GitLab drops an issue whose fingerprint repeats: every finding and every failing claim must survive.
      const failing = json.claims.filter((c) => (failOn[1] ?? '').split(',').includes(c.status)).length;
      expect(issues).toHaveLength(json.findings.length + failing);
      expect(gitlabReads(issues).size).toBe(issues.length);
      json.findings.forEach((f, k) => expect(issues[k]).toMatchObject({ check_name: f.ruleId, description: f.message, location: { path: f.file, lines: { begin: f.line } } }));
    });
  }

  it('maps severities: info, minor for warnings, major for errors, critical for a file that cannot be read, blocker for a claim --fail-on names', async () => {
    const { issues } = await report(['--fail-on', 'contested'], BROKEN);
    const by = (pred: (i: Issue) => boolean) => [...new Set(issues.filter(pred).map((i) => i.severity))];
    expect(by((i) => i.check_name.startsWith('yaml/'))).toEqual(['critical']);
    expect(by((i) => i.check_name === 'ref/unknown-source')).toEqual(['major']);
    expect(by((i) => i.check_name === 'assertion/unproven')).toEqual(['minor']);
    expect(by((i) => i.check_name === 'document/no-hash')).toEqual(['info']);
    expect(by((i) => i.check_name.startsWith('verdict/'))).toEqual(['blocker']);
  });

  it('keeps every fingerprint when lines move, and changes none of the others', async () => {
    const dir = copyBroken();
    const before = (await report([], dir)).issues;
    const file = path.join(dir, 'claims', 'bridge.yaml');
    writeFileSync(file, `# a comment\n# another\n${readFileSync(file, 'utf8')}`);
    const after = (await report([], dir)).issues;
    expect(after.map((i) => i.fingerprint).sort()).toEqual(before.map((i) => i.fingerprint).sort());
    const lines = (l: Issue[]) => l.filter((i) => i.location.path === 'claims/bridge.yaml').map((i) => i.location.lines.begin);
    expect(lines(after)).toEqual(lines(before).map((n) => n + 2));
  });

  it('tells identical problems apart, in order, and the same way on every run', () => {
    const a = codeQualityFingerprinter();
    const b = codeQualityFingerprinter();
    const first = [a(['r', 'f', 'm']), a(['r', 'f', 'm']), a(['r', 'g', 'm'])];
    expect(new Set(first).size).toBe(3);
    expect([b(['r', 'f', 'm']), b(['r', 'f', 'm']), b(['r', 'g', 'm'])]).toEqual(first);
  });

  it('prints an empty list for a clean quiet run, and escapes what could command a CI log', async () => {
    const { issues } = await report(['--quiet'], ROOT);
    expect(issues).toEqual([]);
    const r = await runCli(['check', '--format', 'gitlab'], BROKEN);
    expect(r.stdout).not.toMatch(/^\s*::|##\[/m);
  });
});
