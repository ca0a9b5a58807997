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
  const mark = s.errors > 0 || report.gate?.passed === false ? '❌' : '✅';
  const problems = `**${plural(s.errors, 'error')}**, ${plural(s.warnings, 'warning')}${s.infos ? `, ${plural(s.infos, 'note')}` : ''}`;
  const statuses = (Object.entries(s.statuses) as Array<[Status, number]>)
    .filter(([, n]) => n > 0)
    .map(([st, n]) => `${n} ${st}`)
    .join(', ');
  return `${mark} ${problems} · ${plural(s.claims, 'claim')}${statuses ? ` (${statuses})` : ''} · ${s.quotes.verified} of ${plural(s.quotes.total, 'quote')} verified · ${plural(s.files, 'file')}`;
}

/** GitHub refuses a pull-request comment over 65,536 characters: the Markdown report stays under this, whatever the ledger. */
export const MARKDOWN_MAX_CHARS = 60_000;

/** Room kept for the closing "not shown" note and section headings when the rows are cut. */
const RESERVE = 1500;

/** The first `max` characters of a text (whole code points), with an ellipsis when cut. */
function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function claimRow(c: ClaimVerdict, failOn: readonly Status[]): string {
  const flags = `${c.flags.includes('against-interest') ? ' · against interest' : ''}${c.flags.includes('figure-disputed') ? ' · figure disputed' : ''}${c.provisional ? ' · ⚠️ **provisional**' : ''}`;
  const status = `${STATUS_MARK[c.status]} ${c.status}${c.contested && c.corroborated ? ' \\+corroborated' : ''}${flags}${failOn.includes(c.status) ? ' **(fails)**' : ''}`;
  const figures = figuresText(c);
  return `| ${status} | ${c.grade} | ${c.support.length} | ${c.opposition.length} | ${mdText(c.id)} | ${mdText(c.statement)}${figures ? ` (${mdText(figures)})` : ''} |`;
}

/** Most claims the gate block lists by name; the rest are counted (the report stays under its size). */
const GATE_LISTED = 50;

/** Under the summary, with --fail-on or --max-warnings: whether the gate passed, why not, and which claims failed it. */
function gateLines(report: Report): string[] {
  const gate = report.gate;
  if (!gate) return [];
  const rules = [...(gate.failOn.length > 0 ? [`--fail-on ${gate.failOn.join(',')}`] : []), ...(gate.maxWarnings !== null ? [`--max-warnings ${gate.maxWarnings}`] : [])].map((r) => `\`${r}\``).join(', ');
  if (gate.passed) return [`✅ **Gate passed** (${rules}).`, ''];
  const lines = [`❌ **Gate failed** (${rules}):`, ''];
  for (const r of gate.reasons) {
    lines.push(`- ${mdText(r)}`);
    if (!r.includes('--fail-on')) continue;
    for (const f of gate.failed.slice(0, GATE_LISTED)) lines.push(`  - ${STATUS_MARK[f.status]} ${f.status}: ${mdText(f.id)} (${mdText(`${f.file}:${f.line}`)})`);
    if (gate.failed.length > GATE_LISTED) lines.push(`  - and ${gate.failed.length - GATE_LISTED} more (see the claims table)`);
  }
  return [...lines, ''];
}

const findingRow = (f: Finding) => `| ${SEVERITY_MARK[f.severity]} | ${mdText(`${f.file}:${f.line}:${f.column}`)} | ${mdText(f.message)} | ${mdText(f.ruleId)} |`;

const isContested = (c: ClaimVerdict) => c.contested || c.status === 'contested';

/** The claims an editor acts on first: contested ones, then provisional ones, then the rest, each in file order. */
export function claimsInOrder(claims: readonly ClaimVerdict[]): ClaimVerdict[] {
  return [...claims.filter(isContested), ...claims.filter((c) => !isContested(c) && c.provisional), ...claims.filter((c) => !isContested(c) && !c.provisional)];
}

/** A flowchart of the voices for (solid arrows) and against (dotted arrows) one claim, the claim shown by its statement. */
export function mermaidDiagram(c: ClaimVerdict): string[] {
  const stances = (v: Voice) => [...new Set(v.stances)].join(', ');
  const node = (v: Voice) => `${mermaidText(v.label)}${v.sources.length > 1 ? ` #40;${v.sources.length} sources#41;` : ''}`;
  return [
    '```mermaid',
    'flowchart LR',
    `  claim["${mermaidText(cut(c.statement, 100))}"]`,
    ...c.support.map((v, i) => `  for${i}["${node(v)}"] -->|${stances(v)}| claim`),
    ...c.opposition.map((v, i) => `  against${i}["${node(v)}"] -.->|${stances(v) || 'contradicts'}| claim`),
    '  classDef support fill:#e6f4ea,stroke:#1e7e34',
    '  classDef oppose fill:#fde8e8,stroke:#c62828',
    ...(c.support.length > 0 ? [`  class ${c.support.map((_, i) => `for${i}`).join(',')} support`] : []),
    ...(c.opposition.length > 0 ? [`  class ${c.opposition.map((_, i) => `against${i}`).join(',')} oppose`] : []),
    '```',
  ];
}

function legend(report: Report, failOn: readonly Status[]): string {
  return [
    `**Legend.** ${(Object.keys(STATUS_MARK) as Status[]).map((st) => `${STATUS_MARK[st]} ${st}`).join(' · ')} · ⚠️ provisional: the verdict rests on evidence with errors (see Findings); fix them before relying on it${failOn.length > 0 ? ` · **(fails)**: a status --fail-on names` : ''}.`,
    `Corroborated means at least ${report.policy.corroborationThreshold} independent supporting voices; only voices with a verified quote count. The grade is the Admiralty grade (source reliability A–F, information credibility 1–6). In the diagrams, a solid arrow is a voice for the claim and a dotted arrow a voice against it, labelled with its stance.`,
  ].join('\n\n');
}

/** Lines added while they fit a budget of characters (as `measure` counts them). */
class Budget {
  constructor(
    public left: number,
    private readonly measure: (s: string) => number,
  ) {}
  /** Add the lines (one block) if they all fit; say whether they did. */
  take(into: string[], lines: readonly string[]): boolean {
    const n = lines.reduce((sum, l) => sum + this.measure(l) + 1, 0);
    if (n > this.left) return false;
    this.left -= n;
    into.push(...lines);
    return true;
  }
}

/** What a cut report left out, and where the whole of it is. */
function leftOutNote(left: { claims: ClaimVerdict[]; findings: Finding[]; diagrams: number }, max: number, measure: string, fullReport: string | undefined): string[] {
  const parts = [
    left.claims.length > 0 ? `${plural(left.claims.length, 'claim')} (${left.claims.filter(isContested).length} contested, ${left.claims.filter((c) => c.provisional).length} provisional)` : '',
    left.findings.length > 0 ? `${plural(left.findings.length, 'finding')} (${plural(left.findings.filter((f) => f.severity === 'error').length, 'error')})` : '',
    left.diagrams > 0 ? plural(left.diagrams, 'diagram') + ' of contested claims' : '',
  ].filter(Boolean);
  if (parts.length === 0) return [];
  const where = fullReport !== undefined ? `The full report is in ${mdText(fullReport)}.` : 'For the full report, write it to a file as well: `claims check --format markdown --format html --output - --output claims.html` (or `--format json`).';
  return ['### Not shown', '', `This report is kept under ${max.toLocaleString('en-US')} ${measure}, what a pull-request comment can hold: ${parts.join(', ')} are not shown here. ${where}`, ''];
}

/**
 * The Markdown report within `max` characters (or bytes, as `measure` counts): the summary and legend, then the
 * claims table (contested and provisional first), the findings (errors first) and the diagrams of contested claims
 * while they fit, and a closing note of what was left out.
 */
function renderWithin(report: Report, options: FormatOptions, max: number, measure: (s: string) => number, unit: string): string {
  const findings = options.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
  const claims = options.quiet ? [] : claimsInOrder(report.claims);
  const sortedFindings = [...findings.filter((f) => f.severity === 'error'), ...findings.filter((f) => f.severity === 'warning'), ...findings.filter((f) => f.severity === 'info')];
  const contested = claims.filter(isContested);
  for (let budgetOf = max; ; budgetOf = Math.floor(budgetOf * 0.9)) {
    const out: string[] = ['## claims check', '', summaryLine(report), '', ...gateLines(report)];
    if (claims.length > 0) out.push(legend(report, options.failOn), '');
    const provisional = claims.filter((c) => c.provisional).length;
    if (provisional > 0) out.push(`⚠️ ${plural(provisional, 'verdict is', 'verdicts are')} **provisional**: the evidence has errors (see Findings). Fix them before relying on ${provisional === 1 ? 'it' : 'them'}.`, '');
    const budget = new Budget(budgetOf - RESERVE - out.reduce((n, l) => n + measure(l) + 1, 0), measure);
    // Each section may use its share and what the sections before it left unused.
    const total = budget.left;
    const rows = (items: readonly string[], share: number, into: string[]): number => {
      const stop = budget.left - share;
      let n = 0;
      for (const row of items) {
        if (budget.left - measure(row) - 1 < stop || !budget.take(into, [row])) break;
        n++;
      }
      return n;
    };
    let shownClaims = 0;
    if (claims.length > 0) {
      out.push('### Claims', '', '| Status | Grade | For | Against | Claim | Statement |', '| --- | --- | ---: | ---: | --- | --- |');
      shownClaims = rows(claims.map((c) => claimRow(c, options.failOn)), Math.floor(total * 0.5), out);
      out.push('');
    }
    let shownFindings = 0;
    if (sortedFindings.length > 0) {
      out.push('### Findings', '', '| Severity | Location | Message | Rule |', '| --- | --- | --- | --- |');
      shownFindings = rows(sortedFindings.map(findingRow), Math.floor(budget.left * (contested.length > 0 ? 0.6 : 1)), out);
      out.push('');
    }
    let shownDiagrams = 0;
    if (contested.length > 0) {
      const block: string[] = ['### Contested claims', ''];
      for (const c of contested.slice(0, 200)) {
        const lines = [`#### ${mdText(c.id)}`, '', mdText(c.statement), '', ...(c.provisional ? ['⚠️ **Provisional**: the evidence has errors.', ''] : []), ...mermaidDiagram(c), '', mdText(c.explanation), ''];
        if (!budget.take(block, lines)) break;
        shownDiagrams++;
      }
      if (shownDiagrams > 0) out.push(...block);
    }
    out.push(...leftOutNote({ claims: claims.slice(shownClaims), findings: sortedFindings.slice(shownFindings), diagrams: contested.length - shownDiagrams }, max, unit, options.fullReport));
    const text = commandFree(`${out.join('\n').replace(/\n+$/, '')}\n`, HTML_ESCAPES);
    if (measure(text) <= max || budgetOf < RESERVE * 2) return text;
  }
}

/** A report to post as a pull-request comment or read on GitHub: at most MARKDOWN_MAX_CHARS characters. */
export const formatMarkdown: Formatter = (report, options) => renderWithin(report, options, MARKDOWN_MAX_CHARS, (s) => s.length, 'characters');

/** The report within `maxBytes` bytes of UTF-8 (a GitHub step summary takes at most 1 MiB). */
export function markdownWithin(report: Report, options: FormatOptions, maxBytes: number): string {
  return renderWithin(report, options, maxBytes, (s) => Buffer.byteLength(s), 'bytes');
}
