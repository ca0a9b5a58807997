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
import { sortFindings, summarise } from '../report/build.js';
import { VERSION } from '../version.js';
import { markProvisional } from './provisional.js';
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
  trace?: Trace;
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
    const files = this.keep ? this.reconcile(given) : given;
    const { corpus, findings: dupFindings } = m.refs.buildCorpus(files);
    const texts = new Set<string>();
    for (const d of corpus.documents.values()) if (d.path !== undefined) texts.add(d.path);
    const findings: Finding[] = [...extra, ...files.flatMap((f) => f.findings), ...dupFindings, ...m.refs.checkReferences(corpus, config.parties, config.alignment)];
    trace?.('corpus', `${n(corpus.claims.length, 'claim')}, ${n(corpus.sources.size, 'source')}, ${n(corpus.documents.size, 'document')}; references checked`);

    // Each document's quotes are searched as its text is read, and the text (with its offset map) let go at once.
    const checker = new m.quotes.QuoteChecker(corpus);
    // What the last run found in unchanged texts is reused (the memo on disk not on very large corpora, where it
    // would cost memory). A kept ledger reads the memo on disk at its first update only: from then on its memory
    // holds every outcome of the texts it has seen, and reading the file again would cost more than all it saves.
    const disk = opts.cache && corpus.claims.length < LARGE_CORPUS && this.updates === 0 ? opts.cache.quoteMemo() : undefined;
    if (this.keep) this.updates++;
    const memos: OutcomeMemo[] = [...(disk ? [disk] : []), ...(this.keep ? [this.memory] : [])];
    const startPoolAfter = texts.size >= m.pools.QUOTE_PARALLEL_MIN_TEXTS ? Math.min(32, texts.size) : Infinity;
    const searching = startPoolAfter === Infinity ? plainSearcher(m.verifyText) : pooledSearcher(m.verifyText, m.pools, startPoolAfter, opts.workers);
    const searcher = memos.length > 0 ? memoSearcher(memos, searching) : searching;
    const docs = await (async () => {
      try {
        return await m.documents.loadDocumentTexts(corpus, config.root, m.documents.maxDocumentBytes(config.limits.maxFileBytes), (ids, t, text) => {
          if (!checker.wants(ids)) return;
          const { slots, quotes } = checker.toFind(ids);
          searcher.search(t, text, quotes, (outcomes) => checker.accept(slots, t.path, outcomes));
        }, config.exclude, undefined, opts.reads, this.keep ? (this.texts ??= new m.documents.KeptTexts()) : undefined);
      } finally {
        await searcher.close();
      }
    })();
    if (disk) opts.cache!.saveQuoteMemo(disk);
    if (this.keep) this.memory.prune();
    const s = searcher.stats();
    const unread = this.texts?.unread ?? 0;
    trace?.('documents', `${unread > 0 ? `${n(texts.size, 'text')}, ${n(unread, 'text')} unchanged since the last check (not read)` : `${n(texts.size, 'text')} read`}; quotes searched in ${n(s.here, 'text')} on the main thread and ${n(s.offloaded, 'text')} in ${n(s.workers, 'worker thread')}${disk ? `; ${n(disk.reused, 'text')} whose quotes were all found as in the last run` : ''}`);
    for (const f of docs.findings) findings.push(f);
    const quotes = checker.finish(docs.texts);
    for (const f of quotes.findings) findings.push(f);

    const policy = m.verdict.policyOf(config);
    const quoteInfo = (q: QuoteEntity): QuoteInfo => quotes.info.get(q) ?? { verification: 'unverifiable' };
    // Support that reaches a claim through `contradicts` is gathered first: the claims it comes from may be let go before.
    const through = m.verdict.throughSupport(corpus.claims, corpus, policy, quoteInfo);
    const claims = this.keep ? this.judgeChanged(m, corpus, policy, quoteInfo, through, findings) : await this.judgeAll(m, files, corpus, policy, quoteInfo, through, findings, lean, quotes.info);
    if (!this.keep) findings.push(...m.fragile.singleArticleWarnings(claims, corpus));
    trace?.('verdicts', this.keep ? `${n(this.lastJudged, 'claim')} judged again, ${n(claims.length - this.lastJudged, 'verdict')} kept` : `${n(claims.length, 'claim')} judged`);

    markProvisional(claims, corpus, findings);
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
  private judgeChanged(m: Modules, corpus: Corpus, policy: Policy, quoteInfo: (q: QuoteEntity) => QuoteInfo, through: Map<string, Contribution[]>, findings: Finding[]): ClaimVerdict[] {
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
    let again = 0;
    for (const c of corpus.claims) {
      const t = through.get(c.id);
      const throughKey = throughText(t);
      let j = this.judged.get(c);
      const stale =
        j === undefined ||
        !sameInfos(c, j.infos, quoteInfo) ||
        j.through !== throughKey ||
        (t !== undefined && t.some((x) => changedSources.has(x.source.id))) ||
        c.assertions.some((a) => changedSources.has(a.source) || a.via.some((v) => changedSources.has(v)) || a.quotes.some((q) => changedDocs.has(q.document)));
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
      // A copy: markProvisional sets its own fields on it, and a report handed out before stays as it was.
      claims.push({ ...j!.verdict, flags: j!.flags, provisional: j!.provisional, provisionalBecause: j!.provisionalBecause });
    }
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
