import type { Finding } from '../report/types.js';

export interface Decoded {
  text?: string;
  finding?: Omit<Finding, 'file'>;
}

const at = (line: number, column: number) => ({ line, column, endLine: line, endColumn: column });

export function tooLarge(size: number, maxBytes: number): Omit<Finding, 'file'> {
  return {
    ruleId: 'file/too-large',
    severity: 'error',
    ...at(1, 1),
    message: `This file is ${size.toLocaleString('en-US')} bytes, over the ${maxBytes.toLocaleString('en-US')}-byte limit for one file, so it was not read. Split it into smaller files, or raise limits.maxFileBytes in claims.config.yaml.`,
  };
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
  for (let i = 0; i < probe.length; i++) if (probe[i] === 0) i % 2 === 0 ? even++ : odd++;
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
      finding: {
        ruleId: 'file/encoding',
        severity: 'error',
        ...at(1, 1),
        message: `This file is saved as ${wide}. Save it as UTF-8 (the "UTF-8" encoding in your editor) and check again.`,
      },
    };
  }
  const probe = bytes.subarray(0, 8192);
  const nul = probe.indexOf(0);
  if (nul !== -1) {
    return {
      finding: {
        ruleId: 'file/binary',
        severity: 'error',
        ...at(1, 1),
        message: 'This file looks binary (it contains NUL bytes), not YAML text. Remove it from the corpus or give it another extension.',
      },
    };
  }
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    const { line, column } = firstInvalidUtf8(bytes);
    return {
      finding: {
        ruleId: 'file/encoding',
        severity: 'error',
        ...at(line, column),
        message: `This file is not valid UTF-8 (first bad byte at line ${line}, column ${column}). It was probably saved in another encoding such as Windows-1252: save it as UTF-8 and check again.`,
      },
    };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  // Binary search for the longest valid prefix, then count lines in it.
  const dec = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      dec.decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, lo));
  const lines = prefix.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
