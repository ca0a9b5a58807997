import { createHash } from 'node:crypto';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { decodeText } from '../load/decode.js';
import { parseYaml, type LocalFinding } from '../load/yaml.js';
import { fastParseYaml, isDecline } from '../load/fast-yaml.js';
import { documentLocator, extractEntities } from '../load/extract.js';
import type { SchemaWhere } from '../load/positions.js';
import { DEFAULT_LIMITS, type FileLimits } from '../config/settings.js';
import { makeLocalFinding } from '../report/rules/index.js';
import type { FileKind, FileResult, Finding } from '../report/types.js';
import { didYouMean } from '../util/text.js';
import { documentWhere, humanizeErrorGroups } from './humanize.js';
import { validatorFor } from './schemas.js';

export { DEFAULT_LIMITS, type FileLimits } from '../config/settings.js';

const KINDS: readonly FileKind[] = ['claims', 'sources', 'documents'];
const at1 = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Entries validated per call: Ajv gathers errors by copying its error list, which is quadratic in the errors of one call. */
const CHUNK = 200;

/**
 * Schema errors of a whole file, one chunk of its list at a time, so that a file with tens of thousands of broken
 * entries takes linear time and never holds all its errors at once (hundreds of bytes each: a file of tiny broken
 * entries has millions). The chunks' error paths are renumbered to the entries' places in the file. `bad` gets
 * the pointer of each broken entry (once) and of each error outside the list. (The list schemas have no keyword
 * on the list as a whole, such as uniqueItems, that chunking would change.)
 */
function* validateInChunks(validate: ValidateFunction, kind: FileKind, obj: Record<string, unknown>, bad: string[]): Generator<ErrorObject[]> {
  const items = obj[kind];
  const prefix = `/${kind}/`;
  const chunked = Array.isArray(items) && items.length > CHUNK;
  for (let start = 0; start === 0 || (chunked && start < items.length); start += CHUNK) {
    // The first chunk carries the rest of the file, for errors outside the list.
    const part = !chunked ? obj : start === 0 ? { ...obj, [kind]: items.slice(0, CHUNK) } : { [kind]: items.slice(start, start + CHUNK) };
    if (validate(part)) continue;
    const errors: ErrorObject[] = [];
    let lastBad = -1;
    for (const e of validate.errors ?? []) {
      if (!e.instancePath.startsWith(prefix)) {
        if (start === 0) {
          errors.push(e);
          bad.push(e.instancePath);
        }
        continue;
      }
      const rest = e.instancePath.slice(prefix.length);
      const slash = rest.indexOf('/');
      const index = Number(slash === -1 ? rest : rest.slice(0, slash)) + start;
      errors.push(start === 0 ? e : { ...e, instancePath: `${prefix}${index}${slash === -1 ? '' : rest.slice(slash)}` });
      if (index !== lastBad) bad.push(`${prefix}${(lastBad = index)}`);
    }
    yield errors;
  }
}

/** The schema findings of a file (at most `max`, and one saying how many more) and the pointers of what is broken. */
function schemaFindings(kind: FileKind, obj: Record<string, unknown>, where: SchemaWhere | undefined, max: number): { findings: LocalFinding[]; bad: string[] } {
  const bad: string[] = [];
  return { findings: humanizeErrorGroups(validateInChunks(validatorFor(kind), kind, obj, bad), where, max), bad };
}

/** Which YAML reader checkFileBytes uses: 'auto' tries the fast path first; 'slow' only the `yaml` library (tests, benchmarks). */
export type YamlPath = 'auto' | 'slow';

/**
 * The fast path (src/load/fast-yaml.ts) for the common case, a plain file: fills `result` and returns true, or
 * returns false, leaving `result` untouched, whenever anything is unusual. A file with schema errors is reported
 * from the fast path's position index too, so that no `yaml` Document (about 80 bytes a byte of YAML, and several
 * times slower to build) is made for it; where the index cannot place a finding as the Document would, the whole
 * file takes the `yaml` path.
 */
export function fastPath(result: FileResult, text: string, max: number = DEFAULT_LIMITS.maxFindingsPerFile): boolean {
  const fast = fastParseYaml(text);
  if (fast === undefined) return false;
  const value = fast.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const obj = value as Record<string, unknown>;
  const kind = Object.keys(obj).find((k): k is FileKind => (KINDS as readonly string[]).includes(k));
  if (!kind) return false;
  let findings;
  let extracted;
  try {
    const schema = schemaFindings(kind, obj, fast.where, max);
    findings = schema.findings;
    extracted = extractEntities(kind, obj, fast.locate, result.file, schema.bad);
  } catch (err) {
    if (isDecline(err)) return false;
    throw err;
  }
  result.loaded = true;
  result.kind = kind;
  for (const f of findings) result.findings.push({ ...f, file: result.file } as Finding);
  result.sources = extracted.sources;
  result.documents = extracted.documents;
  result.claims = extracted.claims;
  return true;
}

/**
 * Everything that can be known about one file from its bytes alone: decoding, YAML, schema, entities.
 * Pure: the same bytes always give the same result, so results can be cached or computed in workers.
 * `sha256`: the bytes' SHA-256 (hex) when the caller has just computed it from these very bytes (it is not
 * computed again); otherwise it is computed here.
 */
export function checkFileBytes(file: string, bytes: Uint8Array, limits: FileLimits = DEFAULT_LIMITS, yamlPath: YamlPath = 'auto', sha256?: string): FileResult {
  const result: FileResult = { file, loaded: false, sources: [], documents: [], claims: [], findings: [] };
  result.sha256 = sha256 ?? createHash('sha256').update(bytes).digest('hex');
  const add = (fs: readonly LocalFinding[]) => {
    for (const f of fs) result.findings.push({ ...f, file } as Finding);
  };
  const decoded = decodeText(bytes, limits.maxFileBytes);
  if (decoded.finding || decoded.text === undefined) {
    add(decoded.finding ? [decoded.finding] : []);
    return result;
  }
  if (yamlPath !== 'slow' && fastPath(result, decoded.text, limits.maxFindingsPerFile)) return result;
  const parsed = parseYaml(decoded.text);
  add(parsed.findings);
  if (parsed.findings.some((f) => f.severity === 'error') || !parsed.doc) {
    if (!parsed.doc && parsed.findings.length === 0) {
      add([makeLocalFinding('file/empty', { ...at1, message: 'This file is empty or holds only comments, so there is nothing to check.' })]);
      result.loaded = true;
    }
    return result;
  }
  const value = parsed.value;
  if (value === null || value === undefined) {
    add([makeLocalFinding('file/empty', { ...at1, message: 'This file is empty or holds only comments, so there is nothing to check.' })]);
    result.loaded = true;
    return result;
  }
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    add([makeLocalFinding('file/unknown-kind', { ...at1, message: 'This file should be a map starting with "claims:", "sources:" or "documents:", followed by a list of entries.' })]);
    return result;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  const kind = keys.find((k): k is FileKind => (KINDS as readonly string[]).includes(k));
  result.loaded = true;
  if (!kind) {
    const hint = keys[0] !== undefined ? didYouMean(keys[0], KINDS) : '';
    add([makeLocalFinding('file/unknown-kind', { ...at1, message: `This file holds none of the top-level lists "claims:", "sources:" or "documents:", so it is not clear what it records.${hint}` })]);
    return result;
  }
  result.kind = kind;
  const schema = schemaFindings(kind, obj, documentWhere(parsed.doc, parsed.lc), limits.maxFindingsPerFile);
  add(schema.findings);
  const extracted = extractEntities(kind, obj, documentLocator(parsed.doc, parsed.lc), file, schema.bad);
  result.sources = extracted.sources;
  result.documents = extracted.documents;
  result.claims = extracted.claims;
  return result;
}
