// The README's rule table, written from the registry: the section between the rules markers of README.md is
// exactly ruleTable(), and test/rules.test.ts fails when it is not (UPDATE_README=1 rewrites it).
import { RULES } from './index.js';
import type { Rule } from './rule.js';

export const TABLE_START = '<!-- rules:start (generated from src/report/rules/ by ruleTable(); do not edit by hand) -->';
export const TABLE_END = '<!-- rules:end -->';

/** Text safe inside a Markdown table cell: no line breaks, pipes escaped, and "<id>" shown, not read as HTML. */
function cell(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function severity(r: Rule): string {
  const overrides = (r.overrides ?? []).map((o) => `; ${o.severity} ${o.where}`);
  return `${r.severity}${overrides.join('')}`;
}

/** One row a rule, in the registry's order: id, severity, what it reports, how to fix it. */
export function ruleTable(rules: readonly Rule[] = RULES): string {
  const rows = rules.map((r) => `| \`${r.id}\` | ${cell(severity(r))} | ${cell(r.short)} | ${cell(r.help)} |`);
  return ['| rule | severity | what it reports | how to fix |', '|---|---|---|---|', ...rows].join('\n');
}

/**
 * `readme` with the text between the markers replaced by the table; undefined when the markers are missing or out
 * of order.
 */
export function withRuleTable(readme: string, table: string = ruleTable()): string | undefined {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start === -1 || end === -1 || end < start) return undefined;
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
