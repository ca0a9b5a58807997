import { ruleSeverity, verdictRuleId } from '../report/rules/index.js';
import type { Report } from '../report/types.js';
import { commandFree, inert } from '../util/text.js';
import type { Formatter } from './types.js';

/**
 * One problem a line, `path:line:col: severity message [rule]`: the form compilers print, which terminals,
 * editors (Vim's quickfix, VS Code's problem matchers, Emacs' compilation mode) and grep read as a place to jump to.
 */
export const formatCompact: Formatter = (report: Report, options) => {
  const findings = options.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
  const lines = findings.map((f) => `${inert(f.file)}:${f.line}:${f.column}: ${f.severity} ${inert(f.message)} [${f.ruleId}]`);
  for (const c of report.claims) {
    if (!options.failOn.includes(c.status)) continue;
    const ruleId = verdictRuleId(c.status);
    lines.push(`${inert(c.file)}:${c.line}:${c.column}: ${ruleSeverity(ruleId, 'fail-on')} Claim "${inert(c.id)}" is ${c.status}${c.provisional ? ' (provisional)' : ''}, a status named by --fail-on. [${ruleId}]`);
  }
  // Every piece of file text is already inert; this holds the whole output to it.
  return lines.length === 0 ? '' : commandFree(`${lines.join('\n')}\n`);
};
