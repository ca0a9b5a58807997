// THE list of rules `claims check` can emit: every check, the README's rule table and the SARIF rule
// descriptors read it. Adding a rule is one module under src/report/rules/<family>/ and one entry in the list
// below (with its import); test/rules.test.ts fails when a module is left out of the list or an emitted rule id is
// not in it.
import type { Finding, Severity, Status } from '../types.js';
import type { Rule, SeverityContext } from './rule.js';
import { fileUnreadable } from './file/unreadable.js';
import { fileTooLarge } from './file/too-large.js';
import { fileEncoding } from './file/encoding.js';
import { fileBinary } from './file/binary.js';
import { fileIgnored } from './file/ignored.js';
import { fileEmpty } from './file/empty.js';
import { fileUnknownKind } from './file/unknown-kind.js';
import { fileSymlinkLoop } from './file/symlink-loop.js';
import { fileDanglingSymlink } from './file/dangling-symlink.js';
import { fileExcluded } from './file/excluded.js';
import { fileOutsideProject } from './file/outside-project.js';
import { yamlSyntax } from './yaml/syntax.js';
import { yamlUnclosedQuote } from './yaml/unclosed-quote.js';
import { yamlComplexKey } from './yaml/complex-key.js';
import { yamlDuplicateKey } from './yaml/duplicate-key.js';
import { yamlTabIndent } from './yaml/tab-indent.js';
import { yamlTag } from './yaml/tag.js';
import { yamlAlias } from './yaml/alias.js';
import { yamlAliasLimit } from './yaml/alias-limit.js';
import { yamlTooDeep } from './yaml/too-deep.js';
import { yamlTooManyValues } from './yaml/too-many-values.js';
import { yamlMultipleDocuments } from './yaml/multiple-documents.js';
import { schemaRequired } from './schema/required.js';
import { schemaUnknownField } from './schema/unknown-field.js';
import { schemaEnum } from './schema/enum.js';
import { schemaType } from './schema/type.js';
import { schemaPattern } from './schema/pattern.js';
import { schemaFormat } from './schema/format.js';
import { schemaEmpty } from './schema/empty.js';
import { schemaTooLong } from './schema/too-long.js';
import { schemaRange } from './schema/range.js';
import { schemaDuplicateItem } from './schema/duplicate-item.js';
import { schemaInvalid } from './schema/invalid.js';
import { schemaTooManyErrors } from './schema/too-many-errors.js';
import { refDuplicateId } from './ref/duplicate-id.js';
import { refUnknownSource } from './ref/unknown-source.js';
import { refUnknownDocument } from './ref/unknown-document.js';
import { refUnknownParty } from './ref/unknown-party.js';
import { refRelayCycle } from './ref/relay-cycle.js';
import { refUnknownClaim } from './ref/unknown-claim.js';
import { refSelfContradiction } from './ref/self-contradiction.js';
import { refSelfReference } from './ref/self-reference.js';
import { documentMissingFile } from './document/missing-file.js';
import { documentUnreadable } from './document/unreadable.js';
import { documentOutsideProject } from './document/outside-project.js';
import { documentExcluded } from './document/excluded.js';
import { documentNotEvidence } from './document/not-evidence.js';
import { documentBudget } from './document/budget.js';
import { documentNoHash } from './document/no-hash.js';
import { documentHashMismatch } from './document/hash-mismatch.js';
import { quoteNotFound } from './quote/not-found.js';
import { quoteOverElided } from './quote/over-elided.js';
import { quoteUnverifiable } from './quote/unverifiable.js';
import { quoteLanguageMismatch } from './quote/language-mismatch.js';
import { assertionNoQuote } from './assertion/no-quote.js';
import { assertionUnproven } from './assertion/unproven.js';
import { assertionValueWithoutQuantity } from './assertion/value-without-quantity.js';
import { assertionValueRange } from './assertion/value-range.js';
import { assertionAfterDocument } from './assertion/after-document.js';
import { sourceOutletVoice } from './source/outlet-voice.js';
import { claimNoAssertions } from './claim/no-assertions.js';
import { claimSingleDocument } from './claim/single-document.js';
import { configOutsideProject } from './config/outside-project.js';
import { verdictContested } from './verdict/contested.js';
import { verdictCorroborated } from './verdict/corroborated.js';
import { verdictSingleSource } from './verdict/single-source.js';
import { verdictUnderCorroborated } from './verdict/under-corroborated.js';
import { verdictDenied } from './verdict/denied.js';
import { verdictUnsupported } from './verdict/unsupported.js';

/** The finding rules, in the order SARIF lists them: by family, as a reader meets the problems. */
const FINDING_RULES = [
  fileUnreadable,
  fileTooLarge,
  fileEncoding,
  fileBinary,
  fileIgnored,
  fileEmpty,
  fileUnknownKind,
  fileSymlinkLoop,
  fileDanglingSymlink,
  fileExcluded,
  fileOutsideProject,
  yamlSyntax,
  yamlUnclosedQuote,
  yamlComplexKey,
  yamlDuplicateKey,
  yamlTabIndent,
  yamlTag,
  yamlAlias,
  yamlAliasLimit,
  yamlTooDeep,
  yamlTooManyValues,
  yamlMultipleDocuments,
  schemaRequired,
  schemaUnknownField,
  schemaEnum,
  schemaType,
  schemaPattern,
  schemaFormat,
  schemaEmpty,
  schemaTooLong,
  schemaRange,
  schemaDuplicateItem,
  schemaInvalid,
  schemaTooManyErrors,
  refDuplicateId,
  refUnknownSource,
  refUnknownDocument,
  refUnknownParty,
  refRelayCycle,
  refUnknownClaim,
  refSelfContradiction,
  refSelfReference,
  documentMissingFile,
  documentUnreadable,
  documentOutsideProject,
  documentExcluded,
  documentNotEvidence,
  documentBudget,
  documentNoHash,
  documentHashMismatch,
  quoteNotFound,
  quoteOverElided,
  quoteUnverifiable,
  quoteLanguageMismatch,
  assertionNoQuote,
  assertionUnproven,
  assertionValueWithoutQuantity,
  assertionValueRange,
  assertionAfterDocument,
  sourceOutletVoice,
  claimNoAssertions,
  claimSingleDocument,
  configOutsideProject,
] as const;

/** One rule per headline status, in the order of STATUSES. */
const VERDICT_RULES = [
  verdictContested,
  verdictCorroborated,
  verdictSingleSource,
  verdictUnderCorroborated,
  verdictDenied,
  verdictUnsupported,
] as const;

/** Every rule, findings first then verdicts, in a stable order. */
export const RULES: readonly Rule[] = [...FINDING_RULES, ...VERDICT_RULES];

/** The id of a rule the registry holds: an emit site that names any other id does not compile. */
export type RuleId = (typeof FINDING_RULES)[number]['id'] | (typeof VERDICT_RULES)[number]['id'];

export type { Rule, SeverityContext, SeverityOverride } from './rule.js';

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

export function isKnownRule(id: string): id is RuleId {
  return BY_ID.has(id);
}

/**
 * The registry entry of a rule id. An id the registry does not hold (a test keeps that from happening) gets a
 * generic entry, so that a machine format stays valid.
 */
export function ruleInfo(id: string): Rule {
  return (
    BY_ID.get(id) ?? {
      id,
      severity: 'error',
      short: `Problem reported under rule ${id}.`,
      full: `Problem reported under rule ${id}.`,
      help: 'Read the message of the finding.',
    }
  );
}

/** The severity results of a rule take in a context: its documented override there, else its default. */
export function ruleSeverity(id: RuleId, context?: SeverityContext): Severity {
  const rule = ruleInfo(id);
  return (context !== undefined && rule.overrides?.find((o) => o.context === context)?.severity) || rule.severity;
}

/**
 * The rule id of a verdict result, e.g. "verdict/contested" (only reported when --fail-on names the status). It
 * compiles only while every status has its rule in the list.
 */
export function verdictRuleId(status: Status): RuleId {
  return `verdict/${status}`;
}

/** A finding under a registered rule, with the rule's severity (ruleId and severity come first in the report). */
export function makeFinding(id: RuleId, fields: Omit<Finding, 'ruleId' | 'severity'>): Finding {
  return { ruleId: id, severity: ruleInfo(id).severity, ...fields };
}

/** A finding of one file's reader, before the file's path is added: `makeFinding` without `file`. */
export function makeLocalFinding(id: RuleId, fields: Omit<Finding, 'ruleId' | 'severity' | 'file'>): Omit<Finding, 'file'> {
  return { ruleId: id, severity: ruleInfo(id).severity, ...fields };
}
