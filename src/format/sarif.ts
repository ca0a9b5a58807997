import { createHash } from 'node:crypto';
import type { Finding, Loc, Report, Severity } from '../report/types.js';
import { RULES, ruleInfo, verdictRuleId, type Rule } from '../report/rules/index.js';
import { HOMEPAGE } from '../version.js';
import type { Formatter } from './types.js';
import { commandFreeJson, safeJson } from '../util/text.js';

// SARIF 2.1.0 as GitHub code scanning reads it: https://docs.github.com/en/code-security/code-scanning (SARIF support).
const SARIF_SCHEMA = 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json';
const FINGERPRINT = 'claimsFinding/v1';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

/** A relative POSIX path as a URI reference: each segment percent-encoded (spaces, %, # and the like). */
export function pathToUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** A 1-based region; end positions are exclusive in both our report and SARIF, and never before the start. */
function region(loc: Loc): Record<string, number> {
  const startLine = Math.max(1, loc.line);
  const startColumn = Math.max(1, loc.column);
  let endLine = Math.max(startLine, loc.endLine);
  let endColumn = Math.max(1, loc.endColumn);
  if (endLine === startLine && endColumn < startColumn) endColumn = startColumn;
  if (loc.endLine < startLine) [endLine, endColumn] = [startLine, startColumn];
  return { startLine, startColumn, endLine, endColumn };
}

/** GitHub's `problem.severity`: error and warning as they are, a note a recommendation. */
const PROBLEM_SEVERITY: Record<Severity, 'error' | 'warning' | 'recommendation'> = { error: 'error', warning: 'warning', info: 'recommendation' };

/**
 * The README section that documents a rule, as a GitHub heading anchor (a test holds every one to a real heading):
 * the verdict rules for verdict results, "What is checked" for the rest.
 */
export function helpUri(ruleId: string): string {
  return `${HOMEPAGE}#${ruleId.startsWith('verdict/') ? 'the-verdict-rules' : 'what-is-checked'}`;
}

/** A SARIF reportingDescriptor, every text and level read off the registry entry. */
function ruleDescriptor(r: Rule): Record<string, unknown> {
  return {
    id: r.id,
    name: r.id.replace(/(^|[/-])([a-z])/g, (_m, _sep: string, ch: string) => ch.toUpperCase()),
    shortDescription: { text: r.short },
    fullDescription: { text: r.full },
    help: { text: r.help, markdown: `**${r.short}** ${r.full}\n\n**How to fix:** ${r.help}` },
    helpUri: helpUri(r.id),
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { tags: ['claims', r.id.split('/')[0]!], precision: r.precision ?? 'very-high', 'problem.severity': PROBLEM_SEVERITY[r.severity] },
  };
}

/** Stable across runs and line moves: rule, file, claim and message, plus a counter for identical findings. */
function fingerprinter(): (parts: string[]) => string {
  const seen = new Map<string, number>();
  return (parts) => {
    const hash = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  };
}

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers; verdicts named by --fail-on become `note` results. */
export const formatSarif: Formatter = (report: Report, options) => {
  const rules = [...RULES];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const indexOf = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      // Not in the registry (test/rules.test.ts keeps this from happening): describe it anyway so the log stays valid.
      i = rules.push(ruleInfo(id)) - 1;
      index.set(id, i);
    }
    return i;
  };
  const fingerprint = fingerprinter();
  const location = (file: string, loc: Loc) => ({
    physicalLocation: { artifactLocation: { uri: pathToUri(file), uriBaseId: '%SRCROOT%' }, region: region(loc) },
  });

  const findings: Finding[] = options.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
  const results: Array<Record<string, unknown>> = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: indexOf(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(f.file, f)],
    partialFingerprints: { [FINGERPRINT]: fingerprint([f.ruleId, f.file, f.claimId ?? '', f.message]) },
    ...(f.claimId !== undefined && { properties: { claimId: f.claimId } }),
  }));
  for (const c of report.claims) {
    if (!options.failOn.includes(c.status)) continue;
    const ruleId = verdictRuleId(c.status);
    results.push({
      ruleId,
      ruleIndex: indexOf(ruleId),
      level: LEVEL[ruleInfo(ruleId).severity],
      message: { text: `Claim "${c.id}" is ${c.status}${c.provisional ? ' (provisional: its evidence has errors)' : ''}, grade ${c.grade}: ${c.explanation}` },
      locations: [location(c.file, { line: c.line, column: c.column, endLine: c.line, endColumn: c.column + c.id.length })],
      partialFingerprints: { [FINGERPRINT]: fingerprint([ruleId, c.file, c.id]) },
      properties: { claimId: c.id, status: c.status, contested: c.contested, corroborated: c.corroborated, provisional: c.provisional, flags: c.flags, credibility: c.credibility, grade: c.grade, ...(c.figures && { figures: c.figures }) },
    });
  }

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: HOMEPAGE,
            rules: rules.map(ruleDescriptor),
          },
        },
        // Paths are relative to the project folder (where claims.config.yaml is), which is not named: the log is
        // the same on every machine, and a viewer resolves %SRCROOT% to its checkout.
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The project folder: the one holding claims.config.yaml.' } } },
        // One category for GitHub code scanning, so that a second SARIF upload of another tool replaces none of ours.
        automationDetails: { id: 'claims/', description: { text: 'claims check: the findings of a fact-checking ledger' } },
        columnKind: 'utf16CodeUnits',
        results,
        // Verdicts that rest on evidence with errors, whether or not --fail-on reports them as results.
        properties: { provisionalClaims: report.claims.filter((c) => c.provisional).map((c) => c.id) },
      },
    ],
  };
  return `${commandFreeJson(safeJson(log))}\n`;
};
