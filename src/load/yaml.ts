import { Composer, isAlias, isMap, isScalar, LineCounter, Parser, visit, type CST, type Document, type Node, type YAMLError, type YAMLWarning } from 'yaml';
import { makeLocalFinding, type RuleId } from '../report/rules/index.js';
import type { Finding, Loc } from '../report/types.js';
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

/** Deepest nesting of lists and maps a file may have. Claim files need about eight levels. */
export const MAX_DEPTH = 64;

/**
 * Options for every parse: duplicate keys are errors; no YAML 1.1 extras (!!binary, !!timestamp, !!set...),
 * so every explicit tag other than the core ones is refused; and the library never writes warnings to the
 * process (they become findings instead).
 */
const PARSE_OPTIONS = { uniqueKeys: true, strict: true, prettyErrors: false, resolveKnownTags: false, logLevel: 'error', merge: false } as const;

/**
 * Most lines plus flow-list separators a file may hold on this path: the yaml library's CST and Document take about
 * 2 KB per value (a 4.6 MB claim file of 160,000 lines peaks at 350 MB), so a file of tiny values must be refused
 * before parsing, not measured after.
 */
export const MAX_YAML_VALUES = 300_000;

/** Whether the text holds more than `max` line breaks and commas (a cheap upper bound on its values). */
function tooManyValues(text: string, max: number): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 10 || c === 44) && ++n > max) return true;
  }
  return false;
}

// Grouped by hand: toLocaleString here would set up ICU's locale data at start-up, for a message rarely shown.
const tooManyMessage = `This file holds more than ${String(MAX_YAML_VALUES).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} lines and list items in a form that needs the full YAML reader (tabs, Windows line endings, escapes or anchors), which would take too much memory, so it was not read. Split it into smaller files, or save it with plain line endings and no tabs.`;

const tooDeepMessage = `This file nests lists and maps more than ${MAX_DEPTH} levels deep, which no claim file needs, so it was not read. Check the brackets and the indentation.`;

/**
 * The offset where a CST token nests deeper than `max`, or undefined. Iterative, so that a hostile file cannot
 * overflow the stack here; the composer, which is recursive, only ever sees tokens that passed this check.
 */
function tooDeepAt(token: CST.Token, max: number): number | undefined {
  const stack: Array<[CST.Token, number]> = [[token, 0]];
  while (stack.length > 0) {
    const [t, depth] = stack.pop()!;
    if (t.type === 'document') {
      if (t.value) stack.push([t.value, depth]);
    } else if (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection') {
      if (depth + 1 > max) return t.offset;
      for (const item of t.items as Array<{ key?: CST.Token | null; value?: CST.Token }>) {
        if (item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** The rule of a yaml library error code, and our message for it when the library's own would not help. */
const BY_CODE: Record<string, [RuleId, string?]> = {
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

function toFinding(lc: LineCounter, err: YAMLError | YAMLWarning, text: string): LocalFinding {
  const [rule, fixed]: [RuleId, string?] = BY_CODE[err.code] ?? ['yaml/syntax'];
  const [start, end] = err.pos;
  // An unclosed quote is reported by yaml where the text ends; point at the quote that opens it instead.
  const unclosed = err.code === 'MISSING_CHAR' ? /Missing closing (["'])quote/.exec(err.message) : null;
  if (unclosed) {
    const q = unclosed[1]!;
    const open = text.lastIndexOf(q, Math.max(0, start - 1));
    if (open !== -1) {
      return makeLocalFinding('yaml/unclosed-quote', { ...locOfRange(lc, open, open + 1), message: `This ${q === '"' ? 'double' : 'single'}-quoted text is never closed: add the closing ${q} at the end of the value.` });
    }
  }
  if (err.code === 'TAG_RESOLVE_FAILED') {
    // Name the tag as written (cut short; formatters make the message inert).
    const tag = /^![^\s,[\]{}]{0,60}/.exec(text.slice(start, start + 61))?.[0];
    if (tag) {
      const message = `The YAML tag "${tag}" is not allowed in claim files: tags can make a YAML reader build objects or run code. Remove it and write the value as plain text.`;
      return makeLocalFinding(rule, { ...locOfRange(lc, start, end), message });
    }
  }
  return makeLocalFinding(rule, { ...locOfRange(lc, start, end), message: fixed ?? yamlMessage(err) });
}

/** Parse YAML text into one document with positions; every problem becomes a located finding. */
export function parseYaml(text: string): ParsedYaml {
  const lc = new LineCounter();
  const findings: LocalFinding[] = [];
  const docs: Document[] = [];
  if (tooManyValues(text, MAX_YAML_VALUES)) {
    findings.push(makeLocalFinding('yaml/too-many-values', { line: 1, column: 1, endLine: 1, endColumn: 1, message: tooManyMessage }));
    return { lc, findings };
  }
  try {
    const composer = new Composer(PARSE_OPTIONS);
    for (const token of new Parser(lc.addNewLine).parse(text)) {
      const deep = tooDeepAt(token, MAX_DEPTH);
      if (deep !== undefined) {
        findings.push(makeLocalFinding('yaml/too-deep', { ...locOfRange(lc, deep, deep), message: tooDeepMessage }));
        return { lc, findings };
      }
      docs.push(...(composer.next(token) as Iterable<Document>));
    }
    docs.push(...(composer.end() as Iterable<Document>));
  } catch (err) {
    findings.push(
      makeLocalFinding(err instanceof RangeError ? 'yaml/too-deep' : 'yaml/syntax', {
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        message: err instanceof RangeError ? tooDeepMessage : `YAML could not be parsed: ${String((err as Error).message ?? err).split('\n')[0]}`,
      }),
    );
    return { lc, findings };
  }
  const doc = docs[0];
  if (!doc) return { lc, findings, value: null };
  for (const extra of docs.slice(1)) {
    const start = extra.range?.[0] ?? 0;
    findings.push(
      makeLocalFinding('yaml/multiple-documents', {
        ...locOfRange(lc, start, start),
        message: 'This file holds more than one YAML document (separated by "---"). Put each in its own file: only the first one was checked.',
      }),
    );
  }
  for (const e of doc.errors) findings.push(toFinding(lc, e, text));
  for (const w of doc.warnings) findings.push(toFinding(lc, w, text));
  // A list or map used as a key (`? [a, b]: x`) has no meaning in a claim file, and would be turned into text silently.
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key as Node | null;
      if (key && !isScalar(key) && !isAlias(key)) {
        const r = key.range;
        findings.push(
          makeLocalFinding('yaml/complex-key', {
            ...locOfRange(lc, r?.[0] ?? 0, r?.[1] ?? 0),
            message: `This key is a ${isMap(key) ? 'map' : 'list'}, not a field name. Keys in claim files are plain words such as "id" or "statement".`,
          }),
        );
      }
    },
  });
  if (findings.some((f) => f.severity === 'error')) return { doc, lc, findings };
  try {
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { doc, lc, value, findings };
  } catch (err) {
    const bomb = err instanceof ReferenceError || /alias/i.test(String((err as Error)?.message));
    let firstAlias: Loc = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    if (bomb) {
      visit(doc, {
        Alias(_, node) {
          if (node.range) firstAlias = locOfRange(lc, node.range[0], node.range[1]);
          return visit.BREAK;
        },
      });
    }
    findings.push(
      makeLocalFinding(bomb ? 'yaml/alias-limit' : err instanceof RangeError ? 'yaml/too-deep' : 'yaml/syntax', {
        ...firstAlias,
        message: bomb
          ? `This file expands YAML aliases (*name) more than ${MAX_ALIAS_COUNT} times, which looks like an "alias bomb". Write the values out instead of using aliases.`
          : err instanceof RangeError
            ? tooDeepMessage
            : `YAML could not be read: ${String((err as Error)?.message).split('\n')[0]}`,
      }),
    );
    return { doc, lc, findings };
  }
}
