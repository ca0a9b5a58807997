// The rule registry lives in src/report/rules/index.ts; this module re-exports it for importers not yet moved.
export { RULES, ruleInfo, isKnownRule, verdictRuleId, makeFinding, makeLocalFinding, ruleSeverity, type Rule as RuleInfo, type RuleId, type FindingRuleId } from './rules/index.js';
