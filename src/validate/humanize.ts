import type { ErrorObject } from 'ajv';
import type { Document, LineCounter, Node } from 'yaml';
import { makeLocalFinding, type RuleId } from '../report/rules/index.js';
import type { Loc } from '../report/types.js';
import { locOfNode, nodeAt, pointerToPath, type PathSeg, type SchemaWhere } from '../load/positions.js';
import type { LocalFinding } from '../load/yaml.js';
import { didYouMean, listWords } from '../util/text.js';
import { pushTo } from '../util/maps.js';

const THING: Record<string, string> = {
  claims: 'claim',
  assertions: 'assertion',
  quotes: 'quote',
  sources: 'source',
  documents: 'document',
  places: 'place',
  tags: 'tag',
  parties: 'party',
};

/** What the object at `path` is, in words: "assertion", "quote", "document"... */
function thingAt(path: readonly PathSeg[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === 'number') {
      const parent = path[i - 1];
      return (typeof parent === 'string' && THING[parent]) || 'item';
    }
    if (typeof seg === 'string') return seg === 'event' ? 'event' : seg === 'corroboration' ? 'corroboration policy' : seg === 'limits' ? 'limits section' : `"${seg}" field`;
  }
  return 'file';
}

/** The field name an error is about ("stance"), or the thing when the value is a list item. */
function fieldAt(path: readonly PathSeg[]): string {
  const last = path[path.length - 1];
  if (typeof last === 'string') return `"${last}"`;
  if (typeof last === 'number') return `this ${thingAt(path)}`;
  return 'the file';
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function typeWord(t: string | string[]): string {
  const words: Record<string, string> = {
    string: 'text',
    array: 'a list',
    object: 'a map of fields',
    boolean: 'true or false',
    integer: 'a whole number',
    number: 'a number',
    null: 'empty',
  };
  const ts = Array.isArray(t) ? t : [t];
  return listWords(ts.map((x) => words[x] ?? x), 'or');
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return v instanceof Uint8Array ? 'binary data' : 'a map of fields';
  if (typeof v === 'string') return 'text';
  if (typeof v === 'boolean') return `${v}`;
  if (typeof v === 'number') return `the number ${v}`;
  return typeof v;
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return `"${s.length > 60 ? `${s.slice(0, 59)}…` : s}"`;
}

function slugify(v: string): string {
  return (
    v
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'my-id'
  );
}

function patternMessage(err: ErrorObject, path: readonly PathSeg[]): string {
  const pattern = String(err.params['pattern'] ?? '');
  const v = err.data;
  if (pattern.startsWith('^[a-z0-9]+(-[a-z0-9]+)*')) {
    return `${show(v)} is not a valid id: ids are lowercase letters and digits joined by hyphens, like "${slugify(String(v))}".`;
  }
  if (pattern.startsWith('^[0-9]{4}')) return `${show(v)} is not a valid date for ${fieldAt(path)}: write YYYY-MM-DD, YYYY-MM or YYYY (for example 2021-07-14).`;
  if (pattern.startsWith('^[0-9a-f]{64}')) return `${show(v)} is not a SHA-256 hash: it must be 64 lowercase hexadecimal digits. Run "claims hash" to fill it in.`;
  if (pattern.startsWith('^(?!(.*[\\\\/])?\\.\\.')) return `${show(v)} climbs out of the project folder with "..": ignore patterns are relative to the folder of claims.config.yaml and stay inside it. Remove the "..".`;
  if (pattern.startsWith('^[a-z]{2,3}')) return `${show(v)} is not a language tag: use a code like "en", "fr" or "ps".`;
  return `${show(v)} does not have the expected form for ${fieldAt(path)}.`;
}

interface Rewritten {
  ruleId: RuleId;
  message: string;
  /** Where to point: the key of an unknown field, the map missing a field, or the offending value. */
  target: 'key' | 'map' | 'value';
  path: PathSeg[];
}

/** The finding an Ajv error becomes; "did you mean" hints only when `hints` (they are skipped for errors not shown). */
function rewrite(err: ErrorObject, hints = true): Rewritten | undefined {
  const path = pointerToPath(err.instancePath);
  const thing = thingAt(path);
  switch (err.keyword) {
    case 'required': {
      const prop = String(err.params['missingProperty']);
      const desc = (err.parentSchema as { properties?: Record<string, { description?: string }> } | undefined)?.properties?.[prop]?.description;
      return { ruleId: 'schema/required', target: 'map', path, message: `This ${thing} is missing "${prop}".${desc ? ` ${desc}` : ''}` };
    }
    case 'additionalProperties': {
      const prop = String(err.params['additionalProperty']);
      const allowed = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = hints ? didYouMean(prop, allowed) : '';
      return {
        ruleId: 'schema/unknown-field',
        target: 'key',
        path: [...path, prop],
        message: `Unknown field "${prop}" in this ${thing}.${hint} Allowed fields: ${allowed.join(', ')}.`,
      };
    }
    case 'enum': {
      const allowed = (err.params['allowedValues'] as unknown[]).map(String);
      const hint = hints && typeof err.data === 'string' ? didYouMean(err.data, allowed) : '';
      return { ruleId: 'schema/enum', target: 'value', path, message: `${show(err.data)} is not a valid value for ${fieldAt(path)}.${hint} Use one of: ${allowed.join(', ')}.` };
    }
    case 'type':
      return { ruleId: 'schema/type', target: 'value', path, message: cap(`${fieldAt(path)} should be ${typeWord(err.params['type'] as string)}, but it is ${describeValue(err.data)}.`) };
    case 'pattern':
      return { ruleId: 'schema/pattern', target: 'value', path, message: patternMessage(err, path) };
    case 'format':
      return { ruleId: 'schema/format', target: 'value', path, message: `${show(err.data)} is not a valid ${err.params['format'] === 'uri' ? 'URL: write it in full, starting with https://' : String(err.params['format'])}.` };
    case 'minLength':
      return { ruleId: 'schema/empty', target: 'value', path, message: cap(`${fieldAt(path)} is empty: write something or remove it.`) };
    case 'minItems':
      return { ruleId: 'schema/empty', target: 'value', path, message: cap(`${fieldAt(path)} is an empty list.`) };
    case 'maxLength':
      return { ruleId: 'schema/too-long', target: 'value', path, message: cap(`${fieldAt(path)} is longer than ${String(err.params['limit'])} characters.`) };
    case 'minimum':
    case 'maximum':
      return { ruleId: 'schema/range', target: 'value', path, message: cap(`${fieldAt(path)} must be ${err.keyword === 'minimum' ? 'at least' : 'at most'} ${String(err.params['limit'])}.`) };
    case 'maxItems':
      return { ruleId: 'schema/too-long', target: 'value', path, message: cap(`${fieldAt(path)} lists more than ${String(err.params['limit'])} values.`) };
    case 'uniqueItems':
      return { ruleId: 'schema/duplicate-item', target: 'value', path, message: cap(`${fieldAt(path)} lists the same value twice.`) };
    default:
      return { ruleId: 'schema/invalid', target: 'value', path, message: cap(`${fieldAt(path)} is not valid here.`) };
  }
}

/**
 * Keep the errors a person needs: drop the noise of alternatives (anyOf) and merge "needs path or url". Linear in
 * the errors: each is compared only with the errors at its own path (a file can have tens of thousands).
 */
function prune(errors: readonly ErrorObject[]): Array<ErrorObject | Rewritten> {
  const out: Array<ErrorObject | Rewritten> = [];
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) pushTo(byPath, e.instancePath, e);
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const specific = new Set(
    errors.filter((e) => ['pattern', 'enum', 'format', 'minLength'].includes(e.keyword)).map((e) => e.instancePath),
  );
  const doneAnyOfRequired = new Set<string>();
  const emitted = new Set<ErrorObject>();
  // Paths with a type error already in `out` (as itself or merged with its alternatives).
  const typeDone = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'anyOf') continue;
    const here = byPath.get(e.instancePath)!;
    const inAnyOf = e.schemaPath.includes('/anyOf/');
    if (inAnyOf && e.keyword === 'required' && anyOfPaths.has(e.instancePath)) {
      if (doneAnyOfRequired.has(e.instancePath)) continue;
      doneAnyOfRequired.add(e.instancePath);
      const alternatives = here
        .filter((x) => x.keyword === 'required' && x.schemaPath.includes('/anyOf/'))
        .map((x) => `"${String(x.params['missingProperty'])}"`);
      const path = pointerToPath(e.instancePath);
      out.push({ ruleId: 'schema/required', target: 'map', path, message: `This ${thingAt(path)} needs ${listWords(alternatives, 'or')} (or both).` });
      continue;
    }
    if (inAnyOf && e.keyword === 'type' && specific.has(e.instancePath)) continue;
    if (inAnyOf && e.keyword === 'type' && here.some((x) => x !== e && x.keyword === 'type' && !emitted.has(x))) {
      // Two alternatives both wanting another type: report once, naming both.
      if (typeDone.has(e.instancePath)) continue;
      const types = here.filter((x) => x.keyword === 'type').map((x) => String(x.params['type']));
      typeDone.add(e.instancePath);
      out.push({ ...e, params: { type: [...new Set(types)] } });
      continue;
    }
    out.push(e);
    emitted.add(e);
    if (e.keyword === 'type') typeDone.add(e.instancePath);
  }
  return out;
}

function nodeLoc(lc: LineCounter, node: Node | undefined): Loc | undefined {
  return locOfNode(lc, node);
}

/** The first line of a map, so that "missing field" points at where the map starts, not at its whole body. */
function mapStart(lc: LineCounter, node: Node | undefined): Loc | undefined {
  const loc = nodeLoc(lc, node);
  if (!loc) return undefined;
  if (loc.endLine > loc.line) {
    const first = (node as { items?: Array<{ key?: Node }> }).items?.[0]?.key;
    return nodeLoc(lc, first) ?? { ...loc, endLine: loc.line, endColumn: loc.column };
  }
  return loc;
}


export function documentWhere(doc: Document, lc: LineCounter): SchemaWhere {
  return (path, target) => {
    const found = nodeAt(doc, path);
    let loc: Loc | undefined;
    if (target === 'key') loc = nodeLoc(lc, found.key);
    else if (target === 'map') loc = mapStart(lc, found.node ?? found.deepest);
    else loc = nodeLoc(lc, found.node) ?? nodeLoc(lc, found.key);
    return loc ?? mapStart(lc, found.deepest);
  };
}

/** Turn Ajv errors into journalist-readable, located findings, at most `max` of them (plus one saying how many were left out). */
export function humanizeErrors(errors: readonly ErrorObject[], doc: Document | undefined, lc: LineCounter, max: number): LocalFinding[] {
  return humanizeErrorsAt(errors, doc && documentWhere(doc, lc), max);
}

export function humanizeErrorsAt(errors: readonly ErrorObject[], where: SchemaWhere | undefined, max: number): LocalFinding[] {
  return humanizeErrorGroups([errors], where, max);
}

/**
 * The same over groups of errors taken one at a time, so that a file's errors need never be held all at once. A
 * group must hold every error at each of its paths (a chunk of whole list entries does).
 */
export function humanizeErrorGroups(groups: Iterable<readonly ErrorObject[]>, where: SchemaWhere | undefined, max: number): LocalFinding[] {
  const findings: LocalFinding[] = [];
  let dropped = 0;
  for (const group of groups) {
    // Repeats are looked for within a group only: a finding lies inside the entry its path names, so two groups
    // of whole entries never share a location.
    const seen = new Set<string>();
    for (const e of prune(group)) {
      // The message without hints is what tells findings apart; hints are worked out only for the ones shown.
      const r = 'keyword' in e ? rewrite(e, false) : e;
      if (!r) continue;
      const loc = where?.(r.path, r.target) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
      const key = `${r.ruleId}|${loc.line}:${loc.column}|${r.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (findings.length >= max) {
        dropped++;
        continue;
      }
      const message = 'keyword' in e ? (rewrite(e) ?? r).message : r.message;
      findings.push(makeLocalFinding(r.ruleId, { ...loc, message }));
    }
  }
  if (dropped > 0) {
    const last = findings[findings.length - 1]!;
    findings.push(
      makeLocalFinding('schema/too-many-errors', {
        line: last.line,
        column: last.column,
        endLine: last.endLine,
        endColumn: last.endColumn,
        message: `${dropped} more schema error${dropped === 1 ? '' : 's'} in this file not shown. Fix the ones above and check again.`,
      }),
    );
  }
  return findings;
}
