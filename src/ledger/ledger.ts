// The ledger model: the state of one check kept between updates. Each update is given every file's result; the
// files whose result is unchanged keep their entities, so that only the claims an edit can reach are judged again
// (those in the changed files, and those that name a source, a document or a quote outcome that changed, or whose
// support through `contradicts` changed). Quote outcomes are kept per text and quote, so a text is searched again
// only when it or its quotes change. A fresh ledger updated once is the from-scratch check (analyse()), so both
// paths run the same code; the property test in test/incremental.test.ts holds them to the same report, byte for byte.
import type { Config } from '../config/config.js';
import type { ClaimEntity, ClaimVerdict, DocumentEntity, FileResult, Finding, QuoteEntity, Report, SourceEntity } from '../report/types.js';
import type { CheckCache } from '../cache/cache.js';
import type { Corpus, QuoteInfo } from '../report/corpus.js';
import type { CheckResult, Trace } from '../report/result.js';
import type { Contribution, Policy } from '../analyse/verdict.js';
import type { ReadRecorder } from '../util/reads.js';
import type { DocText } from '../report/corpus.js';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pushTo } from '../util/maps.js';
import { sortFindings, summarise } from '../report/build.js';
import { VERSION } from '../version.js';
import { markProvisional, type Marks } from './provisional.js';
import { memoSearcher, MemoryQuoteMemo, plainSearcher, pooledSearcher, type OutcomeMemo } from './quote-search.js';

/** Options of one update (all optional). */
export interface UpdateOptions {
  /**
   * The caller needs the report only: each claim's entities are let go as soon as it is judged (the result's
   * `corpus.claims` and the files' `claims` come back empty). Only a ledger that keeps nothing (`keep: false`) can be lean.
   */
  lean?: boolean;
  /** Most worker threads for quote checking (default: as for the per-file stage). */
  workers?: number;
  /** The cache, for the quote memo on disk (src/cache/quote-memo.ts). */
  cache?: CheckCache;
  /** Told of every read of a document text (and what it found), for the whole-run cache. */
  reads?: ReadRecorder;
  /**
   * Every path (absolute) whose content, listing or kind may differ from what the last update of this ledger read,
   * as its caller knows (src/ledger/scope.ts); omitted when not known. When it names only ledger files of the last
   * update, the document texts are taken as they were then, without a read, and their reads are told again.
   */
  changed?: ReadonlySet<string>;
  trace?: Trace;
  /**
   * What a check that keeps nothing carries over from the last one through the cache (src/cache/ledger-store.ts):
   * texts kept while their stat is unchanged, and quote outcomes. Used in place of the quote memo on disk.
   */
  carry?: { texts: import('../validate/documents.js').KeptTexts; outcomes: OutcomeMemo; serves(claims: number): boolean };
}

const n = (count: number, what: string) => `${count.toLocaleString('en-US')} ${what}${count === 1 ? '' : 's'}`;

/** Claims from which a lean check collects garbage as it judges, and above which the quote memo on disk is not used. */
const LARGE_CORPUS = 20_000;

/** One claim as last judged, and what its verdict rested on. */
interface Judged {
  verdict: ClaimVerdict;
  /** The verdict's own fields that markProvisional sets, as judged (restored before it runs again). */
  flags: ClaimVerdict['flags'];
  provisional: boolean;
  provisionalBecause: ClaimVerdict['provisionalBecause'];
  /** Findings the verdict gave rise to. */
  findings: Finding[];
  /** Its quotes' outcomes, assertion by assertion. */
  infos: QuoteInfo[];
  /** Its claim/single-document warning, if any. */
  single: Finding[];
  /** The support that reached it through `contradicts`, as one string. */
  through: string;
}

type Modules = Awaited<ReturnType<typeof loadModules>>;
const loadModules = async () => {
  const [refs, documents, quotes, verifyText, pools, verdict, fragile, relays] = await Promise.all([
    import('../validate/refs.js'),
    import('../validate/documents.js'),
    import('../validate/quotes.js'),
    import('../validate/verify-text.js'),
    import('../parallel/verify-quotes.js'),
    import('../analyse/verdict.js'),
    import('../analyse/fragile.js'),
    import('../validate/relays.js'),
  ]);
  return { refs, documents, quotes, verifyText, pools, verdict, fragile, relays };
};

const sameInfo = (a: QuoteInfo, b: QuoteInfo): boolean => {
  if (a.verification !== b.verification) return false;
  const [x, y] = [a.match, b.match];
  if (x === undefined || y === undefined) return x === y;
  return x.document === y.document && x.path === y.path && x.line === y.line && x.column === y.column && x.endLine === y.endLine && x.endColumn === y.endColumn;
};
/** True when the claim's quotes' outcomes are all as `before` says. */
const sameInfos = (c: ClaimEntity, before: readonly QuoteInfo[], quoteInfo: (q: QuoteEntity) => QuoteInfo): boolean => {
  let k = 0;
  for (const a of c.assertions) for (const q of a.quotes) if (k >= before.length || !sameInfo(before[k++]!, quoteInfo(q))) return false;
  return k === before.length;
};
const throughText = (through: readonly Contribution[] | undefined): string => (through ? through.map((t) => `${t.claimId}\u0000${t.source.id}\u0000${t.documents.join('\u0001')}`).join('\u0002') : '');

/** One read told to a ReadRecorder, as its arguments. */
export type RecordedRead = Parameters<ReadRecorder['record']>;

/**
 * A recorder that can be told a list of reads again as a whole (src/cli/watch.ts Dependencies): the same as
 * telling each, in order, but kept by the list.
 */
export interface ReadCarrier {
  carry(reads: readonly RecordedRead[]): void;
}

/** A text read again no longer has the bytes that were hashed. */
class TextChanged extends Error {}

/** True when both maps hold the same entries (the very same values) in the same order. */
function sameEntries<T>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>): boolean {
  if (a.size !== b.size) return false;
  const other = b.entries();
  for (const [k, v] of a) {
    const [k2, v2] = other.next().value as [string, T];
    if (k !== k2 || v !== v2) return false;
  }
  return true;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
/** The fields markProvisional sets are the same in both. */
const sameMarks = (a: ClaimVerdict, b: ClaimVerdict): boolean => a.provisional === b.provisional && sameList(a.flags, b.flags) && sameList(a.provisionalBecause, b.provisionalBecause);

/**
 * The entities of a changed file that are exactly as before (same id, same content and position) are given back as
 * the objects of its previous result, so that an edit of one claim in a file of many re-judges that claim only.
 */
function keepUnchanged(before: FileResult, after: FileResult): void {
  const swap = <T extends { id: string }>(old: readonly T[], now: T[]) => {
    if (old.length === 0 || now.length === 0) return;
    const byId = new Map<string, T>();
    for (const e of old) if (!byId.has(e.id)) byId.set(e.id, e);
    for (let i = 0; i < now.length; i++) {
      const o = byId.get(now[i]!.id);
      if (o !== undefined && o !== now[i] && JSON.stringify(o) === JSON.stringify(now[i])) now[i] = o;
    }
  };
  swap(before.sources, after.sources);
  swap(before.documents, after.documents);
  swap(before.claims, after.claims);
}

export class Ledger {
  /** Each file's result as last given, by name (unchanged ones keep their entities between updates). */
  private files = new Map<string, { result: FileResult; json?: string }>();
  private judged = new Map<ClaimEntity, Judged>();
  private sources = new Map<string, SourceEntity>();
  private roots = new Map<string, SourceEntity>();
  private documents = new Map<string, DocumentEntity>();
  private families = new Map<string, string>();
  private readonly memory = new MemoryQuoteMemo();
  /** Texts whose stat is unchanged keep their hash and outcomes without being read (a kept ledger only). */
  private texts?: import('../validate/documents.js').KeptTexts;
  private readonly policyKey: string;
  private modules?: Modules;
  /** Updates made so far. */
  private updates = 0;
  /**
   * The last document stage (kept ledger): the texts and findings it gave, every read it told, and the project it
   * read them in. An update whose changes name only ledger files takes them as they are.
   */
  private docs?: { texts: Map<string, DocText>; findings: Finding[]; reads: RecordedRead[]; root: string };
  /** Each claim's quote findings as last found, by entity. */
  private quoteOf = new Map<ClaimEntity, Finding[]>();
  /** Each quote's outcome as last found, by entity (entities of claims gone stay until the texts are read again). */
  private infos = new Map<QuoteEntity, QuoteInfo>();
  /** The reference findings of the sources and documents, and of each claim, as last found; `refIds`: the claims' ids then. */
  private refEntities?: Finding[];
  private refOf = new Map<ClaimEntity, Finding[]>();
  private refIds = '';
  /** Which verdicts of this update are the objects handed out by the last (by claim index), for markProvisional. */
  private shared: boolean[] = [];
  /** What markProvisional decided for each verdict of the last update. */
  private marks?: Marks;
  /** The verdict handed out for each claim by the last update, and the judged verdict it was copied from. */
  private handed = new Map<ClaimEntity, { base: ClaimVerdict; out: ClaimVerdict }>();

  /**
   * `keep: false` for a check that runs once: nothing is kept for a next update (and it may be lean). A kept ledger
   * holds every file's entities and verdicts.
   */
  constructor(
    private config: Config,
    private readonly keep = true,
  ) {
    this.policyKey = Ledger.policyKey(config);
  }

  /**
   * What of a configuration the verdicts depend on: a ledger serves only configurations with the same key. The
   * project folder is not part of it: the ledger of a working tree also serves a copy of it at another revision
   * (`claims diff`), whose files and document texts are read from there.
   */
  static policyKey(config: Config): string {
    return JSON.stringify([config.corpus, config.threshold, config.countUnverified ?? false, config.foldAligned ?? true, config.parties ?? null, config.alignment ?? [], config.exclude ?? [], config.ignore ?? [], config.limits]);
  }

  /** True when this ledger can be updated for `config` (otherwise start a new one). */
  serves(config: Config): boolean {
    return Ledger.policyKey(config) === this.policyKey;
  }

  /** The configuration of the next updates (one that this ledger serves): where its files and texts are. */
  use(config: Config): void {
    if (!this.serves(config)) throw new Error('a ledger serves only configurations with the same verdict policy');
    this.config = config;
  }

  /**
   * The check of these files (every file of the run, in order). A file's result that is the same object as last
   * time, or made from the same bytes (its sha256), or equal to it, counts as unchanged.
   */
  async update(given: FileResult[], extra: Finding[], missing: string[] = [], opts: UpdateOptions = {}): Promise<CheckResult> {
    const m = (this.modules ??= await loadModules());
    const lean = opts.lean === true && !this.keep;
    const trace = opts.trace;
    const config = this.config;
    const before = this.keep ? new Set(this.files.keys()) : undefined;
    const files = this.keep ? this.reconcile(given) : given;
    const { corpus, findings: dupFindings } = m.refs.buildCorpus(files);
    const sourcesSame = this.keep && sameEntries(corpus.sources, this.sources);
    const documentsSame = this.keep && sameEntries(corpus.documents, this.documents);
    const findings: Finding[] = [...extra, ...files.flatMap((f) => f.findings), ...dupFindings, ...this.references(m, corpus, sourcesSame && documentsSame)];
    trace?.('corpus', `${n(corpus.claims.length, 'claim')}, ${n(corpus.sources.size, 'source')}, ${n(corpus.documents.size, 'document')}; references checked`);

    // Document texts and every quote in them as the last update left them, when nothing they rest on can have
    // changed: the same documents, the same project, and only ledger files of the last update named as changed.
    const known = before && opts.changed !== undefined && this.docs !== undefined && documentsSame && this.docs.root === config.root && this.onlyLedgerFiles(opts.changed, config.root, before);
    const quick = known ? this.quotesAsBefore(m, corpus) : undefined;
    let docs: { texts: Map<string, DocText>; findings: Finding[] };
    let quotes: { findings: Finding[]; info: ReadonlyMap<QuoteEntity, QuoteInfo> };
    if (quick !== undefined) {
      docs = this.docs!;
      const carrier = opts.reads as (ReadRecorder & Partial<ReadCarrier>) | undefined;
      if (carrier?.carry !== undefined) carrier.carry(this.docs!.reads);
      else for (const r of this.docs!.reads) opts.reads?.record(...r);
      quotes = quick;
      trace?.('documents', `${n(docs.texts.size, 'document')} with a text, as in the last check (no text changed); quotes of ${n(quick.fresh, 'claim')} checked`);
    } else {
      ({ docs, quotes } = await this.readDocuments(m, corpus, opts));
    }
    for (const f of docs.findings) findings.push(f);
    for (const f of quotes.findings) findings.push(f);

    const policy = m.verdict.policyOf(config);
    const infos = quotes.info;
    const quoteInfo = (q: QuoteEntity): QuoteInfo => infos.get(q) ?? { verification: 'unverifiable' };
    // Support that reaches a claim through `contradicts` is gathered first: the claims it comes from may be let go before.
    const through = m.verdict.throughSupport(corpus.claims, corpus, policy, quoteInfo);
    const claims = this.keep ? this.judgeChanged(m, corpus, policy, quoteInfo, through, findings, quick !== undefined) : await this.judgeAll(m, files, corpus, policy, quoteInfo, through, findings, lean, quotes.info as Map<QuoteEntity, QuoteInfo>);
    if (!this.keep) findings.push(...m.fragile.singleArticleWarnings(claims, corpus));
    trace?.('verdicts', this.keep ? `${n(this.lastJudged, 'claim')} judged again, ${n(claims.length - this.lastJudged, 'verdict')} kept` : `${n(claims.length, 'claim')} judged`);

    if (this.keep) {
      this.marks = markProvisional(claims, corpus, findings, { bases: corpus.claims.map((c) => this.judged.get(c)!.verdict), shared: this.shared, last: this.marks, sourcesSame });
      this.handOut(corpus, claims);
    } else markProvisional(claims, corpus, findings);
    sortFindings(findings);
    const report: Report = {
      reportVersion: '2.0',
      tool: { name: 'claims', version: VERSION },
      policy: { corroborationThreshold: config.threshold, countUnverified: policy.countUnverified, foldAligned: policy.foldAligned },
      summary: summarise(claims, findings, files, corpus.sources.size, corpus.documents.size),
      claims,
      findings,
    };
    return { report, corpus, texts: docs.texts, files, missing, unmatched: [], alone: [] };
  }

  /**
   * The reference findings: for a kept ledger whose sources and documents are the same entities as last time, and
   * whose claims have the same ids in the same order, those of the sources and documents and of every claim whose
   * entity is unchanged are the ones found last time.
   */
  private references(m: Modules, corpus: Corpus, entitiesSame: boolean): Finding[] {
    const config = this.config;
    if (!this.keep) return m.refs.checkReferences(corpus, config.parties, config.alignment);
    const checks = m.refs.referenceChecks(corpus, config.parties, config.alignment);
    const ids = corpus.claims.map((c) => c.id).join('\u0000');
    const reuse = entitiesSame && this.refIds === ids && this.refEntities !== undefined;
    const out = reuse ? [...this.refEntities!] : checks.entities();
    const entities = out.length;
    const refOf = new Map<ClaimEntity, Finding[]>();
    for (const c of corpus.claims) {
      const own = (reuse ? this.refOf.get(c) : undefined) ?? checks.claim(c);
      refOf.set(c, own);
      for (const f of own) out.push(f);
    }
    this.refEntities = out.slice(0, entities);
    this.refOf = refOf;
    this.refIds = ids;
    return out;
  }

  /** True when every path in `changed` is a ledger file of the last update that this update checks too. */
  private onlyLedgerFiles(changed: ReadonlySet<string>, root: string, before: ReadonlySet<string>): boolean {
    if (changed.size === 0) return true;
    const ledgerFiles = new Set<string>();
    for (const name of this.files.keys()) if (before.has(name)) ledgerFiles.add(path.resolve(root, name));
    for (const abs of changed) if (!ledgerFiles.has(abs)) return false;
    return true;
  }

  /**
   * The quotes' findings and outcomes when the document texts are as last time: those of the claims whose entity
   * is unchanged as they were, and the quotes of the other claims looked for in the texts (in memory, or read again
   * while their bytes are those hashed). Undefined when a text must be read and no longer has the bytes hashed: the
   * texts are then read as usual.
   */
  private quotesAsBefore(m: Modules, corpus: Corpus): ({ findings: Finding[]; info: ReadonlyMap<QuoteEntity, QuoteInfo>; fresh: number }) | undefined {
    const fresh = corpus.claims.filter((c) => !this.quoteOf.has(c));
    const checker = new m.quotes.QuoteChecker({ sources: corpus.sources, documents: corpus.documents, claims: fresh });
    const texts = this.docs!.texts;
    const groups = new Map<DocText, string[]>();
    for (const [id, t] of texts) pushTo(groups, t, id);
    const searcher = memoSearcher([this.memory], plainSearcher(m.verifyText));
    try {
      for (const [t, ids] of groups) {
        if (!checker.wants(ids)) continue;
        const { slots, quotes } = checker.toFind(ids);
        searcher.search(t, () => {
          const text = t.read();
          if (createHash('sha256').update(text, 'utf8').digest('hex') !== t.sha256) throw new TextChanged();
          return text;
        }, quotes, (outcomes) => checker.accept(slots, t.path, outcomes));
      }
    } catch (err) {
      if (err instanceof TextChanged || (err as NodeJS.ErrnoException)?.code !== undefined) return undefined;
      throw err;
    }
    const q = checker.finish(texts, true);
    const findings: Finding[] = [];
    const quoteOf = new Map<ClaimEntity, Finding[]>();
    for (const c of corpus.claims) {
      const own = this.quoteOf.get(c) ?? q.byClaim!.get(c) ?? [];
      quoteOf.set(c, own);
      for (const f of own) findings.push(f);
    }
    for (const [k, v] of q.info) this.infos.set(k, v);
    this.quoteOf = quoteOf;
    return { findings, info: this.infos, fresh: fresh.length };
  }

  /** The document stage: every text located, read (or kept by its stat) and its quotes searched. */
  private async readDocuments(m: Modules, corpus: Corpus, opts: UpdateOptions): Promise<{ docs: { texts: Map<string, DocText>; findings: Finding[] }; quotes: { findings: Finding[]; info: ReadonlyMap<QuoteEntity, QuoteInfo> } }> {
    const config = this.config;
    const trace = opts.trace;
    const texts = new Set<string>();
    for (const d of corpus.documents.values()) if (d.path !== undefined) texts.add(d.path);
    // Each document's quotes are searched as its text is read, and the text (with its offset map) let go at once.
    const checker = new m.quotes.QuoteChecker(corpus);
    // What the last run found in unchanged texts is reused (the memo on disk not on very large corpora, where it
    // would cost memory). A kept ledger reads the memo on disk at its first update only: from then on its memory
    // holds every outcome of the texts it has seen, and reading the file again would cost more than all it saves.
    const carry = !this.keep && opts.carry?.serves(corpus.claims.length) ? opts.carry : undefined;
    const disk = opts.cache && !carry && corpus.claims.length < LARGE_CORPUS && this.updates === 0 ? opts.cache.quoteMemo() : undefined;
    if (this.keep) this.updates++;
    const memos: OutcomeMemo[] = [...(disk ? [disk] : []), ...(this.keep ? [this.memory] : []), ...(carry ? [carry.outcomes] : [])];
    const startPoolAfter = texts.size >= m.pools.QUOTE_PARALLEL_MIN_TEXTS ? Math.min(32, texts.size) : Infinity;
    const searching = startPoolAfter === Infinity ? plainSearcher(m.verifyText) : pooledSearcher(m.verifyText, m.pools, startPoolAfter, opts.workers);
    const searcher = memos.length > 0 ? memoSearcher(memos, searching) : searching;
    // A kept ledger notes the reads of this stage, to tell them again when a next update takes the texts as they are.
    const told: RecordedRead[] = [];
    const outer = opts.reads;
    const reads: ReadRecorder | undefined = this.keep ? { record: (...r) => (told.push(r), outer?.record(...r)) } : outer;
    const docs = await (async () => {
      try {
        return await m.documents.loadDocumentTexts(corpus, config.root, m.documents.maxDocumentBytes(config.limits.maxFileBytes), (ids, t, text) => {
          if (!checker.wants(ids)) return;
          const { slots, quotes } = checker.toFind(ids);
          searcher.search(t, text, quotes, (outcomes) => checker.accept(slots, t.path, outcomes));
        }, config.exclude, undefined, reads, this.keep ? (this.texts ??= new m.documents.KeptTexts()) : carry?.texts);
      } finally {
        await searcher.close();
      }
    })();
    if (disk) opts.cache!.saveQuoteMemo(disk);
    if (this.keep) this.memory.prune();
    const s = searcher.stats();
    const unread = (this.texts ?? carry?.texts)?.unread ?? 0;
    trace?.('documents', `${unread > 0 ? `${n(texts.size, 'text')}, ${n(unread, 'text')} unchanged since the last check (not read)` : `${n(texts.size, 'text')} read`}; quotes searched in ${n(s.here, 'text')} on the main thread and ${n(s.offloaded, 'text')} in ${n(s.workers, 'worker thread')}${disk ? `; ${n(disk.reused, 'text')} whose quotes were all found as in the last run` : ''}`);
    const quotes = checker.finish(docs.texts, this.keep);
    if (this.keep) {
      this.docs = { texts: docs.texts, findings: docs.findings, reads: told, root: config.root };
      this.quoteOf = new Map();
      for (const c of corpus.claims) this.quoteOf.set(c, quotes.byClaim!.get(c) ?? []);
      this.infos = quotes.info;
    }
    return { docs, quotes };
  }

  /**
   * The verdicts handed out: a claim whose verdict is the one judged last time, with the same provisional state,
   * gets the very object handed out last time (a report's verdict objects are never changed once handed out, so
   * that a formatter may remember what it made of one).
   */
  private handOut(corpus: Corpus, claims: ClaimVerdict[]): void {
    const handed = new Map<ClaimEntity, { base: ClaimVerdict; out: ClaimVerdict }>();
    corpus.claims.forEach((c, i) => {
      const base = this.judged.get(c)!.verdict;
      const now = claims[i]!;
      const last = this.handed.get(c);
      if (last !== undefined && last.base === base && (last.out === now || sameMarks(last.out, now))) {
        claims[i] = last.out;
        handed.set(c, last);
      } else handed.set(c, { base, out: now });
    });
    this.handed = handed;
  }

  /** The files of this update, each unchanged one as the object given before (its entities kept). */
  private reconcile(given: readonly FileResult[]): FileResult[] {
    const next = new Map<string, { result: FileResult; json?: string }>();
    const out = given.map((f) => {
      const old = this.files.get(f.file);
      if (old && old.result !== f) {
        // A file's result is a pure function of its name, bytes and the limits (the same for the ledger's life).
        if (old.result.sha256 !== undefined && old.result.sha256 === f.sha256) return (next.set(f.file, old), old.result);
        old.json ??= JSON.stringify(old.result);
        const json = JSON.stringify(f);
        if (json === old.json) return (next.set(f.file, old), old.result);
        keepUnchanged(old.result, f);
        next.set(f.file, { result: f });
        return f;
      }
      next.set(f.file, old ?? { result: f });
      return f;
    });
    this.files = next;
    return out;
  }

  /** Every claim judged, once (a ledger that keeps nothing); when lean, each claim's entities let go as it is. */
  private async judgeAll(m: Modules, files: readonly FileResult[], corpus: Corpus, policy: Policy, quoteInfo: (q: QuoteEntity) => QuoteInfo, through: Map<string, Contribution[]>, findings: Finding[], lean: boolean, infos: Map<QuoteEntity, QuoteInfo>): Promise<ClaimVerdict[]> {
    const entities = corpus.claims;
    if (lean) {
      corpus.claims = [];
      for (const f of files) f.claims = [];
    }
    const claims = new Array<ClaimVerdict>(entities.length);
    // A very large corpus, checked lean, collects as it goes (src/util/gc.ts): after the texts, and every so many
    // claims judged, so that the entities dropped do not pile up as garbage on top of the verdicts.
    const collect = lean && entities.length >= LARGE_CORPUS ? (await import('../util/gc.js')).collectGarbage : undefined;
    collect?.();
    for (let i = 0; i < entities.length; i++) {
      if (collect && i > 0 && i % LARGE_CORPUS === 0) collect();
      const c = entities[i]!;
      const t = through.get(c.id);
      claims[i] = m.verdict.judgeClaim(c, corpus, policy, quoteInfo, { findings, ...(t && { through: t }) });
      if (lean) {
        for (const a of c.assertions) for (const q of a.quotes) infos.delete(q);
        (entities as Array<unknown>)[i] = undefined;
      }
    }
    return claims;
  }

  /**
   * Each claim judged again only when something its verdict rests on changed: its entity (its file changed), a
   * source it names (or where that source's relay chain ends), a document its quotes cite (or that document's
   * family), its quotes' outcomes, or the support reaching it through `contradicts`. The others keep their verdict.
   */
  private judgeChanged(m: Modules, corpus: Corpus, policy: Policy, quoteInfo: (q: QuoteEntity) => QuoteInfo, through: Map<string, Contribution[]>, findings: Finding[], textsAsBefore: boolean): ClaimVerdict[] {
    const roots = new Map<string, SourceEntity>();
    const index = m.relays.relayIndex(corpus.sources);
    for (const [id, s] of corpus.sources) roots.set(id, index.root.get(s) ?? s);
    const changedSources = new Set<string>();
    for (const [id, s] of corpus.sources) if (this.sources.get(id) !== s || this.roots.get(id) !== roots.get(id)) changedSources.add(id);
    for (const id of this.sources.keys()) if (!corpus.sources.has(id)) changedSources.add(id);
    const families = new Map<string, string>();
    for (const id of corpus.documents.keys()) families.set(id, m.quotes.familyOf(corpus, id));
    const changedDocs = new Set<string>();
    for (const [id, d] of corpus.documents) if (this.documents.get(id) !== d || this.families.get(id) !== families.get(id)) changedDocs.add(id);
    for (const id of this.documents.keys()) if (!corpus.documents.has(id)) changedDocs.add(id);

    const judged = new Map<ClaimEntity, Judged>();
    const claims: ClaimVerdict[] = [];
    const singles: Finding[] = [];
    const shared: boolean[] = [];
    const anyChanged = changedSources.size > 0 || changedDocs.size > 0;
    let again = 0;
    for (const c of corpus.claims) {
      const t = through.get(c.id);
      const throughKey = throughText(t);
      let j = this.judged.get(c);
      const stale =
        j === undefined ||
        // With the texts as before, an unchanged claim's quotes have the outcomes they had (quotesAsBefore).
        (!textsAsBefore && !sameInfos(c, j.infos, quoteInfo)) ||
        j.through !== throughKey ||
        (anyChanged && t !== undefined && t.some((x) => changedSources.has(x.source.id))) ||
        (anyChanged && c.assertions.some((a) => changedSources.has(a.source) || a.via.some((v) => changedSources.has(v)) || a.quotes.some((q) => changedDocs.has(q.document))));
      if (stale) {
        again++;
        const own: Finding[] = [];
        const verdict = m.verdict.judgeClaim(c, corpus, policy, quoteInfo, { findings: own, ...(t && { through: t }) });
        // Its quotes' documents and their families are unchanged while the verdict is kept, and so is this warning.
        const single = m.fragile.singleArticleWarnings([verdict], corpus);
        const infos = c.assertions.flatMap((a) => a.quotes.map(quoteInfo));
        j = { verdict, flags: verdict.flags, provisional: verdict.provisional, provisionalBecause: verdict.provisionalBecause, findings: own, infos, single, through: throughKey };
      }
      judged.set(c, j!);
      for (const f of j!.findings) findings.push(f);
      for (const f of j!.single) singles.push(f);
      // The verdict handed out last time for the same judged verdict, which markProvisional copies before it would
      // change it; otherwise a copy, on which it sets its own fields: a report handed out before stays as it was.
      const last = this.handed.get(c);
      shared.push(last !== undefined && last.base === j!.verdict);
      claims.push(last !== undefined && last.base === j!.verdict ? last.out : { ...j!.verdict, flags: j!.flags, provisional: j!.provisional, provisionalBecause: j!.provisionalBecause });
    }
    this.shared = shared;
    // After every claim's own findings, as a check that judges every claim puts them.
    for (const f of singles) findings.push(f);
    this.judged = judged;
    this.sources = new Map(corpus.sources);
    this.roots = roots;
    this.documents = new Map(corpus.documents);
    this.families = families;
    this.lastJudged = again;
    return claims;
  }

  /** How many claims the last update judged (the others kept their verdicts), for --debug and the tests. */
  lastJudged = 0;
}
