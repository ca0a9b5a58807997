import type { ClaimVerdict, Finding, Report, Status, Voice } from '../report/types.js';
import { commandFree, inert, plural, type CommandEscapes } from '../util/text.js';
import type { FormatOptions, Formatter } from './types.js';
import { figuresText } from './text.js';

// File-derived text is made inert for GitHub-flavoured Markdown: control characters become visible escapes;
// the punctuation that starts emphasis, code, links, images, strikethrough, math or breaks a table cell is
// backslash-escaped, as is a leading block marker; < > & become entities (no HTML). A word that GitHub would
// turn into a link or a notification (a URL, a www. address, an e-mail address, an @mention, an issue reference
// such as #1, owner/repo#1 or GH-1) is put in code spans instead: GitHub finds mentions and references in the
// rendered text, after entities are decoded, but never inside code.

const MD_INLINE = /[\\`*_[\]()!|~$]/g;
// A "word" for that purpose: a run without white space, backticks or table pipes (so one backtick always fences it).
const WORD = /[^\s`|]+/g;
const LINKISH = /@|:\/\/|www\.|#\d|gh-\d/i;

/** Plain file text in Markdown: escaped, never code. */
function mdPlain(s: string): string {
  return s.replace(MD_INLINE, (ch) => `\\${ch}`).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A word that would link or notify, as code spans split at each "#": in code a "##[" would reach a CI log raw,
 * and a lone "#" outside code between two spans is plain text that starts nothing.
 */
function mdCode(word: string): string {
  return word
    .split('#')
    .map((piece) => (piece === '' ? '' : `\`${piece}\``))
    .join('#');
}

/** File-derived text for a Markdown paragraph or table cell. */
export function mdText(s: string): string {
  const text = inert(s);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (!LINKISH.test(word)) continue;
    out += mdPlain(text.slice(last, m.index)) + mdCode(word);
    last = m.index + word.length;
  }
  out += mdPlain(text.slice(last));
  return out.replace(/^(\s*)([#>+=-]|\d+(?=[.)]))/, '$1\\$2');
}

/** File-derived text for a quoted Mermaid label: everything but letters, digits and spaces as #NNN; entity codes. */
export function mermaidText(s: string): string {
  return [...inert(s)].map((ch) => (/[\p{L}\p{N} .,-]/u.test(ch) ? ch : `#${ch.codePointAt(0)!};`)).join('');
}

// A final guard for the report printed in a CI log: entities, which Markdown renders as the characters they stand for.
const HTML_ESCAPES: CommandEscapes = { hash: '&#35;', colon: '&#58;' };

const STATUS_MARK: Record<Status, string> = {
  contested: '🔴',
  corroborated: '🟢',
  'single-source': '🟡',
  'under-corroborated': '🟡',
  denied: '🟣',
  unsupported: '⚪',
};
const SEVERITY_MARK: Record<Finding['severity'], string> = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ note' };

function summaryLine(report: Report): string {
  const s = report.summary;
  const mark = s.errors > 0 ? '❌' : '✅';
  const problems = `**${plural(s.errors, 'error')}**, ${plural(s.warnings, 'warning')}${s.infos ? `, ${plural(s.infos, 'note')}` : ''}`;
  const statuses = (Object.entries(s.statuses) as Array<[Status, number]>)
    .filter(([, n]) => n > 0)
    .map(([st, n]) => `${n} ${st}`)
    .join(', ');
  return `${mark} ${problems} · ${plural(s.claims, 'claim')}${statuses ? ` (${statuses})` : ''} · ${s.quotes.verified} of ${plural(s.quotes.total, 'quote')} verified · ${plural(s.files, 'file')}`;
}

const voiceNames = (vs: Voice[]) => (vs.length === 0 ? '—' : vs.map((v) => mdText(v.label)).join(', '));

/** A Markdown table of at most `limit` rows, then a line saying how many were left out. */
function table<T>(header: string, align: string, items: readonly T[], limit: number, row: (item: T) => string, noun: string): string[] {
  const rows = items.slice(0, limit).map(row);
  const more = items.length - rows.length;
  return [header, align, ...rows, ...(more > 0 ? ['', `… and ${plural(more, `more ${noun}`)} not shown.`] : [])];
}

function claimsTable(claims: readonly ClaimVerdict[], failOn: readonly Status[], limit: number): string[] {
  return table('| Status | Grade | For | Against | Claim | Statement |', '| --- | --- | ---: | ---: | --- | --- |', claims, limit, (c) => {
    const flags = `${c.flags.includes('against-interest') ? ' · against interest' : ''}${c.flags.includes('figure-disputed') ? ' · figure disputed' : ''}${c.provisional ? ' · ⚠️ **provisional**' : ''}`;
    const status = `${STATUS_MARK[c.status]} ${c.status}${c.contested && c.corroborated ? ' \\+corroborated' : ''}${flags}${failOn.includes(c.status) ? ' **(fails)**' : ''}`;
    const figures = figuresText(c);
    return `| ${status} | ${c.grade} | ${c.support.length} | ${c.opposition.length} | ${mdText(c.id)} | ${mdText(c.statement)}${figures ? ` (${mdText(figures)})` : ''} |`;
  }, 'claim');
}

function findingsTable(findings: readonly Finding[], limit: number): string[] {
  return table('| Severity | Location | Message | Rule |', '| --- | --- | --- | --- |', findings, limit,
    (f) => `| ${SEVERITY_MARK[f.severity]} | ${mdText(`${f.file}:${f.line}:${f.column}`)} | ${mdText(f.message)} | ${mdText(f.ruleId)} |`, 'finding');
}

/** A flowchart of the voices for (solid arrows) and against (dotted arrows) one claim. */
export function mermaidDiagram(c: ClaimVerdict): string[] {
  const stances = (v: Voice) => [...new Set(v.stances)].join(', ');
  const node = (v: Voice) => `${mermaidText(v.label)}${v.sources.length > 1 ? ` #40;${v.sources.length} sources#41;` : ''}`;
  return [
    '```mermaid',
    'flowchart LR',
    `  claim["${mermaidText(c.id)}"]`,
    ...c.support.map((v, i) => `  for${i}["${node(v)}"] -->|${stances(v)}| claim`),
    ...c.opposition.map((v, i) => `  against${i}["${node(v)}"] -.->|${stances(v) || 'contradicts'}| claim`),
    '  classDef support fill:#e6f4ea,stroke:#1e7e34',
    '  classDef oppose fill:#fde8e8,stroke:#c62828',
    ...(c.support.length > 0 ? [`  class ${c.support.map((_, i) => `for${i}`).join(',')} support`] : []),
    ...(c.opposition.length > 0 ? [`  class ${c.opposition.map((_, i) => `against${i}`).join(',')} oppose`] : []),
    '```',
  ];
}

export interface MarkdownLimits {
  claims: number;
  findings: number;
  diagrams: number;
}

const UNLIMITED: MarkdownLimits = { claims: Infinity, findings: Infinity, diagrams: Infinity };

/** The Markdown report, with optional caps on the number of rows and diagrams (for size-limited places). */
export function renderMarkdown(report: Report, options: FormatOptions, limits: MarkdownLimits = UNLIMITED): string {
  const out: string[] = ['## claims check', '', summaryLine(report), ''];
  const findings = options.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
  if (!options.quiet && report.claims.length > 0) {
    const provisional = report.claims.filter((c) => c.provisional).length;
    const warning = provisional > 0 ? ['', `⚠️ ${plural(provisional, 'verdict is', 'verdicts are')} **provisional**: the evidence has errors (see Findings). Fix them before relying on ${provisional === 1 ? 'it' : 'them'}.`] : [];
    out.push(`### Claims`, '', `Corroborated means at least ${report.policy.corroborationThreshold} independent supporting voices; only voices with a verified quote count. The grade is the Admiralty grade (source reliability A–F, information credibility 1–6).`, ...warning, '', ...claimsTable(report.claims, options.failOn, limits.claims), '');
  }
  if (findings.length > 0) out.push('### Findings', '', ...findingsTable(findings, limits.findings), '');
  const contested = options.quiet ? [] : report.claims.filter((c) => c.contested);
  if (contested.length > 0) {
    out.push('### Contested claims', '');
    for (const c of contested.slice(0, limits.diagrams)) {
      out.push(`#### ${mdText(c.id)}`, '', mdText(c.statement), '', ...(c.provisional ? ['⚠️ **Provisional**: the evidence has errors.', ''] : []), ...mermaidDiagram(c), '', mdText(c.explanation), '');
    }
    if (contested.length > limits.diagrams) out.push(`… and ${plural(contested.length - limits.diagrams, 'more contested claim')} not shown.`, '');
  }
  return commandFree(`${out.join('\n').replace(/\n+$/, '')}\n`, HTML_ESCAPES);
}

/** A report to post as a pull-request comment or read on GitHub. */
export const formatMarkdown: Formatter = (report, options) => renderMarkdown(report, options);

/** The largest step summary GitHub accepts is 1 MiB; stay well under it by cutting rows, then diagrams. */
export function markdownWithin(report: Report, options: FormatOptions, maxBytes: number): string {
  let limits = { ...UNLIMITED };
  for (const cap of [Infinity, 1000, 200, 50, 10, 0]) {
    limits = { claims: cap, findings: cap, diagrams: Math.min(cap, 20) };
    const text = renderMarkdown(report, options, limits);
    if (Buffer.byteLength(text) <= maxBytes) return text;
  }
  return `## claims check\n\n${summaryLine(report)}\n`;
}
