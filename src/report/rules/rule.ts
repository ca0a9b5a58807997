// The shape of one rule of the registry. Each rule is a module of its own under a folder named after its family
// (src/report/rules/quote/not-found.ts holds quote/not-found), listed once in src/report/rules/index.ts.
import type { Severity, Status } from '../types.js';

/**
 * A place where findings of a rule take another severity than the rule's default, named so that the code that
 * applies it and the documentation read the same entry.
 */
export type SeverityContext = 'fail-on';

export interface SeverityOverride {
  readonly context: SeverityContext;
  readonly severity: Severity;
  /** Where the severity differs and why, as a phrase after the severity ("error in …"), for the README. */
  readonly where: string;
}

export interface Rule<Id extends string = string> {
  readonly id: Id;
  /** Severity of findings under this rule. */
  readonly severity: Severity;
  /** One sentence: what the rule reports. */
  readonly short: string;
  /** Why it matters. */
  readonly full: string;
  /** How to fix it. */
  readonly help: string;
  /** Contexts in which results of this rule are shown with another severity. */
  readonly overrides?: readonly SeverityOverride[];
  /**
   * How often a finding of the rule is a real problem (SARIF's precision, by which GitHub ranks alerts). Most rules
   * read facts off the files and are always right ('very-high', the default); rules that judge from patterns,
   * where an editor may rightly disagree, say so.
   */
  readonly precision?: 'very-high' | 'high' | 'medium';
}

/** A rule, its id kept as a string literal so that the registry's `RuleId` union names it. */
export function defineRule<const Id extends string>(rule: Rule<Id>): Rule<Id> {
  return rule;
}

/** What each headline status means, in the words of the verdict rules. */
const MEANING: Readonly<Record<Status, string>> = {
  contested: 'at least one voice supports it and at least one denies or disputes it',
  corroborated: 'enough independent voices support it and none opposes it',
  'single-source': 'only one independent voice supports it',
  'under-corroborated': 'it has supporting voices, but fewer than the corroboration threshold',
  denied: 'only opposing voices speak about it',
  unsupported: 'no voice takes a stance on it',
};

/**
 * The rule of a headline status, reported for a claim only when --fail-on names that status. It is a note in
 * SARIF (a verdict is not a defect of the file); the line formats that fail the run on it (github, compact) show
 * it as an error.
 */
export function verdictRule<const S extends Status>(status: S): Rule<`verdict/${S}`> {
  return {
    id: `verdict/${status}`,
    severity: 'info',
    short: `A claim is ${status}.`,
    full: `The claim's headline status is "${status}": ${MEANING[status]}. Reported only when --fail-on names this status.`,
    help: `Read the claim's explanation (claims show <id>) before stating it as fact. Remove "${status}" from --fail-on to stop reporting it.`,
    overrides: [{ context: 'fail-on', severity: 'error', where: 'in GitHub annotations and compact output, where --fail-on makes it fail the run' }],
  };
}
