// Everything after loading, for a check that runs once: a fresh ledger (src/ledger/ledger.ts) given every file.
// `check --watch` keeps a ledger and updates it instead; both run the same code.
import type { Config } from '../config/config.js';
import type { FileResult, Finding } from '../report/types.js';
import type { CheckResult } from '../report/result.js';
import { Ledger, type UpdateOptions } from './ledger.js';
import { changedHint, currentLedger } from './scope.js';

export { markProvisional } from './provisional.js';

/** Options of analyse (all optional): as for Ledger.update. */
export type AnalyseOptions = UpdateOptions;

/**
 * Cross-file checks, documents, quotes and verdicts, and the report they make. Inside a ledger scope
 * (src/ledger/scope.ts: `check --watch`), the scope's ledger is updated instead, so that only what changed is
 * checked again.
 */
export async function analyse(config: Config, files: FileResult[], extra: Finding[], missing: string[] = [], opts: AnalyseOptions = {}): Promise<CheckResult> {
  const kept = currentLedger(config);
  const changed = kept && changedHint();
  return (kept ?? new Ledger(config, false)).update(files, extra, missing, changed ? { ...opts, changed } : opts);
}
