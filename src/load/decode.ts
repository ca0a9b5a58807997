import { makeLocalFinding } from '../report/rules/index.js';
import type { Finding } from '../report/types.js';

export interface Decoded {
  text?: string;
  finding?: Omit<Finding, 'file'>;
}

const at = (line: number, column: number) => ({ line, column, endLine: line, endColumn: column });

export function tooLarge(size: number, maxBytes: number): Omit<Finding, 'file'> {
  return makeLocalFinding('file/too-large', {
    ...at(1, 1),
    message: `This file is ${size.toLocaleString('en-US')} bytes, over the ${maxBytes.toLocaleString('en-US')}-byte limit for one file, so it was not read. Split it into smaller files, or raise limits.maxFileBytes in claims.config.yaml.`,
  });
}

/** "UTF-16" or "UTF-32" when the bytes are text in one of those encodings (by byte-order mark, or by the NUL bytes of ASCII text). */
function wideEncoding(bytes: Uint8Array): string | undefined {
  const [b0, b1, b2, b3] = bytes;
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) return 'UTF-32';
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) return 'UTF-16';
  // Without a mark: ASCII text in UTF-16 has a NUL in every other byte, and nowhere else.
  const probe = bytes.subarray(0, 8192 - (Math.min(bytes.length, 8192) % 2));
  if (probe.length < 4) return undefined;
  let even = 0;
  let odd = 0;
  // From NUL to NUL (indexOf is native): text without NULs, nearly every file, costs one search.
  for (let i = probe.indexOf(0); i !== -1; i = probe.indexOf(0, i + 1)) {
    if (i % 2 === 0) even++;
    else odd++;
  }
  const half = probe.length / 2;
  if ((odd > half * 0.6 && even === 0) || (even > half * 0.6 && odd === 0)) return 'UTF-16';
  return undefined;
}

/** Bytes to text, refusing what is not UTF-8 text: binary files, UTF-16/32, invalid byte sequences. */
export function decodeText(bytes: Uint8Array, maxBytes: number): Decoded {
  if (bytes.length > maxBytes) return { finding: tooLarge(bytes.length, maxBytes) };
  const wide = wideEncoding(bytes);
  if (wide) {
    return {
      finding: makeLocalFinding('file/encoding', {
        ...at(1, 1),
        message: `This file is saved as ${wide}. Save it as UTF-8 (the "UTF-8" encoding in your editor) and check again.`,
      }),
    };
  }
  const probe = bytes.subarray(0, 8192);
  const nul = probe.indexOf(0);
  if (nul !== -1) {
    return {
      finding: makeLocalFinding('file/binary', {
        ...at(1, 1),
        message: 'This file looks binary (it contains NUL bytes), not YAML text. Remove it from the corpus or give it another extension.',
      }),
    };
  }
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    const { line, column } = firstInvalidUtf8(bytes);
    return {
      finding: makeLocalFinding('file/encoding', {
        ...at(line, column),
        message: `This file is not valid UTF-8 (first bad byte at line ${line}, column ${column}). It was probably saved in another encoding such as Windows-1252: save it as UTF-8 and check again.`,
      }),
    };
  }
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence (as the WHATWG decoder judges it). */
function firstInvalidOffset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Sequence length, and the allowed range of the second byte (no overlongs, no surrogates, nothing past U+10FFFF).
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k < n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n;
  }
  return bytes.length;
}

/** Line and column (in characters, as positions are counted everywhere else) of the first invalid byte. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, firstInvalidOffset(bytes)));
  const lines = prefix.split('\n');
  let last = lines[lines.length - 1] ?? '';
  if (lines.length === 1 && last.charCodeAt(0) === 0xfeff) last = last.slice(1);
  return { line: lines.length, column: last.length + 1 };
}
