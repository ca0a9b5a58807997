import type { Finding, Report, Severity } from '../report/types.js';
import { ruleSeverity, verdictRuleId } from '../report/rules/index.js';
import { inert, plural } from '../util/text.js';
import type { Formatter } from './types.js';

// GitHub Actions workflow commands (::error file=…,line=…::message), escaped as the runner unescapes them
// (actions/toolkit, packages/core/src/command.ts: escapeData and escapeProperty).

/**
 * The message part: control characters made inert (the Actions log renders ANSI), then % first, then CR and LF.
 * A "##[" or "::" in it is left as it is: the runner reads a line that starts "::error" as that command only.
 */
export function escapeData(s: string): string {
  return inert(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'), { commands: false });
}

/** A property value: as data, plus ":" and "," which separate properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

type Command = 'error' | 'warning' | 'notice';
const COMMAND: Record<Severity, Command> = { error: 'error', warning: 'warning', info: 'notice' };

export interface Annotation {
  command: Command;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  title: string;
  message: string;
}

/** One workflow command line. GitHub ignores the column range when it spans lines, which is harmless. */
export function workflowCommand(a: Annotation): string {
  const props: Array<[string, string | number]> = [
    ['file', a.file],
    ['line', a.line],
    ['endLine', Math.max(a.line, a.endLine)],
    ['col', a.column],
    ['endColumn', a.endLine > a.line ? a.endColumn : Math.max(a.column, a.endColumn)],
    ['title', a.title],
  ];
  return `::${a.command} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(a.message)}`;
}

function summary(report: Report): string {
  const s = report.summary;
  const statuses = Object.entries(s.statuses)
    .filter(([, n]) => n > 0)
    .map(([st, n]) => `${n} ${st}`)
    .join(', ');
  return `claims: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'note')} · ${plural(s.claims, 'claim')}${statuses ? ` (${statuses})` : ''}${s.provisional ? ` · ${s.provisional} provisional` : ''} · ${s.quotes.verified} of ${plural(s.quotes.total, 'quote')} verified · ${plural(s.files, 'file')}`;
}

/**
 * Annotations for GitHub Actions: findings, and claims whose status --fail-on names, at the severity the registry
 * gives verdicts that fail the run (an error).
 */
export const formatGithub: Formatter = (report, options) => {
  const findings: Finding[] = options.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
  const lines = findings.map((f) => workflowCommand({ command: COMMAND[f.severity], file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, title: `claims ${f.ruleId}`, message: f.message }));
  for (const c of report.claims) {
    if (!options.failOn.includes(c.status)) continue;
    const ruleId = verdictRuleId(c.status);
    lines.push(
      workflowCommand({
        command: COMMAND[ruleSeverity(ruleId, 'fail-on')],
        file: c.file,
        line: c.line,
        column: c.column,
        endLine: c.line,
        endColumn: c.column + c.id.length,
        title: `claims ${ruleId}`,
        message: `Claim "${c.id}" is ${c.status}${c.provisional ? ', provisionally' : ''} (--fail-on ${c.status}, grade ${c.grade}): ${c.statement}\n${c.explanation}`,
      }),
    );
  }
  // A provisional verdict is said at its claim, so that no one reads it as settled.
  for (const c of options.quiet ? [] : report.claims) {
    if (!c.provisional) continue;
    lines.push(
      workflowCommand({
        command: 'warning',
        file: c.file,
        line: c.line,
        column: c.column,
        endLine: c.line,
        endColumn: c.column + c.id.length,
        title: 'claims provisional verdict',
        message: `The verdict on claim "${c.id}" (${c.status}, grade ${c.grade}) is provisional: its evidence has errors (${c.provisionalBecause.slice(0, 3).join('; ')}${c.provisionalBecause.length > 3 ? '; …' : ''}). Fix them before relying on it.`,
      }),
    );
  }
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
};
