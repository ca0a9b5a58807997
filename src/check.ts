// The pipeline: load (files -> entities) -> validate (schemas, references, documents, quotes) -> analyse (verdicts) -> Report.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { readRegularInside, relPosix, type InsideRead, type RealDirs } from './util/fs.js';
import { excluder, hiddenWhy, type Excluder } from './config/exclude.js';
import type { Config } from './config/config.js';
import { discoverCheck, type DiscoverArgs, type Discovery, type FoundFile } from './load/discover.js';
import { tooLarge } from './load/decode.js';
import { STATUSES, type ClaimVerdict, type FileResult, type Finding, type Report, type Status, type Summary } from './report/types.js';
import type { FileStageOptions } from './parallel/check-files.js';
import type { CheckCache } from './cache/cache.js';
import type { QuoteOutcome } from './validate/verify-text.js';
import type { Corpus } from './validate/refs.js';
import type { DocText } from './validate/documents.js';
import { VERSION } from './version.js';
import { speakerOf } from './analyse/relays.js';
import { pushTo } from './util/maps.js';

// The pipeline's modules (and the YAML parser behind them) are loaded only when a check really runs, not when
// the whole run is replayed from the cache.

export interface CheckInput {
  config: Config;
  cwd: string;
  /** Paths from the command line; empty means the configured corpus. */
  paths: string[];
  /** A file given on standard input ("-"), with the name to report it under. */
  stdin?: { name: string; bytes: Uint8Array };
  /** --ignore-pattern: gitignore-style patterns of YAML files left out of folder walks and globs. */
  ignorePatterns?: string[];
  /** --no-ignore: no pattern and no .gitignore leaves a file out. */
  noIgnore?: boolean;
  /** Cache, worker threads and progress for the per-file stage (src/parallel/check-files.ts). */
  fileStage?: FileStageOptions;
  /**
   * The caller needs the report only (`claims check`): each claim's entities are let go as soon as it is judged,
   * so that a large corpus never holds all entities and all verdicts at once. The result's `corpus.claims` and the
   * files' `claims` then come back empty.
   */
  lean?: boolean;
  /** Told what each stage did and how long it took (`claims check --debug`). */
  trace?: Trace;
}

/** A stage's name and what it did, as it ends. */
export type Trace = (stage: string, detail: string) => void;

/** Options of analyse (all optional). */
export interface AnalyseOptions {
  /** As CheckInput.lean. */
  lean?: boolean;
  /** Most worker threads for quote checking (default: as for the per-file stage). */
  workers?: number;
  /** The cache, for the quote memo (src/cache/quote-memo.ts). */
  cache?: CheckCache;
  trace?: Trace;
}

/** A trace that adds the time since the previous stage ended. */
function timed(trace: Trace | undefined): Trace | undefined {
  if (!trace) return undefined;
  let last = performance.now();
  return (stage, detail) => {
    const now = performance.now();
    trace(stage, `${detail} (${Math.round(now - last).toLocaleString('en-US')} ms)`);
    last = now;
  };
}

const n = (count: number, what: string) => `${count.toLocaleString('en-US')} ${what}${count === 1 ? '' : 's'}`;

export interface CheckResult {
  report: Report;
  corpus: Corpus;
  texts: Map<string, DocText>;
  files: FileResult[];
  /** Paths named on the command line that do not exist. */
  missing: string[];
  /** Paths, folders and globs that matched no YAML file, as sentences (a usage error). */
  unmatched: string[];
  /** Named files outside the ledger, checked alone. */
  alone: string[];
}

const at1 = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Claims from which a lean check collects garbage as it judges (see analyse). */
const LARGE_CORPUS = 20_000;

/**
 * Read one file in one step with its checks (readRegularInside): a regular file whose real path is inside the
 * project (anywhere, for a path the user named outside it), size checked before a byte is read, so that a file
 * swapped for a link or a pipe after discovery is never read.
 */
async function readOne(f: FoundFile, maxBytes: number, realRoot: string, dirs: RealDirs, excluded: Excluder): Promise<FileResult | Uint8Array> {
  const named = f.file.startsWith('../') || path.isAbsolute(f.file);
  // Inside the project, a hidden name (.git, .env) is refused as written, and where a link leads is refused if excluded.
  const nameWhy = named ? undefined : hiddenWhy(f.file);
  let why: string | undefined = nameWhy;
  const r: InsideRead = nameWhy !== undefined ? { ok: false, why: 'excluded' } : readRegularInside(named ? path.parse(f.abs).root : realRoot, f.abs, maxBytes, dirs, named ? undefined : (realRel) => realRel !== f.file && (why = excluded(realRel)) !== undefined);
  if (r.ok) return r.bytes;
  if (r.why === 'excluded') {
    const to = r.real !== undefined && relPosix(realRoot, r.real) !== f.file ? ` leads to ${relPosix(realRoot, r.real)}, which` : '';
    return { file: f.file, loaded: false, sources: [], documents: [], claims: [], findings: [{ ruleId: 'file/excluded', severity: 'error', file: f.file, ...at1, message: `This file${to} was not read: ${why ?? 'it is excluded'}. Remove the link, or copy the claims into an ordinary file of the corpus folder.` }] };
  }
  if (r.code === 'EFBIG') return { file: f.file, loaded: false, sources: [], documents: [], claims: [], findings: [{ ...tooLarge(r.size ?? maxBytes + 1, maxBytes), file: f.file }] };
  const code = r.code ?? r.why;
  const finding: Finding = {
    ruleId: r.why === 'outside' ? 'file/outside-project' : 'file/unreadable',
    severity: 'error',
    file: f.file,
    ...at1,
    message:
      r.why === 'outside' ? 'This file leads outside the project folder, so it was not read.'
      : r.why === 'not-file' ? 'This is not a regular file (it is a pipe, socket or device), so it was not read. Remove it from the corpus folder.'
      : code === 'EACCES' || code === 'EPERM' ? 'This file cannot be read: permission denied. Check its permissions (chmod).'
      : `This file could not be read (${code}).`,
  };
  return { file: f.file, loaded: false, sources: [], documents: [], claims: [], findings: [finding] };
}

export function sortFindings(findings: Finding[]): Finding[] {
  // "N more errors not shown" closes its file's list, wherever it is placed.
  const last = (f: Finding) => (f.ruleId === 'schema/too-many-errors' ? 1 : 0);
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || last(a) - last(b) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

type DiscoverInput = Pick<CheckInput, 'config' | 'cwd' | 'paths' | 'stdin' | 'ignorePatterns' | 'noIgnore'>;

/** The YAML files a check reads (also used to key the whole-run cache before the check runs). */
export async function discoverInput(input: DiscoverInput): Promise<Discovery> {
  return discoverCheck(discoverArgs(input));
}

/**
 * What discovery is given for this input: the configured ledger when nothing is named; otherwise the paths named
 * (from the working folder) with the ledger as their context (absolute paths, from the project folder).
 */
export function discoverArgs(input: DiscoverInput): DiscoverArgs {
  const { config } = input;
  const named = input.paths.filter((p) => p !== '-');
  const ignore = config.ignore ?? [];
  const trustedIgnore = input.ignorePatterns ?? [];
  const whole = named.length === 0 && !input.stdin;
  return {
    root: config.root,
    base: whole ? config.root : input.cwd,
    paths: whole ? config.corpus : named,
    ...(config.file !== undefined && { configFile: config.file }),
    ...(!whole && { ledger: config.corpus.map((c) => path.resolve(config.root, c)) }),
    ...(ignore.length > 0 && { ignore }),
    ...(trustedIgnore.length > 0 && { trustedIgnore }),
    ...(input.noIgnore && { noIgnore: true }),
    ...(input.stdin && { stdinName: input.stdin.name }),
  };
}

/** Run the whole check and build the report. I/O happens here and in the loaders it calls; the rest is pure. */
export async function runCheck(input: CheckInput): Promise<CheckResult> {
  const { config } = input;
  const trace = timed(input.trace);
  const found = await discoverInput(input);
  trace?.('discover', `${n(found.files.length, 'YAML file')} found`);
  const { checkFiles } = await import('./parallel/check-files.js');
  const { checkFileBytes } = await import('./validate/file.js');
  const stage = input.fileStage ?? {};
  const realRoot = await fsp.realpath(config.root).catch(() => path.resolve(config.root));
  const dirs: RealDirs = new Map();
  const excluded = input.noIgnore ? hiddenWhy : excluder(realRoot, config.ignore ?? [], dirs);
  const files = await checkFiles(found.files, config.limits, (f) => readOne(f, config.limits.maxFileBytes, realRoot, dirs, excluded), {
    ...stage,
    onStats: (s) => {
      stage.onStats?.(s);
      trace?.('files', `${n(s.checked, 'file')} checked, with ${n(s.workers, 'worker thread')}; ${n(s.cached, 'file')} from the cache`);
    },
  });
  if (input.stdin) files.push(checkFileBytes(input.stdin.name, input.stdin.bytes, config.limits));
  const opts: AnalyseOptions = { ...(input.lean !== undefined && { lean: input.lean }), ...(stage.workers !== undefined && { workers: stage.workers }), ...(stage.cache && { cache: stage.cache }), ...(trace && { trace }) };
  const usage = { unmatched: found.unmatched ?? [], alone: found.alone ?? [] };
  if (found.selected === undefined) return { ...(await analyse(config, files, found.findings, found.missing, opts)), ...usage };
  // Named files outside the ledger are judged on their own; those inside, with the whole ledger, and shown alone.
  const alone = new Set(usage.alone);
  const selected = new Set(found.selected);
  const solo = alone.size > 0 ? await analyse(config, files.filter((f) => alone.has(f.file)), found.findings.filter((f) => alone.has(f.file)), [], opts) : undefined;
  if (selected.size === 0 && solo) return { ...solo, missing: found.missing, ...usage };
  const inLedger = files.filter((f) => !alone.has(f.file));
  const main = await analyse(config, inLedger, found.findings.filter((f) => !alone.has(f.file)), found.missing, opts);
  const picked = inLedger.every((f) => selected.has(f.file)) ? main : selectResult(main, (f) => selected.has(f.file));
  return { ...(solo ? mergeResults(picked, solo) : picked), ...usage };
}

/** A check's result showing only the findings and verdicts of some files (the rest was read as their context). */
function selectResult(r: CheckResult, shown: (f: { file: string }) => boolean): CheckResult {
  const claims = r.report.claims.filter(shown);
  const findings = r.report.findings.filter(shown);
  const files = r.files.filter(shown);
  const count = (what: 'sources' | 'documents') => files.reduce((sum, f) => sum + f[what].length, 0);
  return { ...r, report: { ...r.report, claims, findings, summary: summarise(claims, findings, files, count('sources'), count('documents')) } };
}

/** Two results of separate checks as one report (a ledger's selection, and files checked alone). */
function mergeResults(a: CheckResult, b: CheckResult): CheckResult {
  const claims = [...a.report.claims, ...b.report.claims];
  const findings = sortFindings([...a.report.findings, ...b.report.findings]);
  const [x, y] = [a.report.summary, b.report.summary];
  const summary = { ...summarise(claims, findings, [], x.sources + y.sources, x.documents + y.documents), files: x.files + y.files, filesWithErrors: x.filesWithErrors + y.filesWithErrors };
  return {
    ...a,
    report: { ...a.report, claims, findings, summary },
    corpus: { sources: new Map([...a.corpus.sources, ...b.corpus.sources]), documents: new Map([...a.corpus.documents, ...b.corpus.documents]), claims: [...a.corpus.claims, ...b.corpus.claims] },
    texts: new Map([...a.texts, ...b.texts]),
    files: [...a.files, ...b.files],
    missing: [...a.missing, ...b.missing],
  };
}

/** The report's summary of these verdicts and findings, over these files. */
function summarise(claims: readonly ClaimVerdict[], findings: readonly Finding[], files: readonly FileResult[], sources: number, documents: number): Summary {
  const statuses = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const c of claims) statuses[c.status]++;
  const allQuotes = claims.flatMap((c) => c.assertions.flatMap((a) => a.quotes));
  const count = (sev: Finding['severity']) => findings.filter((f) => f.severity === sev).length;
  const errorFiles = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.file));
  return {
    files: files.length,
    filesWithErrors: files.filter((f) => errorFiles.has(f.file)).length,
    claims: claims.length,
    sources,
    documents,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
    quotes: {
      total: allQuotes.length,
      verified: allQuotes.filter((q) => q.verification === 'verified').length,
      notFound: allQuotes.filter((q) => q.verification === 'not-found').length,
      unverifiable: allQuotes.filter((q) => q.verification === 'unverifiable').length,
    },
    statuses,
    provisional: claims.filter((c) => c.provisional).length,
  };
}

/** Everything after loading: cross-file checks, documents, quotes and verdicts. */
export async function analyse(config: Config, files: FileResult[], extra: Finding[], missing: string[] = [], opts: AnalyseOptions = {}): Promise<CheckResult> {
  const { lean = false, workers } = opts;
  // Timed from here when called alone; runCheck's trace is timed already.
  const trace = opts.trace;
  const [{ buildCorpus, checkReferences }, { loadDocumentTexts }, { QuoteChecker }, { docContent, verifyInText }, { QUOTE_PARALLEL_MIN_TEXTS, QuotePool, defaultWorkers }, { judgeClaim, policyOf, throughSupport }, { singleArticleWarnings }] = await Promise.all([
    import('./validate/refs.js'),
    import('./validate/documents.js'),
    import('./validate/quotes.js'),
    import('./validate/verify-text.js'),
    import('./parallel/verify-quotes.js'),
    import('./analyse/verdict.js'),
    import('./analyse/fragile.js'),
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
      }, config.exclude);
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
  const collect = lean && entities.length >= LARGE_CORPUS ? (await import('./util/gc.js')).collectGarbage : undefined;
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
