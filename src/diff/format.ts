// The outputs of `claims diff`: pure functions from a ReportDiff to text. File text goes through the same escapes
// as the check reports (inert/commandFree for a terminal and a CI log, mdText for GitHub Markdown).
import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding } from '../report/types.js';
import { commandFree, commandFreeJson, inert, plural, safeJson, type CommandEscapes } from '../util/text.js';
import { mdText } from '../format/markdown.js';
import type { ClaimChange, ReportDiff, Side, VoiceChange } from './compare.js';

export const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** A GitHub comment holds at most 65,536 characters: the Markdown diff stays under this. */
export const MARKDOWN_BUDGET = 60_000;

const short = (s: Side) => (s.commit ? s.commit.slice(0, 12) : '');
const sideName = (s: Side) => (s.commit ? `${s.rev}${s.rev.startsWith(short(s)) ? '' : ` (${short(s)})`}` : 'the working tree');

/** "corroborated → single-source", "new, contested", "removed (was contested)". */
function statusWords(c: ClaimChange): string {
  if (c.change === 'added') return `new, ${c.status.to}`;
  if (c.change === 'removed') return `removed (was ${c.status.from})`;
  return c.status.from === c.status.to ? `${c.status.to}` : `${c.status.from} → ${c.status.to}`;
}

function gradeWords(c: ClaimChange): string {
  if (c.change !== 'changed') return `grade ${c.grade.to ?? c.grade.from}`;
  return c.grade.from === c.grade.to ? `grade ${c.grade.to}` : `grade ${c.grade.from} → ${c.grade.to}`;
}

const sideWord = (v: VoiceChange) => (v.side === 'support' ? 'for' : 'against');

/** The lines that say what changed in one claim, as plain sentences (file text not yet escaped). */
function changeLines(c: ClaimChange): Array<{ sign: '+' | '-' | '!' | ' '; text: string }> {
  const out: Array<{ sign: '+' | '-' | '!' | ' '; text: string }> = [];
  const reasons = (v: VoiceChange) => (v.reasons.length > 0 ? `: ${v.reasons.map((r) => r.message).join('; ')}` : '');
  for (const v of c.voices.lost) out.push({ sign: '-', text: `voice ${sideWord(v)} lost: ${v.label}${reasons(v)}` });
  for (const v of c.voices.gained) out.push({ sign: '+', text: `voice ${sideWord(v)} gained: ${v.label}${reasons(v)}` });
  if (c.change === 'changed') {
    for (const f of c.flags.added) out.push({ sign: '+', text: `now ${f}` });
    for (const f of c.flags.removed) out.push({ sign: '-', text: `no longer ${f}` });
  }
  if (c.kinds.includes('became-provisional') || (c.change === 'added' && c.provisional.to)) {
    out.push({ sign: '!', text: `provisional: ${(c.provisionalBecause ?? []).join('; ') || 'the evidence has errors'}` });
  }
  if (c.kinds.includes('became-final')) out.push({ sign: ' ', text: 'no longer provisional: the errors it rested on are fixed' });
  return out;
}

const kindWords = (c: ClaimChange) => c.kinds.map((k) => k.replace(/-/g, ' ')).join(', ');

/** "2 claims changed · 1 new error · 1 finding fixed" */
function summaryWords(d: ReportDiff): string {
  const s = d.summary;
  const parts = [`${plural(s.changedClaims, 'claim')} changed`, `${plural(s.newErrors, 'new error')}`];
  if (s.newWarnings > 0) parts.push(plural(s.newWarnings, 'new warning'));
  parts.push(`${plural(s.fixedFindings, 'finding')} fixed`);
  return `${parts.join(' · ')} (${plural(s.claimsBefore, 'claim')} before, ${s.claimsAfter} after)`;
}

const nothing = (d: ReportDiff) => d.claims.length === 0 && d.findings.added.length === 0 && d.findings.fixed.length === 0;

function findingLine(c: ChalkInstance, f: Finding): string {
  return `  ${inert(`${f.file}:${f.line}:${f.column}`)}  ${f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warning') : c.blue('info')}  ${inert(f.message)}  ${c.dim(f.ruleId)}`;
}

/** The diff for a terminal. */
export function formatDiffText(d: ReportDiff, { color = false } = {}): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const lines = [c.bold(`claims diff: ${inert(sideName(d.from))} → ${inert(sideName(d.to))}`), summaryWords(d), ''];
  if (nothing(d)) lines.push('No verdict and no finding changed.', '');
  for (const ch of d.claims) {
    lines.push(`${c.cyan(inert(ch.id))}  ${c.bold(statusWords(ch))}  ${c.dim(`(${gradeWords(ch)}; ${kindWords(ch)})`)}`);
    lines.push(`  ${inert(ch.statement)}`);
    for (const l of changeLines(ch)) {
      const paint = l.sign === '+' ? c.green : l.sign === '-' ? c.red : l.sign === '!' ? c.yellow : c.dim;
      lines.push(`  ${paint(`${l.sign} ${inert(l.text)}`)}`);
    }
    lines.push(c.dim(`  ${inert(`${ch.file}:${ch.line}:${ch.column}`)}`), '');
  }
  if (d.findings.added.length > 0) lines.push(c.bold('New findings'), ...d.findings.added.map((f) => findingLine(c, f)), '');
  if (d.findings.fixed.length > 0) lines.push(c.bold('Fixed findings'), ...d.findings.fixed.map((f) => findingLine(c, f)), '');
  return commandFree(`${lines.join('\n').replace(/\n+$/, '')}\n`);
}

/** The diff as JSON (schemas/diff.schema.json), with no "##[" a CI log would run. */
export function formatDiffJson(d: ReportDiff): string {
  return `${commandFreeJson(safeJson(d))}\n`;
}

// As in the Markdown report: the '#' and ':' that would start a CI log command, as entities Markdown renders back.
const HTML_ESCAPES: CommandEscapes = { hash: '&#35;', colon: '&#58;' };

const SIGN_MARK = { '+': '➕', '-': '➖', '!': '⚠️', ' ': '✔️' } as const;

function markdownClaim(ch: ClaimChange): string[] {
  const head = `- **${mdText(ch.id)}**: ${mdText(statusWords(ch))} · ${mdText(gradeWords(ch))}${ch.kinds.includes('became-provisional') ? ' · ⚠️ **provisional**' : ''}`;
  return [head, `  ${mdText(ch.statement)}`, ...changeLines(ch).map((l) => `  - ${SIGN_MARK[l.sign]} ${mdText(l.text)}`)];
}

function findingsTable(title: string, findings: readonly Finding[], limit: number): string[] {
  if (findings.length === 0) return [];
  const rows = findings.slice(0, limit).map((f) => `| ${f.severity} | ${mdText(`${f.file}:${f.line}:${f.column}`)} | ${mdText(f.message)} | ${mdText(f.ruleId)} |`);
  const more = findings.length - rows.length;
  return [`### ${title}`, '', '| Severity | Location | Message | Rule |', '| --- | --- | --- | --- |', ...rows, ...(more > 0 ? ['', `… and ${plural(more, 'more finding')} not shown.`] : []), ''];
}

function renderMarkdown(d: ReportDiff, limit: number): string {
  const out = ['## claims diff', '', `Verdicts of ${mdText(sideName(d.to))} compared with ${mdText(sideName(d.from))}: ${mdText(summaryWords(d))}.`, ''];
  if (nothing(d)) out.push('No verdict and no finding changed.', '');
  if (d.claims.length > 0) {
    out.push('### Verdicts that change', '');
    for (const ch of d.claims.slice(0, limit)) out.push(...markdownClaim(ch));
    if (d.claims.length > limit) out.push('', `… and ${plural(d.claims.length - limit, 'more changed claim')} not shown (run claims diff locally for all).`);
    out.push('');
  }
  out.push(...findingsTable('New findings', d.findings.added, limit), ...findingsTable('Fixed findings', d.findings.fixed, limit));
  return commandFree(`${out.join('\n').replace(/\n+$/, '')}\n`, HTML_ESCAPES);
}

/** The diff for a pull-request comment, cut (claims, then findings) to stay under `budget` characters. */
export function formatDiffMarkdown(d: ReportDiff, budget = MARKDOWN_BUDGET): string {
  for (const cap of [Infinity, 500, 100, 20, 5, 0]) {
    const text = renderMarkdown(d, cap);
    if (text.length <= budget) return text;
  }
  return `## claims diff\n\n${mdText(summaryWords(d))}.\n`;
}

export function formatDiff(d: ReportDiff, format: DiffFormat, color: boolean): string {
  if (format === 'json') return formatDiffJson(d);
  if (format === 'markdown') return formatDiffMarkdown(d);
  return formatDiffText(d, { color });
}
