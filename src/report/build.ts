// The report's parts built from verdicts and findings: ordering, the summary, and selections and merges of results.
import { STATUSES, type ClaimVerdict, type FileResult, type Finding, type Status, type Summary } from './types.js';
import type { CheckResult } from './result.js';
import { byCodeUnits } from '../util/text.js';

export function sortFindings(findings: Finding[]): Finding[] {
  // "N more errors not shown" closes its file's list, wherever it is placed.
  const last = (f: Finding) => (f.ruleId === 'schema/too-many-errors' ? 1 : 0);
  return findings.sort((a, b) => byCodeUnits(a.file, b.file) || last(a) - last(b) || a.line - b.line || a.column - b.column || byCodeUnits(a.ruleId, b.ruleId));
}

/** A check's result showing only the findings and verdicts of some files (the rest was read as their context). */
export function selectResult(r: CheckResult, shown: (f: { file: string }) => boolean): CheckResult {
  const claims = r.report.claims.filter(shown);
  const findings = r.report.findings.filter(shown);
  const files = r.files.filter(shown);
  const count = (what: 'sources' | 'documents') => files.reduce((sum, f) => sum + f[what].length, 0);
  return { ...r, report: { ...r.report, claims, findings, summary: summarise(claims, findings, files, count('sources'), count('documents')) } };
}

/** Two results of separate checks as one report (a ledger's selection, and files checked alone). */
export function mergeResults(a: CheckResult, b: CheckResult): CheckResult {
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

type QuoteCounts = Summary['quotes'];

/** A verdict's quotes counted by outcome, once per verdict object (a kept ledger hands out the same verdicts again). */
const counted = new WeakMap<ClaimVerdict, QuoteCounts>();
function quoteCounts(c: ClaimVerdict): QuoteCounts {
  let q = counted.get(c);
  if (q !== undefined) return q;
  q = { total: 0, verified: 0, notFound: 0, unverifiable: 0 };
  for (const a of c.assertions) {
    for (const x of a.quotes) {
      q.total++;
      if (x.verification === 'verified') q.verified++;
      else if (x.verification === 'not-found') q.notFound++;
      else if (x.verification === 'unverifiable') q.unverifiable++;
    }
  }
  counted.set(c, q);
  return q;
}

/** The report's summary of these verdicts and findings, over these files. */
export function summarise(claims: readonly ClaimVerdict[], findings: readonly Finding[], files: readonly FileResult[], sources: number, documents: number): Summary {
  const statuses = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const quotes = { total: 0, verified: 0, notFound: 0, unverifiable: 0 };
  let provisional = 0;
  // One pass over the verdicts and one over the findings: a large report holds hundreds of thousands of each.
  for (const c of claims) {
    statuses[c.status]++;
    if (c.provisional) provisional++;
    const q = quoteCounts(c);
    quotes.total += q.total;
    quotes.verified += q.verified;
    quotes.notFound += q.notFound;
    quotes.unverifiable += q.unverifiable;
  }
  const bySeverity = { error: 0, warning: 0, info: 0 };
  const errorFiles = new Set<string>();
  for (const f of findings) {
    bySeverity[f.severity]++;
    if (f.severity === 'error') errorFiles.add(f.file);
  }
  return {
    files: files.length,
    filesWithErrors: files.filter((f) => errorFiles.has(f.file)).length,
    claims: claims.length,
    sources,
    documents,
    errors: bySeverity.error,
    warnings: bySeverity.warning,
    infos: bySeverity.info,
    quotes,
    statuses,
    provisional,
  };
}
