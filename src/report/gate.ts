// The CI gate: --fail-on statuses and --max-warnings, decided once and carried in the report, so that every
// format says which claims failed and why, and the exit code follows the same decision.
import type { Gate, Report, Status } from './types.js';
import { plural } from '../util/text.js';

export interface GateOptions {
  failOn: readonly Status[];
  /** Most warnings allowed; -1 (or undefined) for no limit, as ESLint's --max-warnings. */
  maxWarnings?: number;
}

/** The gate for this report, or undefined when neither --fail-on nor --max-warnings was given. */
export function gateOf(report: Report, opts: GateOptions): Gate | undefined {
  const max = opts.maxWarnings !== undefined && opts.maxWarnings >= 0 ? opts.maxWarnings : null;
  if (opts.failOn.length === 0 && max === null) return undefined;
  const failed = report.claims.filter((c) => opts.failOn.includes(c.status)).map((c) => ({ id: c.id, status: c.status, file: c.file, line: c.line }));
  const reasons: string[] = [];
  const { errors, warnings } = report.summary;
  if (errors > 0) reasons.push(`${plural(errors, 'error')} in the ledger (errors always fail).`);
  if (failed.length > 0) {
    const by = opts.failOn.filter((st) => failed.some((f) => f.status === st)).map((st) => `${failed.filter((f) => f.status === st).length} ${st}`);
    reasons.push(`${plural(failed.length, 'claim')} with a status --fail-on names (${by.join(', ')}).`);
  }
  if (max !== null && warnings > max) reasons.push(`${plural(warnings, 'warning')}, more than --max-warnings ${max} allows.`);
  return { passed: reasons.length === 0, failOn: [...opts.failOn], maxWarnings: max, failed, reasons };
}

/** Exit 1 when there are errors, a claim has a status --fail-on names, or warnings exceed --max-warnings. */
export function gateExitCode(report: Report, opts: GateOptions): number {
  if (report.summary.errors > 0) return 1;
  const gate = report.gate ?? gateOf(report, opts);
  return gate && !gate.passed ? 1 : 0;
}
