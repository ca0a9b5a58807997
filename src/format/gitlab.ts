import { createHash } from 'node:crypto';
import { isLoadFailure } from '../report/group.js';
import { verdictRuleId } from '../report/rules/index.js';
import type { Finding, Report } from '../report/types.js';
import { commandFreeJson, safeJson } from '../util/text.js';
import type { Formatter } from './types.js';

// GitLab Code Quality (artifacts:reports:codequality): a JSON array of Code Climate issues, of which GitLab reads
// description, check_name, fingerprint, severity, location.path and location.lines.begin. GitLab keys the issues
// by fingerprint (a repeated fingerprint drops the issue) and compares them between the base branch and the merge
// request, so the fingerprint must be unique in a report and the same from run to run.

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  type: 'issue';
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number; end?: number } };
}

/**
 * info → info, warning → minor, error → major; a file that could not be read at all is critical (nothing in it
 * was checked); a claim whose status --fail-on names is a blocker (it fails the pipeline).
 */
export function codeQualitySeverity(f: Finding): CodeQualitySeverity {
  if (f.severity === 'info') return 'info';
  if (f.severity === 'warning') return 'minor';
  return isLoadFailure(f) ? 'critical' : 'major';
}

/**
 * Fingerprints from what a problem is (rule, file, claim, message), never its line, so that an edit above it
 * keeps it the same issue; identical problems in one file are told apart by their order.
 */
export function codeQualityFingerprinter(): (parts: readonly string[]) => string {
  const seen = new Map<string, number>();
  return (parts) => {
    const base = createHash('sha256').update(parts.join('\u0000')).digest('hex');
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : createHash('sha256').update(`${base}\u0000${n}`).digest('hex');
  };
}

export const formatGitlab: Formatter = (report: Report, options) => {
  const fingerprint = codeQualityFingerprinter();
  const findings = options.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
  const issues: CodeQualityIssue[] = findings.map((f) => ({
    type: 'issue',
    description: f.message,
    check_name: f.ruleId,
    fingerprint: fingerprint([f.ruleId, f.file, f.claimId ?? '', f.message]),
    severity: codeQualitySeverity(f),
    location: { path: f.file, lines: { begin: Math.max(1, f.line), ...(f.endLine > f.line && { end: f.endLine }) } },
  }));
  for (const c of report.claims) {
    if (!options.failOn.includes(c.status)) continue;
    const ruleId = verdictRuleId(c.status);
    issues.push({
      type: 'issue',
      description: `Claim "${c.id}" is ${c.status}${c.provisional ? ' (provisional: its evidence has errors)' : ''}, a status named by --fail-on (grade ${c.grade}): ${c.explanation}`,
      check_name: ruleId,
      fingerprint: fingerprint([ruleId, c.file, c.id]),
      severity: 'blocker',
      location: { path: c.file, lines: { begin: Math.max(1, c.line) } },
    });
  }
  return `${commandFreeJson(safeJson(issues))}\n`;
};
