// Findings grouped the way per-claim formats (JUnit, Markdown) need them.
import type { ClaimVerdict, Finding, Report } from './types.js';
import { pushTo } from '../util/maps.js';

export interface Grouped {
  /** Findings that belong to a claim, by claim id (every claim has an entry). */
  byClaim: Map<string, Finding[]>;
  /** Findings about a file as a whole (loading, sources, documents), by file. */
  byFile: Map<string, Finding[]>;
  /** Every file named by a claim or a finding, sorted. */
  files: string[];
}

/** Rule families that mean the file could not be read or parsed at all. */
export function isLoadFailure(f: Finding): boolean {
  return f.severity === 'error' && (f.ruleId.startsWith('file/') || f.ruleId.startsWith('yaml/'));
}

/**
 * Attach each finding to its claim: by claimId when the finding names one, otherwise by position (the last
 * claim of the same file starting at or before the finding, since claims of a file are listed in order).
 * What is left belongs to the file.
 */
export function groupFindings(report: Report): Grouped {
  const byClaim = new Map<string, Finding[]>(report.claims.map((c) => [c.id, []]));
  const byFile = new Map<string, Finding[]>();
  const claimsOfFile = new Map<string, ClaimVerdict[]>();
  // Pushed, not copied per entry: a file can hold tens of thousands of claims and findings.
  for (const c of report.claims) pushTo(claimsOfFile, c.file, c);
  for (const list of claimsOfFile.values()) list.sort((a, b) => a.line - b.line || a.column - b.column);
  for (const f of report.findings) {
    let owner: string | undefined = f.claimId !== undefined && byClaim.has(f.claimId) ? f.claimId : undefined;
    if (owner === undefined && !isLoadFailure(f)) {
      const candidates = claimsOfFile.get(f.file) ?? [];
      for (const c of candidates) if (c.line < f.line || (c.line === f.line && c.column <= f.column)) owner = c.id;
    }
    if (owner !== undefined) byClaim.get(owner)!.push(f);
    else pushTo(byFile, f.file, f);
  }
  const files = [...new Set([...report.claims.map((c) => c.file), ...report.findings.map((f) => f.file)])].sort();
  return { byClaim, byFile, files };
}
