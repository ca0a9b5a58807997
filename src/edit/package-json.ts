// Adding claims to a package.json as a text edit, so that the file keeps its key order, indentation, line
// endings and everything the edit does not touch.

export interface DependencyRequest {
  /** The spec to pin: a version, a git spec (github:owner/claims#v1.0.0) or a tarball (file:vendor/claims.tgz). */
  spec: string;
  /** The spec was asked for (--package-spec), rather than the default. */
  explicit: boolean;
  force: boolean;
}

/** The new text and what was done, in words; or why nothing may be written. */
export type DependencyEdit = { text: string; message: string } | { error: string };

const SECTIONS = ['devDependencies', 'dependencies', 'optionalDependencies'] as const;

/**
 * package.json with `claims` pinned to `spec` in devDependencies. A new file is made when there is none. An entry
 * for claims that exists (in any dependency list) is kept unless --force; an explicit --package-spec that differs
 * from it is refused without --force, so that a pin chosen before is never replaced by surprise.
 */
export function addDevDependency(text: string | undefined, req: DependencyRequest): DependencyEdit {
  const spec = JSON.stringify(req.spec);
  if (text === undefined) {
    // The same text wherever it is made; private, so that the ledger is never published by mistake.
    const manifest = { name: 'claims-ledger', private: true, devDependencies: { claims: req.spec } };
    return { text: `${JSON.stringify(manifest, null, 2)}\n`, message: `created package.json (claims ${req.spec} as a devDependency)` };
  }
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  let data: unknown;
  try {
    data = JSON.parse(text.slice(bom));
  } catch (err) {
    return { error: `is not valid JSON (${(err as Error).message}); fix it, or move it away and run claims init again.` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { error: 'does not hold a JSON object; fix it, or move it away and run claims init again.' };
  const top = objectAt(text, skipSpace(text, bom));
  for (const section of SECTIONS) {
    const member = top.members.find((m) => m.key === section);
    const value = member && text[member.valueStart] === '{' ? objectAt(text, member.valueStart) : undefined;
    const entry = value?.members.find((m) => m.key === 'claims');
    if (entry === undefined) continue;
    const current = JSON.parse(text.slice(entry.valueStart, entry.valueEnd)) as unknown;
    if (current === req.spec) return { text, message: `package.json already lists claims ${req.spec}` };
    const shown = typeof current === 'string' ? current : text.slice(entry.valueStart, entry.valueEnd);
    if (!req.force) {
      if (req.explicit) return { error: `lists claims ${shown} in ${section}, not ${req.spec}; use --force to replace it.` };
      return { text, message: `package.json already lists claims ${shown}; kept (claims init --package-spec <spec> --force replaces it)` };
    }
    return { text: text.slice(0, entry.valueStart) + spec + text.slice(entry.valueEnd), message: `replaced claims ${shown} by ${req.spec} in the ${section} of package.json` };
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const dev = top.members.find((m) => m.key === 'devDependencies');
  if (dev !== undefined) {
    if (text[dev.valueStart] !== '{') return { error: 'has a "devDependencies" that is not an object; fix it and run claims init again.' };
    const inner = objectAt(text, dev.valueStart);
    return { text: addMember(text, inner, '"claims"', spec, eol, memberIndent(text, top)), message: `added claims ${req.spec} to the devDependencies of package.json` };
  }
  const unit = memberIndent(text, top);
  const value = unit === undefined ? `{ "claims": ${spec} }` : `{${eol}${unit}${unit}"claims": ${spec}${eol}${unit}}`;
  return { text: addMember(text, top, '"devDependencies"', value, eol, unit), message: `added claims ${req.spec} to the devDependencies of package.json` };
}

interface Member {
  key: string;
  /** Offset of the key's opening quote. */
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

interface JsonObject {
  open: number;
  close: number;
  members: Member[];
}

const SPACE = new Set([' ', '\t', '\n', '\r']);

function skipSpace(text: string, i: number): number {
  while (i < text.length && SPACE.has(text[i]!)) i++;
  return i;
}

/** The offset after the string that starts at `i` (a '"'). */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

/** The offset after the JSON value that starts at `i`. The text is known to be valid JSON. */
function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') j = stringEnd(text, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  let j = i;
  while (j < text.length && !SPACE.has(text[j]!) && text[j] !== ',' && text[j] !== '}' && text[j] !== ']') j++;
  return j;
}

/** The members of the object whose '{' is at `open`, with their offsets. */
function objectAt(text: string, open: number): JsonObject {
  const members: Member[] = [];
  let i = skipSpace(text, open + 1);
  while (i < text.length && text[i] !== '}') {
    const keyEnd = stringEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    const valueStart = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const end = valueEnd(text, valueStart);
    members.push({ key, keyStart: i, valueStart, valueEnd: end });
    i = skipSpace(text, end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return { open, close: i, members };
}

/** The indentation of an object's members when they stand one per line, else undefined (a one-line object). */
function memberIndent(text: string, obj: JsonObject): string | undefined {
  const first = obj.members[0];
  if (first === undefined) return undefined;
  const before = text.slice(obj.open + 1, first.keyStart);
  const nl = before.lastIndexOf('\n');
  return nl === -1 ? undefined : before.slice(nl + 1);
}

/**
 * `key: value` added as the last member of `obj`, laid out like the members before it (one per line at their
 * indentation, or on the same line). An empty object gets the member on its own line, one `unit` deeper.
 */
function addMember(text: string, obj: JsonObject, key: string, value: string, eol: string, unit: string | undefined): string {
  const last = obj.members[obj.members.length - 1];
  if (last === undefined) {
    const lineStart = text.lastIndexOf('\n', obj.open) + 1;
    const outer = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const inner = unit === undefined ? ' ' : `${eol}${outer}${unit}`;
    const closing = unit === undefined ? ' ' : `${eol}${outer}`;
    return `${text.slice(0, obj.open + 1)}${inner}${key}: ${value}${closing}${text.slice(obj.close)}`;
  }
  const indent = memberIndent(text, obj);
  const sep = indent === undefined ? ', ' : `,${eol}${indent}`;
  return `${text.slice(0, last.valueEnd)}${sep}${key}: ${value}${text.slice(last.valueEnd)}`;
}
