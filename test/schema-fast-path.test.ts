// Files with schema errors are reported from the fast path's position index (src/load/fast-yaml.ts `where`),
// without building a `yaml` Document: the same FileResult as the `yaml` path, findings and positions included.
import { describe, expect, it } from 'vitest';
import type { FileResult } from '../src/report/types.js';
import { checkFileBytes, fastPath } from '../src/validate/file.js';

const empty = (file: string): FileResult => ({ file, loaded: false, sources: [], documents: [], claims: [], findings: [] });
const enc = (s: string) => new TextEncoder().encode(s);

/** Claims with every kind of schema error the index must place: wrong types, unknown keys, bad enums, empty values, missing fields. */
function broken(n: number): string {
  const out = ['claims:'];
  for (let i = 0; i < n; i++) {
    if (i % 4 === 0) out.push(`  - id: broken-${i}`, '    statement: [x, y]', '    satus: open', '    assertions:', '      - source: witness-two', '        stance: believes');
    else if (i % 4 === 1) out.push(`  - id: empty-${i}`, '    statement:', '    assertions:');
    else if (i % 4 === 2) out.push('  - statement: No id.', '    assertions:', '      - source: a', '        stance: asserts', '        quotes:', '          - document:');
    else out.push(`  - id: fine-${i}`, '    statement: Fine.', '    assertions:', '      - source: ghost', '        stance: asserts', '        quotes:', '          - document: doc-a', '            text: the bridge fell at dawn');
  }
  return `${out.join('\n')}\n`;
}

describe('schema errors on the fast path', () => {
  for (const n of [4, 30, 450]) {
    it(`a file of ${n} claims with schema errors takes the fast path and gives the yaml path's result`, () => {
      const text = broken(n);
      const fast = empty('claims/broken.yaml');
      expect(fastPath(fast, text, 50)).toBe(true);
      expect(fast.findings.length).toBeGreaterThan(0);
      const slow = checkFileBytes('claims/broken.yaml', enc(text), undefined, 'slow');
      expect(checkFileBytes('claims/broken.yaml', enc(text), undefined, 'auto')).toStrictEqual(slow);
      expect(slow.findings.some((f) => f.ruleId === 'schema/unknown-field')).toBe(true);
    });
  }

  it('an empty value the index cannot place as yaml does (a comment after the colon) takes the yaml path', () => {
    const text = 'claims:\n  - id: a\n    statement: # nothing\n    assertions: []\n';
    expect(fastPath(empty('c.yaml'), text, 50)).toBe(false);
    expect(checkFileBytes('c.yaml', enc(text))).toStrictEqual(checkFileBytes('c.yaml', enc(text), undefined, 'slow'));
  });
});
