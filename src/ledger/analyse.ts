// Everything after loading: cross-file checks, documents, quotes and verdicts, and the report they make.
import type { Config } from '../config/config.js';
import type { ClaimVerdict, FileResult, Finding, Report } from '../report/types.js';
import type { CheckCache } from '../cache/cache.js';
import type { QuoteOutcome } from '../validate/verify-text.js';
import type { Corpus } from '../validate/refs.js';
import type { CheckResult, Trace } from '../report/result.js';
import { sortFindings, summarise } from '../report/build.js';
import { VERSION } from '../version.js';
import { speakerOf } from '../analyse/relays.js';
import { pushTo } from '../util/maps.js';
import type { ReadRecorder } from '../util/reads.js';

/** Options of analyse (all optional). */
export interface AnalyseOptions {
  /** As CheckInput.lean. */
  lean?: boolean;
  /** Most worker threads for quote checking (default: as for the per-file stage). */
  workers?: number;
  /** The cache, for the quote memo (src/cache/quote-memo.ts). */
  cache?: CheckCache;
  /** Told of every read of a document text (and what it found), for the whole-run cache. */
  reads?: ReadRecorder;
  trace?: Trace;
}


const n = (count: number, what: string) => `${count.toLocaleString('en-US')} ${what}${count === 1 ? '' : 's'}`;

/** Claims from which a lean check collects garbage as it judges (see analyse). */
const LARGE_CORPUS = 20_000;

/** Everything after loading: cross-file checks, documents, quotes and verdicts. */
export async function analyse(config: Config, files: FileResult[], extra: Finding[], missing: string[] = [], opts: AnalyseOptions = {}): Promise<CheckResult> {
  const { lean = false, workers } = opts;
  // Timed from here when called alone; runCheck's trace is timed already.
  const trace = opts.trace;
  const [{ buildCorpus, checkReferences }, { loadDocumentTexts }, { QuoteChecker }, { docContent, verifyInText }, { QUOTE_PARALLEL_MIN_TEXTS, QuotePool, defaultWorkers }, { judgeClaim, policyOf, throughSupport }, { singleArticleWarnings }] = await Promise.all([
    import('../validate/refs.js'),
    import('../validate/documents.js'),
    import('../validate/quotes.js'),
    import('../validate/verify-text.js'),
    import('../parallel/verify-quotes.js'),
    import('../analyse/verdict.js'),
    import('../analyse/fragile.js'),
  ]);
  const { corpus, findings: dupFindings } = buildCorpus(files);
  const texts = new Set<string>();
  for (const d of corpus.documents.values()) if (d.path !== undefined) texts.add(d.path);
  const findings: Finding[] = [...extra, ...files.flatMap((f) => f.findings), ...dupFindings, ...checkReferences(corpus, config.parties, config.alignment)];
  // Each document's quotes are checked as its text is read, and the text (with its offset map) let go at once.
  const checker = new QuoteChecker(corpus);
  trace?.('corpus', `${n(corpus.claims.length, 'claim')}, ${n(corpus.sources.size, 'source')}, ${n(corpus.documents.size, 'document')}; references checked`);
  // What the last run found in unchanged texts is reused (not on very large corpora, where it would cost memory).
  const memo = opts.cache && corpus.claims.length < LARGE_CORPUS ? opts.cache.quoteMemo() : undefined;
  // Worker threads check quotes too once enough texts have had to be searched (on a large corpus, cold), started
  // then so that a run that finds nearly everything in the memo does not pay for them.
  const startPoolAfter = texts.size >= QUOTE_PARALLEL_MIN_TEXTS ? Math.min(32, texts.size) : Infinity;
  let starting: Promise<unknown> | undefined;
  let pool: InstanceType<typeof QuotePool> | undefined;
  let offloaded = 0;
  let here = 0;
  const docs = await (async () => {
    try {
      const loaded = await loadDocumentTexts(corpus, config.root, Math.max(config.limits.maxFileBytes, 20 * 1024 * 1024), (ids, t, text) => {
        if (!checker.wants(ids)) return;
        const { slots, quotes } = checker.toFind(ids);
        const known = memo?.get(t.path, t.sha256, quotes);
        if (known) return checker.accept(slots, t.path, known);
        const found = (outcomes: QuoteOutcome[]) => {
          memo?.put(t.path, t.sha256, quotes, outcomes);
          checker.accept(slots, t.path, outcomes);
        };
        const verifyHere = () => (here++, found(verifyInText(quotes, t.path, docContent(text))));
        if (here + offloaded >= startPoolAfter) starting ??= QuotePool.start(workers ?? defaultWorkers()).then(
          (p) => (pool = p),
          () => undefined, // no worker: the main thread searches every text
        );
        if (pool?.offer(t.path, text, quotes, found, () => (offloaded--, verifyHere()))) return void offloaded++;
        verifyHere();
      }, config.exclude, undefined, opts.reads);
      await starting;
      await pool?.drain();
      return loaded;
    } finally {
      await starting;
      await pool?.stop();
    }
  })();
  if (memo) opts.cache!.saveQuoteMemo(memo);
  trace?.('documents', `${n(texts.size, 'text')} read; quotes searched in ${n(here, 'text')} on the main thread and ${n(offloaded, 'text')} in ${n(pool?.size ?? 0, 'worker thread')}${memo ? `; ${n(memo.reused, 'text')} whose quotes were all found as in the last run` : ''}`);
  for (const f of docs.findings) findings.push(f);
  const quotes = checker.finish(docs.texts);
  for (const f of quotes.findings) findings.push(f);
  // As judgeAll, claim by claim; when lean, each claim's entities (and its quotes' results) are dropped once judged.
  const policy = policyOf(config);
  const quoteInfo = (q: Parameters<typeof quotes.info.get>[0]) => quotes.info.get(q) ?? { verification: 'unverifiable' as const };
  // Support that reaches a claim through `contradicts` is gathered first: the claims it comes from may be let go before.
  const through = throughSupport(corpus.claims, corpus, policy, quoteInfo);
  const entities = corpus.claims;
  if (lean) {
    corpus.claims = [];
    for (const f of files) f.claims = [];
  }
  const claims = new Array<ReturnType<typeof judgeClaim>>(entities.length);
  // A very large corpus, checked lean, collects as it goes (src/util/gc.ts): after the texts, and every so many
  // claims judged, so that the entities dropped do not pile up as garbage on top of the verdicts.
  const collect = lean && entities.length >= LARGE_CORPUS ? (await import('../util/gc.js')).collectGarbage : undefined;
  collect?.();
  for (let i = 0; i < entities.length; i++) {
    if (collect && i > 0 && i % LARGE_CORPUS === 0) collect();
    const c = entities[i]!;
    const t = through.get(c.id);
    claims[i] = judgeClaim(c, corpus, policy, quoteInfo, { findings, ...(t && { through: t }) });
    if (lean) {
      for (const a of c.assertions) for (const q of a.quotes) quotes.info.delete(q);
      (entities as Array<unknown>)[i] = undefined;
    }
  }
  findings.push(...singleArticleWarnings(claims, corpus));
  trace?.('verdicts', `${n(claims.length, 'claim')} judged`);

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

/**
 * A verdict is final only when nothing it rests on carries an error: the claim itself (its own findings, or a
 * schema error inside it), the sources its assertions name (and those they relay or came via), and the documents
 * its quotes cite. Errors about a source or document entry are found by position: the last entry of the file
 * starting at or before the error.
 */
export function markProvisional(claims: ClaimVerdict[], corpus: Corpus, findings: readonly Finding[]): void {
  const where = (f: Finding) => `${f.ruleId} at ${f.file}:${f.line}:${f.column}`;
  const byClaim = new Map<string, string[]>();
  const entries = new Map<string, Array<{ line: number; column: number; key: string }>>();
  // Pushed into one list per key, never copied: a file can hold tens of thousands of entries and findings.
  for (const s of corpus.sources.values()) pushTo(entries, s.file, { ...s.loc, key: `s:${s.id}` });
  for (const d of corpus.documents.values()) pushTo(entries, d.file, { ...d.loc, key: `d:${d.id}` });
  for (const list of entries.values()) list.sort((a, b) => a.line - b.line || a.column - b.column);
  const byEntry = new Map<string, string[]>();
  for (const f of findings) {
    if (f.severity !== 'error') continue;
    if (f.claimId !== undefined) {
      pushTo(byClaim, f.claimId, where(f));
      continue;
    }
    const list = entries.get(f.file);
    if (!list) continue;
    // Binary search for the last entry at or before the finding.
    let lo = 0;
    let hi = list.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = list[mid]!;
      if (e.line < f.line || (e.line === f.line && e.column <= f.column)) (at = mid), (lo = mid + 1);
      else hi = mid - 1;
    }
    if (at >= 0) pushTo(byEntry, list[at]!.key, where(f));
  }
  if (byClaim.size === 0 && byEntry.size === 0) {
    for (const c of claims) if (!c.complete) c.provisionalBecause = ['schema errors inside the claim'];
    return;
  }
  for (const c of claims) {
    const reasons = new Set<string>(byClaim.get(c.id) ?? []);
    if (!c.complete) reasons.add('schema errors inside the claim');
    const keys = new Set<string>();
    for (const a of c.assertions) {
      for (const id of [a.source, ...(a.via ?? [])]) {
        keys.add(`s:${id}`);
        const s = corpus.sources.get(id);
        if (s) keys.add(`s:${speakerOf(corpus.sources, s).id}`);
      }
      for (const q of a.quotes) keys.add(`d:${q.document}`);
    }
    for (const k of keys) for (const r of byEntry.get(k) ?? []) reasons.add(r);
    // A claim with thousands of errors names the first ones and counts the rest.
    const listed = [...reasons];
    c.provisionalBecause = listed.length > 20 ? [...listed.slice(0, 20), `and ${listed.length - 20} more errors`] : listed;
    c.provisional = reasons.size > 0;
    if (c.provisional && !c.flags.includes('provisional')) c.flags = [...c.flags, 'provisional'];
  }
}

