import { LineCounter, parseAllDocuments, type Document, type YAMLError, type YAMLWarning } from 'yaml';
import type { Finding } from '../report/types.js';
import { locOfRange } from './positions.js';

export type LocalFinding = Omit<Finding, 'file'>;

export interface ParsedYaml {
  doc?: Document;
  lc: LineCounter;
  /** The plain data, when the file parsed without errors. */
  value?: unknown;
  findings: LocalFinding[];
}

/** Aliases a file may expand before we call it an alias bomb. Real claim files use none or a few. */
export const MAX_ALIAS_COUNT = 100;

const RULES: Record<string, [string, string?]> = {
  DUPLICATE_KEY: ['yaml/duplicate-key', 'This key appears twice in the same map. Remove or rename one of them: YAML keeps only one, and the other would be lost silently.'],
  TAB_AS_INDENT: ['yaml/tab-indent', 'A tab is used for indentation here. YAML allows only spaces: replace the tab with spaces.'],
  TAG_RESOLVE_FAILED: ['yaml/tag', 'YAML tags (like !!js/function or !custom) are not allowed in claim files. Remove the tag and write the value as plain text.'],
  BAD_ALIAS: ['yaml/alias'],
};

function yamlMessage(err: YAMLError | YAMLWarning): string {
  // yaml appends " at line L, column C:" and a code frame; we give the position ourselves.
  const first = err.message.split('\n')[0] ?? err.message;
  const msg = first.replace(/ at line \d+, column \d+:?\s*$/, '').trim();
  return `YAML syntax error: ${msg.endsWith('.') ? msg : `${msg}.`}`;
}

function toFinding(lc: LineCounter, err: YAMLError | YAMLWarning): LocalFinding {
  const [rule, text] = RULES[err.code] ?? ['yaml/syntax'];
  const [start, end] = err.pos;
  return { ruleId: rule, severity: 'error', ...locOfRange(lc, start, end), message: text ?? yamlMessage(err) };
}

/** Parse YAML text into one document with positions; every problem becomes a located finding. */
export function parseYaml(text: string): ParsedYaml {
  const lc = new LineCounter();
  const findings: LocalFinding[] = [];
  let docs: Document[];
  try {
    const parsed = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true, strict: true, prettyErrors: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (err) {
    findings.push({
      ruleId: err instanceof RangeError ? 'yaml/too-deep' : 'yaml/syntax',
      severity: 'error',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      message:
        err instanceof RangeError
          ? 'This file is nested too deeply to read safely. Claim files need only a few levels of nesting.'
          : `YAML could not be parsed: ${String((err as Error).message ?? err).split('\n')[0]}`,
    });
    return { lc, findings };
  }
  const doc = docs[0];
  if (!doc) return { lc, findings, value: null };
  for (const extra of docs.slice(1)) {
    const start = extra.range?.[0] ?? 0;
    findings.push({
      ruleId: 'yaml/multiple-documents',
      severity: 'error',
      ...locOfRange(lc, start, start),
      message: 'This file holds more than one YAML document (separated by "---"). Put each in its own file: only the first one was checked.',
    });
  }
  for (const e of doc.errors) findings.push(toFinding(lc, e));
  for (const w of doc.warnings) findings.push(toFinding(lc, w));
  if (doc.errors.length > 0 || doc.warnings.some((w) => w.code === 'TAG_RESOLVE_FAILED')) return { doc, lc, findings };
  try {
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { doc, lc, value, findings };
  } catch (err) {
    const bomb = err instanceof ReferenceError || /alias/i.test(String((err as Error)?.message));
    findings.push({
      ruleId: bomb ? 'yaml/alias-limit' : err instanceof RangeError ? 'yaml/too-deep' : 'yaml/syntax',
      severity: 'error',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      message: bomb
        ? `This file expands YAML aliases (*name) more than ${MAX_ALIAS_COUNT} times, which looks like an "alias bomb". Write the values out instead of using aliases.`
        : err instanceof RangeError
          ? 'This file is nested too deeply to read safely. Claim files need only a few levels of nesting.'
          : `YAML could not be read: ${String((err as Error)?.message).split('\n')[0]}`,
    });
    return { doc, lc, findings };
  }
}
