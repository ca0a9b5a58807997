import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { stringify } from 'yaml';
import { appendToList, type Json } from '../edit/yaml-list.js';
import { closestPassage, findPieces, lineColAt, lineStarts, matchQuote, MAX_ELISION_GAP, normalizeForMatch, overElided, quotePieces, wordAt, wordBefore, wordIndex, type Normalized } from '../validate/match.js';
import { STANCES, type DocumentEntity } from '../report/types.js';
import { relPosix } from '../util/fs.js';
import { didYouMean, inert, listWords, truncate } from '../util/text.js';
import { UsageError } from './errors.js';
import type { IO } from './io.js';
import { loadLedger, readLedgerFile, unknownId, writeLedgerFile } from './ledger.js';

/** Most matches listed. */
const MAX_MATCHES = 20;
/** Passages shown when nothing matches. */
const MAX_CLOSEST = 3;

/** One place the words were found: the document's own characters there, and its line. */
export interface Passage {
  text: string;
  line: number;
}

const OPENING = '«“„‹"';
const CLOSING = '»”“›"';
/** Quotation marks opened and not closed in s (positive), or closed and not opened (negative). */
function openMarks(s: string): number {
  let open = 0;
  for (const ch of s) {
    if (ch === '"') open += open > 0 ? -1 : 1;
    else if ('«„‹'.includes(ch) || (ch === '“' && !s.includes('„'))) open++;
    else if ('»›”'.includes(ch) || (ch === '“' && s.includes('„'))) open--;
  }
  return open;
}

/**
 * The original text of normalised offsets [start, end), on one line (a line break inside is a space, as check reads
 * it). The quotation mark that closes one opened inside (or opens one closed inside) is taken in when it stands
 * right there, as the matching drops quotation marks around a quote.
 */
function original(text: string, norm: Normalized, start: number, end: number): string {
  let from = norm.map[start]!;
  let to = norm.map[end] ?? text.length;
  const open = openMarks(text.slice(from, to));
  if (open > 0) {
    const m = /^[\s\u00a0\u202f]?(.)/u.exec(text.slice(to, to + 3));
    if (m && CLOSING.includes(m[1]!)) to += m[0].length;
  } else if (open < 0) {
    const m = /(.)[\s\u00a0\u202f]?$/u.exec(text.slice(Math.max(0, from - 3), from));
    if (m && OPENING.includes(m[1]!)) from -= m[0].length;
  }
  return text.slice(from, to).replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** What the search for the words found: the passages, or why a quote of them would not pass `claims check`. */
export type Search = { passages: Passage[] } | { overElided: string } | { insideWords: Passage };

/** The end of the word that `at` is inside (or `at` itself when it is not inside a word). */
function pastWord(s: string, at: number): number {
  while (at < s.length && wordBefore(s, at) && wordAt(s, at)) at++;
  return at;
}

/**
 * Every place (up to MAX_MATCHES) where the words occur, matched as `claims check` matches a quote: typography
 * aside, exact, on whole words, not over-elided. An elided search ("a ... b") gives each piece as printed, joined by
 * " […] ". When the words occur only inside longer words, the first such passage is given widened to whole words.
 */
export function searchPassages(text: string, words: string): Search {
  const norm = normalizeForMatch(text);
  const pieces = quotePieces(words);
  if (pieces.length === 0) return { passages: [] };
  const tooMuch = overElided(pieces);
  if (tooMuch !== undefined) return { overElided: tooMuch };
  const starts = lineStarts(text);
  const out: Passage[] = [];
  const at: number[] = [];
  for (let from = 0; out.length < MAX_MATCHES; ) {
    // A slice that starts inside a word would let a piece start mid-word: searches resume past the word.
    const found = matchQuote(from === 0 ? norm.text : norm.text.slice(from), pieces, undefined, at);
    if (!found) break;
    if ('over' in found) {
      if (out.length === 0) return { overElided: found.over };
      break;
    }
    const start = found.start + from;
    const parts = pieces.map((p, i) => original(text, norm, at[i]! + from, at[i]! + from + p.length));
    out.push({ text: parts.join(' […] '), line: lineColAt(starts, norm.map[start]!).line });
    from = pastWord(norm.text, start + 1);
  }
  if (out.length > 0) return { passages: out };
  const loose = findPieces(norm.text, pieces, MAX_ELISION_GAP, undefined, false, at);
  if (!loose) return { passages: [] };
  const parts = pieces.map((p, i) => {
    let s = at[i]!;
    let e = at[i]! + p.length;
    while (s > 0 && wordBefore(norm.text, s) && wordAt(norm.text, s)) s--;
    e = pastWord(norm.text, e);
    return original(text, norm, s, e);
  });
  return { insideWords: { text: parts.join(' […] '), line: lineColAt(starts, norm.map[loose.start]!).line } };
}

/** The passages where the words occur as `claims check` would verify them (see searchPassages). */
export function findPassages(text: string, words: string): Passage[] {
  const r = searchPassages(text, words);
  return 'passages' in r ? r.passages : [];
}

/**
 * The passages most like the words, each with its line and similarity, from the whole quote and from each half.
 * Searched in the text as printed, where a quotation mark never joins two words (the matching form removes the
 * space before one, so «avaient «hissé» would be one word there).
 */
export function closestPassages(text: string, words: string): Array<Passage & { similarity: number }> {
  const index = wordIndex(text);
  const starts = lineStarts(text);
  const w = words.trim().split(/\s+/);
  const half = Math.ceil(w.length / 2);
  const tries = [w.join(' '), ...(w.length >= 4 ? [w.slice(0, half).join(' '), w.slice(half).join(' ')] : [])];
  const out: Array<Passage & { similarity: number }> = [];
  for (const t of tries) {
    const c = closestPassage(text, t, index);
    if (!c) continue;
    const passage = truncate(text.slice(c.start, c.end).replace(/\s+/g, ' '), 200);
    if (!out.some((o) => o.text.includes(passage))) out.push({ text: passage, line: lineColAt(starts, c.start).line, similarity: c.similarity });
  }
  return out.filter((o) => !out.some((p) => p !== o && p.text.includes(o.text))).slice(0, MAX_CLOSEST);
}

/** The quote as a YAML list item, ready to paste under `quotes:`. */
function quoteYaml(q: Record<string, Json>): string {
  return stringify([q], { lineWidth: 0 });
}

/** Where in the claims file the quote goes: an assertion of that source and stance, or a new assertion. */
function placeOf(fileText: string, claimId: string, source: string, stance: string): { path: Array<string | number>; existing?: unknown } | undefined {
  const doc = parseDocument(fileText, { uniqueKeys: false });
  const claims = isMap(doc.contents) ? doc.contents.get('claims', true) : undefined;
  if (!isSeq(claims)) return undefined;
  const ci = claims.items.findIndex((c) => isMap(c) && c.get('id') === claimId);
  if (ci === -1) return undefined;
  const claim = claims.items[ci];
  const assertions = isMap(claim) ? claim.get('assertions', true) : undefined;
  if (isSeq(assertions)) {
    const ai = assertions.items.findIndex((a) => isMap(a) && a.get('source') === source && a.get('stance') === stance);
    if (ai !== -1) {
      const quotes = (assertions.items[ai] as { get(k: string, keep: true): unknown }).get('quotes', true);
      return { path: ['claims', ci, 'assertions', ai, 'quotes'], existing: isSeq(quotes) ? quotes.toJSON() : undefined };
    }
  } else if (assertions !== undefined && !(isScalar(assertions) && assertions.value === null)) return undefined;
  return { path: ['claims', ci, 'assertions'] };
}

function documentOf(docs: ReadonlyMap<string, DocumentEntity>, id: string): DocumentEntity {
  const d = docs.get(id);
  if (!d) throw unknownId('document', id, docs.keys());
  if (d.path === undefined) throw new UsageError(`document "${inert(id)}" has no text file (only a URL), so there is nothing to search. Save its text in the project and set its path.`);
  return d;
}

/**
 * `claims quote <document-id> <words…>`: find the words in the document's text and print a ready YAML quote (its
 * exact characters as printed), or, with --claim, --source and --stance, add it to that claim (to the assertion of
 * that source and stance, or as a new assertion). Exit 1 when the words are not in the text (the closest passages
 * are shown); exit 2 for an unknown id.
 */
export async function quoteCommand(docId: string, words: string[], opts: Record<string, unknown>, io: IO): Promise<number> {
  const claimId = opts['claim'] as string | undefined;
  const source = opts['source'] as string | undefined;
  const stance = opts['stance'] as string | undefined;
  const given = { '--claim': claimId, '--source': source, '--stance': stance };
  const missing = Object.entries(given).filter(([, v]) => v === undefined).map(([k]) => k);
  if (missing.length > 0 && missing.length < 3) throw new UsageError(`missing ${listWords(missing)}: adding the quote to a claim needs --claim, --source and --stance together.`);
  if (stance !== undefined && !(STANCES as readonly string[]).includes(stance)) throw new UsageError(`--stance "${inert(stance)}" is not a stance. Use ${listWords([...STANCES], 'or')}.${didYouMean(stance, STANCES)}`);
  const phrase = words.join(' ').trim();
  if (quotePieces(phrase).length === 0) throw new UsageError('give the words to find, for example: claims quote afp-spin-boldak-fr "s\'être emparés"');
  const { config, result } = await loadLedger(opts, io);
  const doc = documentOf(result.corpus.documents, docId);
  const claim = claimId === undefined ? undefined : result.corpus.claims.find((c) => c.id === claimId);
  if (claimId !== undefined && !claim) throw unknownId('claim', claimId, result.corpus.claims.map((c) => c.id));
  if (source !== undefined && !result.corpus.sources.has(source)) throw unknownId('source', source, result.corpus.sources.keys());
  const t = result.texts.get(doc.id);
  if (!t) {
    const why = result.report.findings.find((f) => f.file === doc.file && f.line === (doc.pathLoc ?? doc.loc).line && f.severity === 'error');
    throw new UsageError(`the text of document "${inert(doc.id)}" could not be read${why ? `: ${inert(why.message)}` : ''}.`);
  }
  const text = t.read();
  const search = searchPassages(text, phrase);
  const where = (line: number) => `${t.path}:${line}`;
  if ('overElided' in search) {
    io.stderr(`claims: a quote of these words would not pass claims check: ${inert(search.overElided)}\n`);
    return 1;
  }
  if ('insideWords' in search) {
    const w = search.insideWords;
    io.stderr(`claims: these words occur in document "${inert(doc.id)}" only as part of longer words, and claims check matches whole words only. At ${inert(where(w.line))} the whole words are: ${inert(JSON.stringify(w.text))}. Quote them as printed.\n`);
    return 1;
  }
  const found = search.passages;
  if (found.length === 0) {
    const near = closestPassages(text, phrase);
    const lines = near.map((n) => `  ${inert(where(n.line))} (${Math.round(n.similarity * 100)}% similar): ${inert(JSON.stringify(n.text))}\n`);
    io.stderr(`claims: these words are not in document "${inert(doc.id)}" (${inert(t.path)}), even with typography aside.${near.length ? ` The closest ${near.length === 1 ? 'passage' : `${near.length} passages`}:\n${lines.join('')}` : ' No word of them occurs in it.\n'}Quotes must be verbatim: copy the words exactly as printed.\n`);
    return 1;
  }
  const forms = [...new Set(found.map((f) => f.text))];
  const quote: Record<string, Json> = { document: doc.id, ...(doc.language !== undefined && { lang: doc.language }), text: forms[0]! };
  if (opts['translation'] !== undefined) quote['translation'] = String(opts['translation']);
  const at = [...new Set(found.map((f) => f.line))];
  const several = found.length > 1 ? ` (${found.length}${found.length === MAX_MATCHES ? ' or more' : ''} matches, at ${listWords(at.map((l) => `line ${l}`))}; check counts the first)` : '';
  if (claim === undefined) {
    for (const [i, form] of forms.entries()) {
      const lines = [...new Set(found.filter((f) => f.text === form).map((f) => f.line))];
      io.stdout(`${i > 0 ? '\n' : ''}# ${inert(where(lines[0]!))}${lines.length > 1 ? ` (also at ${lines.slice(1).map((l) => `line ${l}`).join(', ')})` : ''}\n${inert(quoteYaml({ ...quote, text: form }), { keepNewlines: true })}`);
    }
    if (forms.length > 1) io.stderr(`claims: the words are printed in ${forms.length} forms in this document; each is shown above.\n`);
    return 0;
  }
  const fileText = readLedgerFile(config, claim.file);
  const place = fileText === undefined ? undefined : placeOf(fileText, claim.id, source!, stance!);
  if (fileText === undefined || !place) throw new UsageError(`claim "${inert(claim.id)}" could not be found in ${inert(claim.file)} to add the quote; add it by hand.`);
  const existing = Array.isArray(place.existing) ? (place.existing as Array<Record<string, unknown>>) : [];
  if (existing.some((q) => q['document'] === quote['document'] && q['text'] === quote['text'])) {
    io.stdout(`claim "${inert(claim.id)}" already has this quote from ${inert(source!)} (${inert(stance!)}): nothing to add.\n`);
    return 0;
  }
  const entry: Json = place.path.at(-1) === 'quotes' ? quote : { source: source!, stance: stance!, quotes: [quote] };
  const edit = appendToList(fileText, place.path, entry);
  if ('error' in edit) throw new UsageError(`${inert(claim.file)}: ${edit.error}; nothing was written.`);
  await writeLedgerFile(config, claim.file, edit.text);
  const shown = relPosix(io.cwd, path.resolve(config.root, claim.file));
  io.stdout(`added ${place.path.at(-1) === 'quotes' ? 'the quote to the assertion' : 'an assertion'} of ${inert(source!)} (${inert(stance!)}) on claim "${inert(claim.id)}" in ${inert(shown)}:${edit.line}, from ${inert(where(found[0]!.line))}${several}\n`);
  return 0;
}
