import { STATUSES, type Status } from '../report/types.js';
import { byCodeUnits, commandFreeJson, didYouMean, inert, listWords, safeJson } from '../util/text.js';
import { cells as cellWidth, padCells } from '../util/width.js';
import { UsageError } from './errors.js';
import type { IO } from './io.js';
import { loadLedger, unknownId, type Ledger } from './ledger.js';

export const LIST_KINDS = ['claims', 'sources', 'documents', 'parties'] as const;
type ListKind = (typeof LIST_KINDS)[number];

type Row = Record<string, string | number | boolean | string[] | null>;

interface Filters {
  statuses?: Status[];
  party?: string;
  document?: string;
}

function filtersOf(kind: ListKind, opts: Record<string, unknown>, ledger: Ledger): Filters {
  const { corpus } = ledger.result;
  const f: Filters = {};
  if (opts['status'] !== undefined) {
    if (kind !== 'claims') throw new UsageError('--status chooses claims: use it with "claims list claims".');
    const names = String(opts['status']).split(',').map((s) => s.trim()).filter(Boolean);
    for (const n of names) if (!(STATUSES as readonly string[]).includes(n)) throw new UsageError(`--status: "${inert(n)}" is not a status. Use ${listWords([...STATUSES], 'or')}.${didYouMean(n, STATUSES)}`);
    f.statuses = names as Status[];
  }
  if (opts['party'] !== undefined) {
    if (kind === 'documents' || kind === 'parties') throw new UsageError(`--party chooses claims or sources, not ${kind}.`);
    const party = String(opts['party']);
    const known = partiesOf(ledger).map((p) => p.id);
    if (!known.includes(party)) throw unknownId('party', party, known);
    f.party = party;
  }
  if (opts['document'] !== undefined) {
    if (kind === 'documents' || kind === 'parties') throw new UsageError(`--document chooses claims or sources, not ${kind}.`);
    const doc = String(opts['document']);
    if (!corpus.documents.has(doc)) throw unknownId('document', doc, corpus.documents.keys());
    f.document = doc;
  }
  return f;
}

/** Parties: those the configuration lists, and those sources name, with how many sources speak for each. */
function partiesOf({ config, result }: Ledger): Array<{ id: string; sources: number; configured: boolean }> {
  const count = new Map<string, number>();
  for (const p of config.parties ?? []) count.set(p, 0);
  for (const s of result.corpus.sources.values()) if (s.party) count.set(s.party, (count.get(s.party) ?? 0) + 1);
  return [...count].map(([id, sources]) => ({ id, sources, configured: (config.parties ?? []).includes(id) })).sort((a, b) => byCodeUnits(a.id, b.id));
}

/** The rows of one list, filtered. */
export function listRows(kind: ListKind, ledger: Ledger, f: Filters): Row[] {
  const { corpus, report } = ledger.result;
  const partyOf = (source: string) => corpus.sources.get(source)?.party ?? null;
  switch (kind) {
    case 'claims': {
      const entities = new Map(corpus.claims.map((c) => [c.id, c]));
      return report.claims
        .filter((c) => !f.statuses || f.statuses.includes(c.status))
        .filter((c) => !f.party || (entities.get(c.id)?.assertions ?? []).some((a) => partyOf(a.source) === f.party))
        .filter((c) => !f.document || (entities.get(c.id)?.assertions ?? []).some((a) => a.quotes.some((q) => q.document === f.document)))
        .map((c) => ({ id: c.id, status: c.status, provisional: c.provisional, grade: c.grade, statement: c.statement, file: c.file, line: c.line }));
    }
    case 'sources': {
      const quoted = new Set<string>();
      if (f.document) for (const c of corpus.claims) for (const a of c.assertions) if (a.quotes.some((q) => q.document === f.document)) quoted.add(a.source);
      return [...corpus.sources.values()]
        .filter((s) => !f.party || s.party === f.party)
        .filter((s) => !f.document || quoted.has(s.id))
        .map((s) => ({ id: s.id, name: s.name, party: s.party ?? null, kind: s.kind ?? 'person', file: s.file, line: s.loc.line }));
    }
    case 'documents':
      return [...corpus.documents.values()].map((d) => ({ id: d.id, publisher: d.publisher ?? null, language: d.language ?? null, published: d.published ?? null, path: d.path ?? null, url: d.url ?? null, file: d.file, line: d.loc.line }));
    case 'parties':
      return partiesOf(ledger).map((p) => ({ id: p.id, sources: p.sources, configured: p.configured }));
  }
}

/** Columns shown in text, per list (the rest is in JSON). */
const COLUMNS: Record<ListKind, string[]> = {
  claims: ['id', 'status', 'statement'],
  sources: ['id', 'party', 'name'],
  documents: ['id', 'language', 'publisher', 'path'],
  parties: ['id', 'sources'],
};

/** Aligned columns in display cells (a CJK name is two a character), the last one left unpadded; every value from a file made inert. */
function table(rows: Row[], columns: string[]): string {
  const cell = (r: Row, c: string) => {
    const v = r[c];
    const s = v === null || v === undefined ? '-' : Array.isArray(v) ? v.join(', ') : String(v);
    return inert(c === 'status' && r['provisional'] === true ? `${s} (provisional)` : s);
  };
  const rowsOfCells = rows.map((r) => columns.map((c) => cell(r, c)));
  const widths = columns.map((_, i) => rowsOfCells.reduce((w, row) => Math.max(w, cellWidth(row[i]!)), 0));
  return rowsOfCells.map((row) => row.map((v, i) => (i === row.length - 1 ? v : padCells(v, widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** `claims list claims|sources|documents|parties`: what the ledger holds, filtered by --status, --party, --document. */
export async function listCommand(what: string, opts: Record<string, unknown>, io: IO): Promise<number> {
  if (!(LIST_KINDS as readonly string[]).includes(what)) throw new UsageError(`cannot list "${inert(what)}": claims list takes ${listWords([...LIST_KINDS], 'or')}.${didYouMean(what, LIST_KINDS)}`);
  const kind = what as ListKind;
  const format = String(opts['format'] ?? 'text');
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${inert(format)}" for list. Use text or json.`);
  const ledger = await loadLedger(opts, io);
  const rows = listRows(kind, ledger, filtersOf(kind, opts, ledger));
  if (format === 'json') {
    io.stdout(`${commandFreeJson(safeJson({ [kind]: rows }))}\n`);
    return 0;
  }
  if (rows.length === 0) {
    io.stdout(`no ${kind === 'parties' ? 'party' : kind.slice(0, -1)} ${Object.keys(opts).some((k) => ['status', 'party', 'document'].includes(k)) ? 'matches' : 'is recorded'}.\n`);
    return 0;
  }
  io.stdout(`${table(rows, COLUMNS[kind])}\n`);
  return 0;
}
