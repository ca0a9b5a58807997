import { Chalk } from 'chalk';
import type { Evidence } from '../report/evidence.js';
import type { ReportAssertion, Voice } from '../report/types.js';
import { commandFree, commandFreeJson, inert, safeJson } from '../util/text.js';
import { figuresText, statusPainter } from './text.js';
import { cells, fitLines, hang, padCells, truncateCells } from '../util/width.js';

export interface ShowOptions {
  color: boolean;
  /** The terminal's width in cells, when printed to a terminal: long lines are wrapped to it. */
  width?: number;
}

/** Two columns, padded to `width` display cells (a CJK or Arabic name keeps the right column in place). */
function columns(left: string[], right: string[], width: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i] ?? '';
    rows.push(`  ${padCells(l, Math.max(cells(l) + 2, width))}${right[i] ?? ''}`.trimEnd());
  }
  return rows;
}

/** A voice as lines of one column: its label, then (for a party) each source folded into it, cut to the column's cells. */
function voiceCell(v: Voice, mark: string, names: ReadonlyMap<string, string>, column: number): string[] {
  const figure = v.figure ? ` (${v.figure.low === v.figure.high ? v.figure.low : `${v.figure.low}–${v.figure.high}`})` : '';
  const cell = [`${mark} ${truncateCells(inert(v.label), column - 4 - figure.length)}${figure}`];
  // Sources that came through `contradicts` made no assertion here: the "through" line below names their claim.
  if (v.party) for (const id of v.sources) if (names.has(id) || !v.through) cell.push(`    ${truncateCells(inert(names.get(id) ?? id), column - 6)}`);
  for (const id of v.through ?? []) cell.push(`    ${truncateCells(`through ${inert(id)}`, column - 6)}`);
  return cell;
}

const COLUMN = 46;

/** `claims show` as text: the claim, its verdict, its voices side by side, then every assertion with its evidence. */
export function formatShowText(ev: Evidence, options: ShowOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const v = ev.claim;
  const out: string[] = [];
  out.push(`${c.bold.cyan(inert(v.id))}  ${c.dim(`${inert(v.file)}:${v.line}`)}`);
  out.push(c.bold(inert(v.statement)));
  const meta = [v.eventDate ? `event ${inert(v.eventDate)}` : '', v.places.length ? inert(v.places.join(', ')) : ''].filter(Boolean).join(' · ');
  if (meta) out.push(c.dim(meta));
  out.push('');
  const flags = v.flags.filter((f) => f !== 'provisional');
  out.push(`Status: ${statusPainter(c)[v.status](v.status)}${flags.length ? `   flags: ${flags.join(', ')}` : '   flags: none'}   grade: ${v.grade}`);
  if (v.provisional) {
    const why = v.provisionalBecause.slice(0, 3).join('; ') + (v.provisionalBecause.length > 3 ? `; and ${v.provisionalBecause.length - 3} more` : '');
    out.push(c.yellow.bold(hang('', `PROVISIONAL: this verdict rests on evidence with errors (${inert(why)}). Fix them before relying on it.`, options.width)));
  }
  out.push(hang('', inert(v.explanation), options.width));
  const figures = figuresText(v);
  if (figures) out.push(`Figures: ${figures}`);
  if (v.favours) out.push(c.dim(`Favours: ${inert(v.favours.join(', '))}`));
  if (v.contradicts) out.push(c.dim(`Contradicts: ${inert(v.contradicts.join(', '))}`));
  if (v.notes) out.push(`Notes: ${inert(v.notes)}`);
  out.push('');
  const names = new Map(v.assertions.map((a) => [a.source, a.sourceName]));
  // Two columns of at most 46 cells, narrower on a narrow terminal.
  const column = options.width === undefined ? COLUMN : Math.max(20, Math.min(COLUMN, Math.floor((options.width - 2) / 2)));
  const left = [`SUPPORTING (${v.support.length})`, ...v.support.flatMap((x) => voiceCell(x, '+', names, column))];
  const right = [`OPPOSING (${v.opposition.length})`, ...v.opposition.flatMap((x) => voiceCell(x, '-', names, column))];
  out.push(...columns(left, right, column).map((l, i) => (i === 0 ? c.bold(l) : l)));
  const notCounted = [...v.unproven.support, ...v.unproven.opposition];
  if (notCounted.length) out.push(c.yellow(`  Not counted, no verified quote: ${inert(notCounted.map((x) => x.label).join(', '))}`));
  if (v.folded.length) {
    out.push('');
    out.push(c.bold('Folded into one voice'));
    for (const f of v.folded) out.push(`  • ${inert(f)}`);
  }
  for (const side of ['support', 'opposition'] as const) {
    const items = v.assertions.map((a, i) => [a, i] as const).filter(([a]) => a.side === side);
    if (items.length === 0) continue;
    out.push('');
    out.push(c.bold(side === 'support' ? 'Evidence for' : 'Evidence against'));
    for (const [a, i] of items) out.push(...assertionLines(c, a, ev.contexts[i] ?? [], options.width));
  }
  if (ev.findings.length) {
    out.push('');
    out.push(c.bold('Findings'));
    for (const f of ev.findings) out.push(`  ${f.severity === 'error' ? c.red(f.severity) : c.yellow(f.severity)}  ${inert(f.file)}:${f.line}:${f.column}  ${inert(f.message)}  ${c.dim(f.ruleId)}`);
  }
  return commandFree(`${fitLines(out.join('\n'), options.width)}\n`);
}

function assertionLines(c: InstanceType<typeof Chalk>, a: ReportAssertion, contexts: Array<Evidence['contexts'][number][number]>, width: number | undefined): string[] {
  const lines: string[] = [];
  const who = `${inert(a.sourceName)}${a.party ? c.dim(` [${inert(a.party)}]`) : c.dim(' [no party]')}${a.reliability !== 'F' ? c.dim(` reliability ${a.reliability}`) : ''}`;
  const when = [a.date, a.channel].filter(Boolean).map((x) => inert(String(x))).join(', ');
  const marks = `${a.againstInterest ? c.green.bold('  AGAINST INTEREST') : ''}${a.proven ? '' : c.yellow.bold('  NOT COUNTED')}`;
  lines.push(`  ${who} ${c.bold(a.stance)}${when ? c.dim(` (${when})`) : ''}${marks}`);
  if (a.quotes.length === 0) lines.push(c.yellow('      no quote: the stance is unsupported by evidence'));
  else if (!a.proven && a.unproven) lines.push(c.yellow(`      not counted: ${inert(a.unproven)}`));
  if (a.via) lines.push(c.dim(`      via ${inert(a.via.join(' → '))} (passed the words on; no voice of their own)`));
  if (a.value) lines.push(`      gives ${a.value.low === a.value.high ? a.value.low : `${a.value.low}–${a.value.high}`}`);
  if (a.notes) lines.push(`      note: ${inert(a.notes)}`);
  if (a.sourceNotes) lines.push(c.dim(`      about the source: ${inert(a.sourceNotes)}`));
  a.quotes.forEach((q, k) => {
    const ctx = contexts[k];
    if (q.match && ctx) {
      lines.push(`    ${c.dim(`${inert(q.document)} · ${inert(q.match.path)}:${q.match.line}`)}`);
      const hl = highlight(c)(inert(ctx.match));
      lines.push(hang('      ', `“${inert(ctx.before)}${hl}${inert(ctx.after)}”`, width));
    } else {
      const why = q.verification === 'not-found' ? c.red('NOT FOUND in the document') : c.yellow('unverifiable: no local text');
      lines.push(`    ${c.dim(inert(q.document))} ${why}`);
      lines.push(hang('      ', `“${inert(q.text)}”`, width));
    }
    if (q.translation) lines.push(c.dim(`      ↳ ${inert(q.translation)}`));
  });
  return lines;
}

/** The match: underlined in colour, between ⟦ ⟧ without. */
const highlight = (c: InstanceType<typeof Chalk>) => (s: string) => (c.level > 0 ? c.bold.underline(s) : `⟦${s}⟧`);

export function formatShowJson(ev: Evidence): string {
  const claim = {
    ...ev.claim,
    assertions: ev.claim.assertions.map((a, i) => ({
      ...a,
      quotes: a.quotes.map((q, k) => ({ ...q, ...(ev.contexts[i]?.[k] && { context: ev.contexts[i]![k] }) })),
    })),
  };
  return `${commandFreeJson(safeJson({ claim, findings: ev.findings }))}\n`;
}
