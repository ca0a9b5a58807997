// Inline SVG drawn by the report itself: the status icons and the diagram of voices for and against a claim.
import type { ClaimVerdict, Status, Voice } from '../../report/types.js';
import { truncate } from '../../util/text.js';
import { esc } from './escape.js';

const ICON_PATHS: Record<Status | 'provisional' | 'error' | 'warning' | 'info', string> = {
  contested: '<path d="M2 5h11l-3-3M14 11H3l3 3" fill="none" stroke="currentColor" stroke-width="1.8"/>',
  corroborated: '<path d="M2.5 8.5l3.5 3.5 7.5-8" fill="none" stroke="currentColor" stroke-width="2.2"/>',
  'single-source': '<circle cx="8" cy="8" r="4.5" fill="currentColor"/>',
  'under-corroborated': '<circle cx="4.5" cy="8" r="3" fill="currentColor"/><circle cx="11.5" cy="8" r="3" fill="none" stroke="currentColor" stroke-width="1.5"/>',
  denied: '<path d="M3.5 3.5l9 9M12.5 3.5l-9 9" stroke="currentColor" stroke-width="2.2"/>',
  unsupported: '<circle cx="8" cy="8" r="5" fill="none" stroke="currentColor" stroke-width="1.8"/>',
  provisional: '<path d="M8 1.5L15 14.5H1z" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M8 6v4.5M8 11.8v1.4" stroke="currentColor" stroke-width="1.8"/>',
  error: '<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M5.5 5.5l5 5M10.5 5.5l-5 5" stroke="currentColor" stroke-width="1.8"/>',
  warning: '<path d="M8 1.5L15 14.5H1z" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M8 6v4.5M8 11.8v1.4" stroke="currentColor" stroke-width="1.8"/>',
  info: '<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M8 7v5M8 4.2v1.4" stroke="currentColor" stroke-width="1.8"/>',
};

export type IconName = keyof typeof ICON_PATHS;

/** Every icon once, as a symbol, in a hidden SVG at the top of the page; icon() refers to them. */
export function iconSymbols(): string {
  const symbols = (Object.keys(ICON_PATHS) as IconName[]).map((name) => `<symbol id="i-${name}" viewBox="0 0 16 16">${ICON_PATHS[name]}</symbol>`);
  // The arrowheads of every diagram, one per side (the stylesheet gives each side's lines its marker).
  const markers = ['for', 'against', 'unproven'].map((side) => `<marker id="m-${side}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z"/></marker>`);
  return `<svg class="symbols" aria-hidden="true">${symbols.join('')}<defs>${markers.join('')}</defs></svg>`;
}

/** A 16×16 icon that repeats what the text next to it says (hidden from screen readers, which read the text). */
export function icon(name: IconName): string {
  return `<svg class="icon" aria-hidden="true"><use href="#i-${name}"/></svg>`;
}

const W = 760;
const BOX_W = 236;
const CLAIM_X = 292;
const CLAIM_W = 176;
const RIGHT_X = W - BOX_W;
const ROW = 54;
const BOX_H = 42;
const TOP = 30;

// How each side is drawn (the colours and dashes are in the stylesheet, by class: .vd g.for, g.against, g.unproven).
const SIDE = {
  for: { sign: '+', word: 'For' },
  against: { sign: '&minus;', word: 'Against' },
  unproven: { sign: '&#9675;', word: 'Not counted' },
} as const;
type Side = keyof typeof SIDE;

interface Box {
  voice: Voice;
  side: Side;
  /** Which column: support on the left, opposition on the right. */
  left: boolean;
}

function detail(v: Voice, side: Side): string {
  const stances = [...new Set(v.stances)].join(', ') || (v.through?.length ? 'contradicts' : '');
  const parts = [side === 'unproven' ? 'not counted' : stances];
  if (side === 'unproven' && stances) parts.push(stances);
  if (v.sources.length > 1) parts.push(`${v.sources.length} sources`);
  if (v.reliability !== 'F') parts.push(`reliability ${v.reliability}`);
  if (v.figure) parts.push(v.figure.low === v.figure.high ? `gives ${v.figure.low}` : `gives ${v.figure.low}–${v.figure.high}`);
  if (v.through?.length) parts.push(`through ${v.through.join(', ')}`);
  return parts.filter(Boolean).join(' · ');
}

/** Where the nth of `count` arrows meets the claim box: spread along its edge, so that arrowheads do not pile up. */
function arrowEnd(n: number, count: number, claimY: number): number {
  if (count <= 1) return claimY;
  const step = Math.min(12, 44 / (count - 1));
  return claimY - ((count - 1) * step) / 2 + n * step;
}

function boxSvg(b: Box, row: number, count: number, claimY: number): string {
  const x = b.left ? 0 : RIGHT_X;
  const y = TOP + row * ROW;
  const d = detail(b.voice, b.side);
  // Support points at the claim; opposition too, from the other side; both end at the claim box's edge.
  const x1 = b.left ? x + BOX_W : x;
  const x2 = b.left ? CLAIM_X - 2 : CLAIM_X + CLAIM_W + 2;
  return [
    `<g class="${b.side}"><title>${SIDE[b.side].word}: ${esc(`${b.voice.label} (${d})`)}</title>`,
    `<line x1="${x1}" y1="${y + BOX_H / 2}" x2="${x2}" y2="${arrowEnd(row, count, claimY)}"/>`,
    `<rect x="${x + 1}" y="${y}" width="${BOX_W - 2}" height="${BOX_H}" rx="6"/>`,
    `<text x="${x + 10}" y="${y + 17}" class="l">${SIDE[b.side].sign} ${esc(truncate(b.voice.label, 26))}</text>`,
    `<text x="${x + 10}" y="${y + 33}" class="d">${esc(truncate(d, 38))}</text>`,
    '</g>',
  ].join('');
}

/** Most voices drawn on one side; the rest are counted in a last box (the lists under the diagram name them all). */
const MAX_DRAWN = 12;

function capped(boxes: Box[]): Array<Box | number> {
  return boxes.length <= MAX_DRAWN ? boxes : [...boxes.slice(0, MAX_DRAWN - 1), boxes.length - (MAX_DRAWN - 1)];
}

function moreSvg(count: number, row: number, left: boolean): string {
  const x = left ? 0 : RIGHT_X;
  const y = TOP + row * ROW;
  return `<g class="more"><rect x="${x + 1}" y="${y}" width="${BOX_W - 2}" height="${BOX_H}" rx="6"/><text x="${x + 10}" y="${y + 26}">&hellip; and ${count} more (listed below)</text></g>`;
}

/**
 * The voices for a claim (left, solid lines, "+") and against it (right, dashed lines, "−"), each an arrow to
 * the claim; voices that do not count (no verified quote) drawn dotted, marked "○ not counted". `key` makes
 * the ids of this diagram unique in the page. Drawn by class: colours, dashes and arrowheads are in the stylesheet.
 */
export function voicesDiagram(c: ClaimVerdict, key: string): string {
  const left: Box[] = [
    ...c.support.map((voice) => ({ voice, side: 'for' as const, left: true })),
    ...c.unproven.support.map((voice) => ({ voice, side: 'unproven' as const, left: true })),
  ];
  const right: Box[] = [
    ...c.opposition.map((voice) => ({ voice, side: 'against' as const, left: false })),
    ...c.unproven.opposition.map((voice) => ({ voice, side: 'unproven' as const, left: false })),
  ];
  const shownLeft = capped(left);
  const shownRight = capped(right);
  const rows = Math.max(shownLeft.length, shownRight.length, 1);
  const height = TOP + rows * ROW + 4;
  const claimH = 62;
  const claimY = TOP + (rows * ROW - (ROW - BOX_H)) / 2;
  const boxes = [
    ...shownLeft.map((b, i) => (typeof b === 'number' ? moreSvg(b, i, true) : boxSvg(b, i, shownLeft.length, claimY))),
    ...shownRight.map((b, i) => (typeof b === 'number' ? moreSvg(b, i, false) : boxSvg(b, i, shownRight.length, claimY))),
  ];
  const counted = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const desc = `${counted(c.support.length, 'voice')} for (left, solid arrows), ${counted(c.opposition.length, 'voice')} against (right, dashed arrows)${left.length + right.length > c.support.length + c.opposition.length ? ', and voices that do not count (dotted)' : ''}. The lists below name them.`;
  const statusWord = c.provisional ? `${c.status}, provisional` : c.status;
  const cx = CLAIM_X + CLAIM_W / 2;
  return [
    `<svg class="vd" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-labelledby="${key}-t ${key}-d">`,
    `<title id="${key}-t">Voices for and against ${esc(c.id)}</title><desc id="${key}-d">${esc(desc)}</desc>`,
    `<text x="0" y="16" class="h hf">FOR (${c.support.length})</text><text x="${W}" y="16" class="h ha">AGAINST (${c.opposition.length})</text>`,
    ...boxes,
    `<g class="c"><rect x="${CLAIM_X}" y="${claimY - claimH / 2}" width="${CLAIM_W}" height="${claimH}" rx="8"/>`,
    `<text x="${cx}" y="${claimY - 10}" class="k">CLAIM</text><text x="${cx}" y="${claimY + 6}" class="l">${esc(truncate(c.id, 22))}</text><text x="${cx}" y="${claimY + 22}" class="d">${esc(statusWord)}</text></g>`,
    '</svg>',
  ].join('');
}
