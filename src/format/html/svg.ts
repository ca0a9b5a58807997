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

/** A 16×16 icon that repeats what the text next to it says (hidden from screen readers, which read the text). */
export function icon(name: IconName): string {
  return `<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">${ICON_PATHS[name]}</svg>`;
}

const W = 760;
const BOX_W = 236;
const CLAIM_X = 292;
const CLAIM_W = 176;
const RIGHT_X = W - BOX_W;
const ROW = 54;
const BOX_H = 42;
const TOP = 30;

const SIDE = {
  for: { stroke: '#1b5e20', fill: '#e8f3e9', dash: '', sign: '+' },
  against: { stroke: '#a31515', fill: '#fbeaea', dash: ' stroke-dasharray="7 4"', sign: '−' },
  unproven: { stroke: '#5a5a5a', fill: '#f2f2f2', dash: ' stroke-dasharray="2 3"', sign: '○' },
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

function boxSvg(b: Box, row: number, count: number, claimY: number, marker: string): string {
  const s = SIDE[b.side];
  const x = b.left ? 0 : RIGHT_X;
  const y = TOP + row * ROW;
  const label = `${s.sign} ${b.voice.label}`;
  const d = detail(b.voice, b.side);
  // Support points at the claim; opposition too, from the other side; both end at the claim box's edge.
  const x1 = b.left ? x + BOX_W : x;
  const x2 = b.left ? CLAIM_X - 2 : CLAIM_X + CLAIM_W + 2;
  const tx = x + 10;
  return [
    `<g><title>${esc(`${b.side === 'for' ? 'For' : b.side === 'against' ? 'Against' : 'Not counted'}: ${b.voice.label} (${d})`)}</title>`,
    `<line x1="${x1}" y1="${y + BOX_H / 2}" x2="${x2}" y2="${arrowEnd(row, count, claimY)}" stroke="${s.stroke}" stroke-width="2"${s.dash} marker-end="url(#${marker})"/>`,
    `<rect x="${x + 1}" y="${y}" width="${BOX_W - 2}" height="${BOX_H}" rx="6" fill="${s.fill}" stroke="${s.stroke}" stroke-width="2"${s.dash}/>`,
    `<text x="${tx}" y="${y + 17}" font-size="13" font-weight="700" fill="#1b1b1b">${esc(truncate(label, 28))}</text>`,
    `<text x="${tx}" y="${y + 33}" font-size="11.5" fill="#3a3a3a">${esc(truncate(d, 38))}</text>`,
    '</g>',
  ].join('');
}

/**
 * The voices for a claim (left, solid lines, "+") and against it (right, dashed lines, "−"), each an arrow to
 * the claim; voices that do not count (no verified quote) drawn dotted, marked "○ not counted". `key` makes
 * the ids of this diagram unique in the page.
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
  const rows = Math.max(left.length, right.length, 1);
  const height = TOP + rows * ROW + 4;
  const claimH = 62;
  const claimY = TOP + (rows * ROW - (ROW - BOX_H)) / 2;
  const markers = (Object.keys(SIDE) as Side[])
    .map((side) => `<marker id="${key}-${side}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${SIDE[side].stroke}"/></marker>`)
    .join('');
  const boxes = [
    ...left.map((b, i) => boxSvg(b, i, left.length, claimY, `${key}-${b.side}`)),
    ...right.map((b, i) => boxSvg(b, i, right.length, claimY, `${key}-${b.side}`)),
  ];
  const counted = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const desc = `${counted(c.support.length, 'voice')} for (left, solid arrows), ${counted(c.opposition.length, 'voice')} against (right, dashed arrows)${left.length + right.length > c.support.length + c.opposition.length ? ', and voices that do not count (dotted)' : ''}. The lists below name them.`;
  const statusWord = c.provisional ? `${c.status}, provisional` : c.status;
  return [
    `<svg viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-labelledby="${key}-t ${key}-d" font-family="system-ui, 'DejaVu Sans', sans-serif">`,
    `<title id="${key}-t">Voices for and against ${esc(c.id)}</title><desc id="${key}-d">${esc(desc)}</desc>`,
    `<defs>${markers}</defs>`,
    `<text x="0" y="16" font-size="12.5" font-weight="700" fill="#1b5e20">FOR (${c.support.length})</text>`,
    `<text x="${W}" y="16" font-size="12.5" font-weight="700" fill="#a31515" text-anchor="end">AGAINST (${c.opposition.length})</text>`,
    ...boxes,
    `<rect x="${CLAIM_X}" y="${claimY - claimH / 2}" width="${CLAIM_W}" height="${claimH}" rx="8" fill="#ffffff" stroke="#1b1b1b" stroke-width="2.5"/>`,
    `<text x="${CLAIM_X + CLAIM_W / 2}" y="${claimY - 10}" font-size="11" fill="#4a4a4a" text-anchor="middle">CLAIM</text>`,
    `<text x="${CLAIM_X + CLAIM_W / 2}" y="${claimY + 6}" font-size="12.5" font-weight="700" fill="#1b1b1b" text-anchor="middle">${esc(truncate(c.id, 22))}</text>`,
    `<text x="${CLAIM_X + CLAIM_W / 2}" y="${claimY + 22}" font-size="11.5" fill="#1b1b1b" text-anchor="middle">${esc(statusWord)}</text>`,
    '</svg>',
  ].join('');
}
