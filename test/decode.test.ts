// Bytes to text (src/load/decode.ts): UTF-16 and UTF-32 told by their marks or by the NULs of ASCII text, binary
// files by a NUL, invalid UTF-8 located; the NUL count is checked against a byte-by-byte count on random bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../src/load/decode.js';

const MAX = 5 * 1024 * 1024;
const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const utf16be = (s: string) => {
  const b = Buffer.from(s, 'utf16le');
  return new Uint8Array(b.swap16());
};

/** What the encoding check says, counted one byte at a time: the rule decode.ts implements. */
function byteByByte(bytes: Uint8Array): 'UTF-16' | 'binary' | undefined {
  const probe = bytes.subarray(0, 8192 - (Math.min(bytes.length, 8192) % 2));
  if (probe.length >= 4 && !(bytes[0] === 0xff && bytes[1] === 0xfe) && !(bytes[0] === 0xfe && bytes[1] === 0xff) && !(bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)) {
    let even = 0;
    let odd = 0;
    for (let i = 0; i < probe.length; i++) {
      if (probe[i] !== 0) continue;
      if (i % 2 === 0) even++;
      else odd++;
    }
    const half = probe.length / 2;
    if ((odd > half * 0.6 && even === 0) || (even > half * 0.6 && odd === 0)) return 'UTF-16';
  }
  return bytes.subarray(0, 8192).includes(0) ? 'binary' : undefined;
}

const said = (bytes: Uint8Array): string | undefined => {
  const m = decodeText(bytes, MAX).finding?.message;
  return m === undefined ? undefined : m.includes('UTF-16') ? 'UTF-16' : m.includes('UTF-32') ? 'UTF-32' : m.includes('binary') ? 'binary' : 'invalid';
};

describe('decodeText', () => {
  it('tells UTF-16 with or without a mark, UTF-32 by its mark, and reads UTF-8 (a BOM dropped)', () => {
    const yaml = 'claims:\n  - id: bridge-taken\n    statement: The bridge was taken.\n';
    expect(said(utf16le(yaml))).toBe('UTF-16');
    expect(said(utf16be(yaml))).toBe('UTF-16');
    expect(said(utf16le(`\ufeff${yaml}`))).toBe('UTF-16');
    expect(said(new Uint8Array([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]))).toBe('UTF-32');
    expect(decodeText(new Uint8Array(Buffer.from(`\ufeff${yaml}`)), MAX)).toEqual({ text: yaml });
    expect(said(new Uint8Array(Buffer.from(yaml)))).toBeUndefined();
    // A NUL in text that is not UTF-16: binary.
    expect(said(new Uint8Array([...Buffer.from('claims: x'), 0, ...Buffer.from('y\n')]))).toBe('binary');
    expect(said(new Uint8Array([0xc3, 0x28, 0x0a]))).toBe('invalid');
  });

  it('counts NULs at even and odd places as a byte-by-byte count does, on random bytes', () => {
    // Mostly NULs and a few letters, so that every side of the 60% rule is reached.
    const byte = fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 0x20, max: 0x7e }), weight: 2 }, { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 1 });
    const aligned = fc.array(fc.tuple(fc.integer({ min: 0x20, max: 0x7e }), fc.constantFrom(0, 0, 0, 7)), { minLength: 2, maxLength: 300 }).map((pairs) => pairs.flat());
    fc.assert(
      fc.property(fc.oneof(fc.array(byte, { maxLength: 400 }), aligned, aligned.map((b) => [0, ...b])), (list) => {
        const bytes = new Uint8Array(list);
        const expected = byteByByte(bytes);
        const got = said(bytes);
        if (expected !== undefined || got === 'UTF-16' || got === 'binary') expect(got).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
