import { Chalk, type ChalkInstance } from 'chalk';
import type { ClaimVerdict, Finding, Gate, Report, Status } from '../report/types.js';
import { commandFree, inert, plural } from '../util/text.js';
import type { Formatter } from './types.js';
import { pushTo } from '../util/maps.js';
import { fitLines, hang } from '../util/width.js';

// A piece of printable ASCII with no "::" and no "##[" is what inert() gives back unchanged: such pieces (nearly
// all ids, statements and labels) skip its replacements, which on a report of 10,000 claims cost a redraw tens of ms.
const PLAIN = /^[\x20-\x7e]*$/;
const inertText = (text: string): string => (PLAIN.test(text) && !text.includes('::') && !text.includes('##[') ? text : inert(text));

export function statusPainter(c: ChalkInstance): Record<Status, (s: string) => string> {
  return {
    contested: c.red.bold,
    corroborated: c.green.bold,
    'single-source': c.yellow,
    'under-corroborated': c.yellow,
    denied: c.magenta,
    unsupported: c.gray,
  };
}

/**
 * What a verdict's or a finding's lines came to, by object: a report's verdicts and findings are never changed once
 * made, and a kept ledger (check --watch) hands out the same objects for what did not change, so that a redraw
 * formats again only what did. `key` holds everything else the lines depend on (colour, width, column widths).
 */
const verdictLines = new WeakMap<ClaimVerdict, { key: string; text: string }>();
const findingLines = new WeakMap<Finding, { key: string; line: string }>();
const countsOf = new WeakMap<ClaimVerdict, string>();

const severityWord = (c: ChalkInstance, s: Finding['severity']) => (s === 'error' ? c.red('error') : s === 'warning' ? c.yellow('warning') : c.blue('info'));

/** voiceCounts, made once per verdict object. */
function countsText(v: ClaimVerdict): string {
  let t = countsOf.get(v);
  if (t === undefined) countsOf.set(v, (t = voiceCounts(v)));
  return t;
}

/** "3 for · 1 against" */
export function voiceCounts(v: ClaimVerdict): string {
  const parts = [`${v.support.length} for`];
  if (v.opposition.length > 0) parts.push(`${v.opposition.length} against`);
  return parts.join(' · ');
}

/** A claim's figures as one phrase: "government soldiers killed: 4–14 people, disputed" (empty when none). */
export function figuresText(v: ClaimVerdict): string {
  const f = v.figures;
  if (!f || f.low === undefined || f.high === undefined) return '';
  return `${inertText(f.what)}: ${f.low === f.high ? f.low : `${f.low}–${f.high}`} ${inertText(f.unit)}${f.disputed ? ', disputed' : ''}`;
}

/** What qualifies a verdict besides its status: the grade, the flags other than contested, and the figures. */
export function verdictNotes(v: ClaimVerdict): string[] {
  return [
    `grade ${v.grade}`,
    v.status === 'contested' && v.corroborated ? '+corroborated' : '',
    v.flags.includes('against-interest') ? 'against interest' : '',
    figuresText(v),
  ].filter(Boolean);
}

/** Findings grouped by file, in the manner of ESLint's "stylish"; messages wrapped under themselves to `width`. */
function findingsBlock(c: ChalkInstance, findings: readonly Finding[], width: number | undefined): string[] {
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  // Pushed, not copied per finding, and widths by reduce, not spread: a file can have tens of thousands.
  for (const f of findings) pushTo(byFile, f.file, f);
  for (const [file, fs] of byFile) {
    lines.push(c.underline(inertText(file)));
    const posWidth = fs.reduce((w, f) => Math.max(w, `${f.line}:${f.column}`.length), 0);
    const key = `${c.level}:${width}:${posWidth}`;
    for (const f of fs) {
      const known = findingLines.get(f);
      if (known?.key === key) {
        lines.push(known.line);
        continue;
      }
      const pos = `${f.line}:${f.column}`.padEnd(posWidth);
      const sev = severityWord(c, f.severity) + ' '.repeat(7 - f.severity.length);
      const line = hang(`  ${c.dim(pos)}  ${sev}  `, `${inertText(f.message)}  ${c.dim(f.ruleId)}`, width);
      findingLines.set(f, { key, line });
      lines.push(line);
    }
    lines.push('');
  }
  return lines;
}

export function summaryLine(c: ChalkInstance, report: Report): string {
  const s = report.summary;
  const problems = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${s.infos ? `, ${plural(s.infos, 'note')}` : ''}`;
  const statuses = (Object.entries(s.statuses) as Array<[Status, number]>)
    .filter(([, n]) => n > 0)
    .map(([st, n]) => `${n} ${st}`)
    .join(', ');
  const claims = `${plural(s.claims, 'claim')}${statuses ? `: ${statuses}` : ''}${s.provisional ? ` (${s.provisional} provisional)` : ''}`;
  const quotes = `${s.quotes.verified} of ${plural(s.quotes.total, 'quote')} verified`;
  const mark = s.errors > 0 || report.gate?.passed === false ? c.red.bold('✖') : c.green.bold('✔');
  return `${mark} ${problems} · ${claims} · ${quotes} · ${plural(s.files, 'file')}`;
}

/** The closing block of a run with --fail-on or --max-warnings: whether it passes, and which claims failed it. */
export function gateBlock(c: ChalkInstance, gate: Gate): string[] {
  const rules = [...(gate.failOn.length > 0 ? [`--fail-on ${gate.failOn.join(',')}`] : []), ...(gate.maxWarnings !== null ? [`--max-warnings ${gate.maxWarnings}`] : [])].join(', ');
  if (gate.passed) return ['', `${c.green.bold('✔')} Gate passed (${rules}).`];
  const lines = ['', `${c.red.bold('✖')} Gate failed (${rules}):`];
  const width = gate.failed.reduce((w, f) => Math.max(w, f.status.length), 0);
  const idWidth = Math.min(48, gate.failed.reduce((w, f) => Math.max(w, f.id.length), 0));
  for (const r of gate.reasons) {
    lines.push(`  ${r}`);
    // The claims under the sentence that counts them.
    if (r.includes('--fail-on')) for (const f of gate.failed) lines.push(`    ${c.red(f.status.padEnd(width))}  ${c.cyan(inertText(f.id).padEnd(idWidth))}  ${c.dim(`${inertText(f.file)}:${f.line}`)}`);
  }
  return lines;
}

export const formatText: Formatter = (report, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const paint = statusPainter(c);
  const findings = options.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
  const lines: string[] = findingsBlock(c, findings, options.width);
  if (!options.quiet && report.claims.length > 0) {
    lines.push(c.bold(`Verdicts`) + c.dim(` (corroborated = at least ${report.policy.corroborationThreshold} independent supporting voices)`));
    const idWidth = Math.min(48, report.claims.reduce((w, v) => Math.max(w, v.id.length), 0));
    const countWidth = report.claims.reduce((w, v) => Math.max(w, countsText(v).length), 0);
    const key = `${c.level}:${options.width}:${idWidth}:${countWidth}`;
    for (const v of report.claims) {
      const known = verdictLines.get(v);
      if (known?.key === key) {
        lines.push(known.text);
        continue;
      }
      const own: string[] = [];
      const flag = verdictNotes(v).join('; ');
      const status = paint[v.status](v.status.padEnd(18));
      const provisional = v.provisional ? c.yellow.bold(' (provisional: fix the errors above)') : '';
      own.push(hang(`  ${status} ${countsText(v).padEnd(countWidth)}  ${c.cyan(inertText(v.id).padEnd(idWidth))}  `, `${inertText(v.statement)}${provisional}${flag ? c.dim(` (${flag})`) : ''}`, options.width));
      // The reason, for the verdicts an editor acts on: who is on each side, and who was left out.
      const left = [...v.unproven.support, ...v.unproven.opposition];
      if (v.support.length + v.opposition.length > 1 || left.length > 0) {
        const side = (vs: typeof v.support) => vs.map((x) => inertText(x.label)).join(', ');
        const parts = [v.support.length ? `for: ${side(v.support)}` : '', v.opposition.length ? `against: ${side(v.opposition)}` : '', left.length ? `not counted (no verified quote): ${side(left)}` : ''].filter(Boolean);
        own.push(c.dim(hang(`  ${' '.repeat(19 + countWidth + 2)}`, parts.join(' · '), options.width)));
      }
      // Kept as one flat string: joined again on every redraw, pieces made by concatenation would be walked each time.
      const text = own.join('\n');
      verdictLines.set(v, { key, text });
      lines.push(text);
    }
    lines.push('');
  }
  lines.push(summaryLine(c, report));
  if (report.gate) lines.push(...gateBlock(c, report.gate));
  // Every piece of file text is already inert; this holds the whole output to it, whatever the pieces join into.
  const out = `${fitLines(lines.join('\n'), options.width)}\n`;
  // commandFree() escapes only at a "::" or a "##[": without either the text is already free of commands.
  return out.includes('::') || out.includes('##[') ? commandFree(out) : out;
};
