import { createHash } from 'node:crypto';
import type { QuoteContext } from '../report/evidence.js';
import { STATUS_LABEL, type ClaimVerdict, type Credibility, type DocumentEntity, type Finding, type Flag, type Reliability, type Report, type ReportAssertion, type ReportQuote, type Status, type Voice } from '../report/types.js';
import { commandFree, plural, type CommandEscapes } from '../util/text.js';
import { esc, httpUrl, langAttr } from './html/escape.js';
import { CSS } from './html/style.js';
import { icon, iconSymbols, voicesDiagram } from './html/svg.js';
import type { FormatOptions, Formatter } from './types.js';
import { figuresText } from './text.js';

// One self-contained page for the standards desk: no script, no request (a Content-Security-Policy that allows
// only the page's own stylesheet, by its hash), every text from a file escaped (src/format/html/escape.ts).
// Marks repeated for every quote or assertion are written as entities: a page of Latin-1 text then stays a
// one-byte string in V8, half the memory on a ledger of tens of thousands of assertions.

/** Statuses in the order the desk reads them: what needs a decision first, what is settled last. */
const STATUS_ORDER: readonly Status[] = ['contested', 'denied', 'unsupported', 'under-corroborated', 'single-source', 'corroborated'];

const FLAG_LABEL: Record<Flag, string> = {
  contested: 'contested',
  corroborated: 'also corroborated',
  'against-interest': 'against interest',
  'figure-disputed': 'figure disputed',
  provisional: 'provisional',
};

const RELIABILITY: Record<Reliability, string> = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'reliability cannot be judged',
};

const CREDIBILITY: Record<Credibility, string> = {
  1: 'confirmed',
  2: 'probably true',
  3: 'possibly true',
  4: 'doubtful',
  5: 'improbable',
  6: 'truth cannot be judged',
};

const STANCE_VERB: Record<string, string> = { asserts: 'asserts', corroborates: 'corroborates', denies: 'denies', disputes: 'disputes' };

// A guard over the whole page for a report printed in a CI log; file text was already escaped by esc().
const HTML_ESCAPES: CommandEscapes = { hash: '&#35;', colon: '&#58;' };

/** Everything the page needs to say about a claim beyond the report: its anchor, quote sentences, documents. */
interface Ctx {
  anchors: readonly string[];
  documents: ReadonlyMap<string, DocumentEntity> | undefined;
  contexts: ReadonlyArray<ReadonlyArray<QuoteContext | null>> | undefined;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;

/** A fragment id for each claim, by index: "claim-<id>" for a plain, unique id; "claim-n<index>" otherwise. */
function anchorsFor(claims: readonly ClaimVerdict[]): { anchors: string[]; byId: Map<string, string> } {
  const byId = new Map<string, string>();
  const anchors = claims.map((c, i) => {
    const anchor = SAFE_ID.test(c.id) && !byId.has(c.id) ? `claim-${c.id}` : `claim-n${i + 1}`;
    if (!byId.has(c.id)) byId.set(c.id, anchor);
    return anchor;
  });
  return { anchors, byId };
}

function badge(status: Status): string {
  return `<span class="badge s-${status}">${icon(status)}${STATUS_LABEL[status]}</span>`;
}

function flagChips(c: ClaimVerdict): string {
  return c.flags
    .filter((f) => f !== c.status)
    .map((f) => (f === 'provisional' ? `<span class="flag provisional">${icon('provisional')} Provisional</span>` : `<span class="flag">${FLAG_LABEL[f]}</span>`))
    .join('');
}

function gradeText(c: ClaimVerdict): string {
  const reliability = (c.grade[0] ?? 'F') as Reliability;
  return `<span class="grade">Grade ${esc(c.grade)}</span> <span class="grade-why">(source ${RELIABILITY[reliability] ?? 'reliability unknown'}; information ${CREDIBILITY[c.credibility]})</span>`;
}

/** Claims in reading order: contested first, then provisional ones, then the rest by status. */
function overviewGroups(claims: readonly ClaimVerdict[]): Array<{ key: string; title: string; items: Array<[ClaimVerdict, number]> }> {
  const indexed = claims.map((c, i) => [c, i] as [ClaimVerdict, number]);
  const groups = [
    { key: 'contested', title: 'Contested', items: indexed.filter(([c]) => c.status === 'contested') },
    { key: 'provisional', title: 'Provisional (the evidence has errors)', items: indexed.filter(([c]) => c.status !== 'contested' && c.provisional) },
    ...STATUS_ORDER.filter((s) => s !== 'contested').map((s) => ({ key: s, title: STATUS_LABEL[s], items: indexed.filter(([c]) => c.status === s && !c.provisional) })),
  ];
  return groups.filter((g) => g.items.length > 0);
}

/**
 * Most claims drawn in full. A page of tens of thousands of articles is more than a browser or a reader can take
 * (88,000 claims made a 275 MB page that took over 1 GiB to build); the rest are rows of the overview.
 */
export const MAX_DETAILED_CLAIMS = 2_000;

/** The claims drawn in full: the first MAX_DETAILED_CLAIMS in reading order (contested and provisional first). */
function detailedClaims(claims: readonly ClaimVerdict[]): Set<number> {
  const out = new Set<number>();
  for (const g of overviewGroups(claims)) {
    for (const [, i] of g.items) {
      if (out.size >= MAX_DETAILED_CLAIMS) return out;
      out.add(i);
    }
  }
  return out;
}

function overview(report: Report, anchors: readonly string[], detailed: ReadonlySet<number>): string[] {
  const out: string[] = ['<section aria-labelledby="overview-h" id="overview">', '<h2 id="overview-h">Overview</h2>'];
  const s = report.summary;
  out.push(
    '<ul class="totals">',
    `<li>${plural(s.claims, 'claim')}</li>`,
    ...STATUS_ORDER.filter((st) => s.statuses[st] > 0).map((st) => `<li>${badge(st)} ${s.statuses[st]}</li>`),
    ...(s.provisional > 0 ? [`<li><span class="flag provisional">${icon('provisional')} Provisional</span> ${s.provisional}</li>`] : []),
    `<li>${s.quotes.verified} of ${plural(s.quotes.total, 'quote')} verified</li>`,
    `<li>${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}</li>`,
    '</ul>',
  );
  if (report.claims.length === 0) out.push('<p>No claims were checked.</p>');
  for (const g of overviewGroups(report.claims)) {
    out.push(
      `<h3 id="group-${g.key}">${esc(g.title)} (${g.items.length})</h3>`,
      `<table aria-labelledby="group-${g.key}"><thead><tr><th scope="col">Claim</th><th scope="col">Status</th><th scope="col">Grade</th><th scope="col" class="num">For</th><th scope="col" class="num">Against</th><th scope="col">Statement</th></tr></thead><tbody>`,
      ...g.items.map(([c, i]) => `<tr><td>${detailed.has(i) ? `<a href="#${anchors[i]}"><code>${esc(c.id)}</code></a>` : `<code>${esc(c.id)}</code>`}</td><td>${badge(c.status)}${flagChips(c)}</td><td>${esc(c.grade)}</td><td class="num">${c.support.length}</td><td class="num">${c.opposition.length}</td><td dir="auto">${esc(c.statement)}</td></tr>`),
      '</tbody></table>',
    );
  }
  out.push('</section>');
  return out;
}

function voiceItem(v: Voice, names: ReadonlyMap<string, string>): string {
  const sources = v.party ? v.sources.map((id) => names.get(id) ?? id) : [];
  const stances = [...new Set(v.stances)].join(', ');
  const extra = [
    stances,
    v.reliability !== 'F' ? `reliability ${v.reliability}` : '',
    v.figure ? `gives ${v.figure.low === v.figure.high ? v.figure.low : `${v.figure.low}–${v.figure.high}`}` : '',
    v.through?.length ? `through ${v.through.join(', ')}` : '',
  ].filter(Boolean);
  return `<li><bdi>${esc(v.label)}</bdi>${extra.length ? ` <span class="note">(${esc(extra.join('; '))})</span>` : ''}${sources.length ? `: <span class="note">${sources.map((n) => `<bdi>${esc(n)}</bdi>`).join(', ')}</span>` : ''}</li>`;
}

function voiceList(title: string, cls: string, sign: string, voices: readonly Voice[], notCounted: readonly Voice[], names: ReadonlyMap<string, string>): string {
  const items = voices.map((v) => voiceItem(v, names));
  const unproven = notCounted.map((v) => voiceItem(v, names));
  return [
    `<div><p class="${cls}"><strong>${sign} ${title} (${voices.length})</strong></p>`,
    items.length ? `<ul>${items.join('')}</ul>` : '<p class="note">None.</p>',
    unproven.length ? `<p class="note not-counted">&#9675; Not counted (no verified quote):</p><ul>${unproven.join('')}</ul>` : '',
    '</div>',
  ].join('');
}

function documentCaption(q: ReportQuote, doc: DocumentEntity | undefined): string {
  const parts: string[] = [];
  const name = doc?.title ?? q.document;
  parts.push(`<cite dir="auto">${esc(name)}</cite>`);
  if (doc?.title) parts.push(`<code>${esc(q.document)}</code>`);
  if (doc?.publisher) parts.push(`<bdi>${esc(doc.publisher)}</bdi>`);
  if (doc?.published) parts.push(esc(doc.published));
  if (q.match) parts.push(`<code>${esc(q.match.path)}:${q.match.line}</code>`);
  const url = httpUrl(doc?.url);
  if (url) parts.push(`<a href="${esc(url)}">online</a>`);
  const verdict =
    q.verification === 'verified' ? `<span class="verified">&#10003; verified</span>`
    : q.verification === 'not-found' ? `<span class="not-found">&#10007; NOT FOUND in the document</span>`
    : `<span class="unverifiable">? unverifiable: no local text</span>`;
  return `${verdict} · ${parts.join(' · ')}`;
}

function quoteFigure(q: ReportQuote, context: QuoteContext | null | undefined, ctx: Ctx): string {
  const doc = ctx.documents?.get(q.document);
  // The sentence is in the document's language; without one, the language is unknown (lang=""), not English.
  const lang = langAttr(q.lang ?? doc?.language) || ' lang=""';
  const body = context
    ? `${esc(context.before)}<mark>${esc(context.match)}</mark>${esc(context.after)}`
    : q.verification === 'verified' ? `<mark>${esc(q.text)}</mark>` : esc(q.text);
  const translation = q.translation ? `<p class="translation"><span class="note">Translation:</span> <span dir="auto">${esc(q.translation)}</span></p>` : '';
  return `<figure class="quote"><blockquote${lang} dir="auto"${q.verification === 'verified' ? '' : ' class="missing"'}>${body}</blockquote><figcaption>${documentCaption(q, doc)}</figcaption>${translation}</figure>`;
}

function assertionBlock(a: ReportAssertion, contexts: ReadonlyArray<QuoteContext | null> | undefined, ctx: Ctx): string {
  const cls = !a.proven ? 'unproven' : a.side === 'support' ? 'for' : 'against';
  const when = [a.date, a.channel].filter((x): x is string => Boolean(x)).map(esc).join(', ');
  const out = [
    `<div class="assertion ${cls}">`,
    `<p class="who"><strong><bdi>${esc(a.sourceName)}</bdi></strong> <span class="note">[${a.party ? esc(a.party) : 'no party'}]</span> <span class="stance">${STANCE_VERB[a.stance] ?? esc(a.stance)}</span>${when ? ` <span class="note">(${when})</span>` : ''}${a.reliability !== 'F' ? ` <span class="note">reliability ${a.reliability}</span>` : ''}${a.againstInterest ? ' <span class="flag">against interest</span>' : ''}${a.proven ? '' : ' <span class="flag provisional">&#9675; not counted</span>'}</p>`,
  ];
  if (a.quotes.length === 0) out.push('<p class="note not-counted">No quote: the stance is not supported by evidence.</p>');
  else if (!a.proven && a.unproven) out.push(`<p class="note not-counted">Not counted: ${esc(a.unproven)}</p>`);
  if (a.via?.length) out.push(`<p class="note">Via ${a.via.map((v) => `<bdi>${esc(v)}</bdi>`).join(' &rarr; ')} (passed the words on; no voice of their own)</p>`);
  if (a.value) out.push(`<p class="note">Gives ${a.value.low === a.value.high ? a.value.low : `${a.value.low}&ndash;${a.value.high}`}</p>`);
  if (a.notes) out.push(`<p class="note" dir="auto">Note: ${esc(a.notes)}</p>`);
  if (a.sourceNotes) out.push(`<p class="note" dir="auto">About the source: ${esc(a.sourceNotes)}</p>`);
  a.quotes.forEach((q, k) => out.push(quoteFigure(q, contexts?.[k], ctx)));
  out.push('</div>');
  return out.join('');
}

const SEVERITY_LABEL: Record<Finding['severity'], string> = { error: 'Error', warning: 'Warning', info: 'Note' };

function findingRow(f: Finding): string {
  return `<tr><td class="sev-${f.severity}">${icon(f.severity)} ${SEVERITY_LABEL[f.severity]}</td><td><code>${esc(`${f.file}:${f.line}:${f.column}`)}</code></td><td dir="auto">${esc(f.message)}</td><td><code>${esc(f.ruleId)}</code></td></tr>`;
}

function findingsTable(findings: readonly Finding[], labelledBy: string): string {
  return `<table aria-labelledby="${labelledBy}"><thead><tr><th scope="col">Severity</th><th scope="col">Where</th><th scope="col">Message</th><th scope="col">Rule</th></tr></thead><tbody>${findings.map(findingRow).join('')}</tbody></table>`;
}

function claimArticle(c: ClaimVerdict, index: number, ctx: Ctx, byId: ReadonlyMap<string, string>, findings: readonly Finding[]): string {
  const anchor = ctx.anchors[index]!;
  const names = new Map(c.assertions.map((a) => [a.source, a.sourceName]));
  const meta = [`<code>${esc(c.id)}</code>`, `<code>${esc(`${c.file}:${c.line}`)}</code>`, c.eventDate ? `event ${esc(c.eventDate)}` : '', c.places.length ? `<bdi>${esc(c.places.join(', '))}</bdi>` : ''].filter(Boolean);
  const out = [
    `<article class="claim" id="${anchor}" aria-labelledby="${anchor}-h">`,
    '<header>',
    `<p class="meta">${meta.join(' · ')}</p>`,
    `<h3 id="${anchor}-h" dir="auto">${esc(c.statement)}</h3>`,
    `<p class="verdict">${badge(c.status)}${flagChips(c)} ${gradeText(c)}</p>`,
    '</header>',
  ];
  if (c.provisional) {
    out.push(`<div class="provisional-note" role="note"><strong>${icon('provisional')} Provisional:</strong> this verdict rests on evidence with errors. Fix them before relying on it.<ul>${c.provisionalBecause.map((r) => `<li>${esc(r)}</li>`).join('')}</ul></div>`);
  }
  out.push(`<p dir="auto">${esc(c.explanation)}</p>`);
  const figures = figuresText(c);
  if (figures) out.push(`<p><strong>Figures:</strong> ${esc(figures)}${c.figures?.disputed ? ' <span class="flag">figure disputed</span>' : ''}</p>`);
  if (c.favours?.length) out.push(`<p class="note">Favours: ${c.favours.map((p) => `<bdi>${esc(p)}</bdi>`).join(', ')}</p>`);
  if (c.contradicts?.length) {
    const links = c.contradicts.map((id) => (byId.has(id) ? `<a href="#${byId.get(id)}"><code>${esc(id)}</code></a>` : `<code>${esc(id)}</code>`));
    out.push(`<p class="note">Cannot be true together with: ${links.join(', ')}</p>`);
  }
  if (c.notes) out.push(`<p class="note" dir="auto">Notes: ${esc(c.notes)}</p>`);
  out.push(
    `<h4 id="${anchor}-voices">Voices</h4>`,
    `<figure class="voices" aria-labelledby="${anchor}-voices">${voicesDiagram(c, `${anchor}-v`)}</figure>`,
    `<div class="voice-lists">${voiceList('For', 'side-for', '+', c.support, c.unproven.support, names)}${voiceList('Against', 'side-against', '&minus;', c.opposition, c.unproven.opposition, names)}</div>`,
  );
  if (c.folded.length) out.push(`<p class="note">Folded into one voice:</p><ul>${c.folded.map((f) => `<li dir="auto">${esc(f)}</li>`).join('')}</ul>`);
  for (const side of ['support', 'opposition'] as const) {
    const items = c.assertions.map((a, i) => [a, i] as const).filter(([a]) => a.side === side);
    if (items.length === 0) continue;
    out.push(`<h4>${side === 'support' ? 'Evidence for' : 'Evidence against'}</h4>`);
    for (const [a, i] of items) out.push(assertionBlock(a, ctx.contexts?.[i], ctx));
  }
  if (findings.length) out.push(`<h4 id="${anchor}-problems">Problems</h4>`, findingsTable(findings, `${anchor}-problems`));
  out.push('<p class="back"><a href="#overview">Back to the overview</a></p>', '</article>');
  return out.join('\n');
}

/** The HTML report: overview by status, then every claim with its voices and evidence, then every finding. */
export const formatHtml: Formatter = (report: Report, options: FormatOptions): string => {
  const { anchors, byId } = anchorsFor(report.claims);
  const detailed = detailedClaims(report.claims);
  // Links go only to claims drawn on the page.
  report.claims.forEach((c, i) => {
    if (!detailed.has(i) && byId.get(c.id) === anchors[i]) byId.delete(c.id);
  });
  const findings = options.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
  const claimIds = new Set(report.claims.filter((_, i) => detailed.has(i)).map((c) => c.id));
  const byClaim = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.claimId === undefined) continue;
    const list = byClaim.get(f.claimId);
    if (list) list.push(f);
    else byClaim.set(f.claimId, [f]);
  }
  const s = report.summary;
  const contested = s.statuses.contested;
  const title = `Claims report: ${plural(s.claims, 'claim')}${contested ? `, ${contested} contested` : ''}${s.provisional ? `, ${s.provisional} provisional` : ''}`;
  const style = CSS;
  const styleHash = createHash('sha256').update(style, 'utf8').digest('base64');
  // Nothing may load or run: no script at all, only this stylesheet, images only as data: (the blank favicon).
  const csp = `default-src 'none'; style-src 'sha256-${styleHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const body: string[] = [];
  body.push(
    iconSymbols(),
    '<a class="skip" href="#claims">Skip to the claims</a>',
    '<header class="page-head">',
    `<h1>${esc(title)}</h1>`,
    `<p class="lede">Corroborated means at least ${report.policy.corroborationThreshold} independent supporting voices; only voices with a verified quote count. The grade is the Admiralty grade: source reliability A&ndash;F, then information credibility 1&ndash;6.${s.errors ? ` <strong class="sev-error">${icon('error')} ${plural(s.errors, 'error')}</strong> in the ledger: verdicts that rest on them are marked provisional.` : ''}</p>`,
    `<nav aria-label="Sections"><ul class="sections"><li><a href="#overview">Overview</a></li><li><a href="#claims">Claims</a></li>${findings.length ? '<li><a href="#findings">Findings</a></li>' : ''}</ul></nav>`,
    '</header>',
    '<main>',
    ...overview(report, anchors, detailed),
    '<section aria-labelledby="claims-h" id="claims" tabindex="-1">',
    '<h2 id="claims-h">Claims</h2>',
  );
  const left = report.claims.length - detailed.size;
  if (left > 0) body.push(`<p class="note" role="note">The first ${detailed.size.toLocaleString('en-US')} claims in reading order (contested and provisional first) are shown in full; ${plural(left, 'more claim is', 'more claims are')} listed in the overview only. The JSON report (<code>--format json</code>) holds every claim.</p>`);
  // One push per claim: spread into one call, 100,000 articles overflow the stack.
  report.claims.forEach((c, i) => {
    if (detailed.has(i)) body.push(claimArticle(c, i, { anchors, documents: options.documents, contexts: options.quoteContexts?.[i] }, byId, byClaim.get(c.id) ?? []));
  });
  body.push('</section>');
  // A finding about a claim is listed under it (once: a page of 60,000 findings is large enough); the rest here.
  const rest = findings.filter((f) => f.claimId === undefined || !claimIds.has(f.claimId));
  if (findings.length) {
    const elsewhere = findings.length - rest.length;
    body.push(
      '<section aria-labelledby="findings-h" id="findings">',
      '<h2 id="findings-h">Findings</h2>',
      ...(elsewhere ? [`<p class="note">${plural(elsewhere, 'finding about a claim is', 'findings about claims are')} listed under ${elsewhere === 1 ? 'its claim' : 'their claims'}${rest.length ? '; the others are here' : ''}.</p>`] : []),
      ...(rest.length ? [findingsTable(rest, 'findings-h')] : []),
      '</section>',
    );
  }
  body.push('</main>', `<footer class="page-foot"><p>${esc(`${report.tool.name} ${report.tool.version}`)} · report ${esc(report.reportVersion)} · ${plural(s.files, 'file')}, ${plural(s.sources, 'source')}, ${plural(s.documents, 'document')}</p></footer>`);
  const page = [
    '<!doctype html>',
    '<html lang="en" dir="ltr">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<meta name="generator" content="${esc(`${report.tool.name} ${report.tool.version}`)}">`,
    `<title>${esc(title)}</title>`,
    '<link rel="icon" href="data:,">',
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return commandFree(page, HTML_ESCAPES);
};
