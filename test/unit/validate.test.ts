import { describe, expect, it } from 'vitest';
import { checkFileBytes } from '../../src/validate/file.js';
import type { Finding } from '../../src/report/types.js';

const check = (yaml: string) => checkFileBytes('claims/x.yaml', new TextEncoder().encode(yaml));
const brief = (f: Finding) => `${f.ruleId} ${f.line}:${f.column}`;

describe('schema findings are located and readable', () => {
  it('a misspelt stance points at the value and suggests the right one', () => {
    const r = check('claims:\n  - id: a-claim\n    statement: S.\n    assertions:\n      - source: someone\n        stance: denys\n');
    expect(r.findings.map(brief)).toEqual(['schema/enum 6:17']);
    expect(r.findings[0]!.message).toBe('"denys" is not a valid value for "stance". Did you mean "denies"? Use one of: asserts, corroborates, denies, disputes.');
  });

  it('an unknown field points at the key itself, with a suggestion', () => {
    const r = check('claims:\n  - id: a-claim\n    statment: S.\n    assertions: []\n');
    expect(r.findings.map(brief)).toEqual(['schema/required 2:5', 'schema/unknown-field 3:5']);
    expect(r.findings[1]!.message).toMatch(/^Unknown field "statment" in this claim\. Did you mean "statement"\?/);
    expect(r.findings[0]!.message).toMatch(/^This claim is missing "statement"\./);
  });

  it('a missing field points at the map that should hold it', () => {
    const r = check('sources:\n  - id: someone\n    role: spokesman\n');
    expect(r.findings.map(brief)).toEqual(['schema/required 2:5']);
    expect(r.findings[0]!.message).toMatch(/^This source is missing "name"/);
  });

  it('a document needs a path or a url', () => {
    const r = check('documents:\n  - id: d\n    publisher: P\n    language: en\n');
    expect(r.findings.map((f) => f.message)).toEqual(['This document needs "path" or "url" (or both).']);
  });

  it('ids, dates and hashes explain their form', () => {
    const r = check('documents:\n  - id: Doc A\n    url: https://example.org/a\n    publisher: P\n    language: en\n    published: 14/07/2021\n    sha256: abc\n');
    const msgs = r.findings.map((f) => `${brief(f)} ${f.message}`);
    expect(msgs).toEqual([
      'schema/pattern 2:9 "Doc A" is not a valid id: ids are lowercase letters and digits joined by hyphens, like "doc-a".',
      'schema/pattern 6:16 "14/07/2021" is not a valid date for "published": write YYYY-MM-DD, YYYY-MM or YYYY (for example 2021-07-14).',
      'schema/pattern 7:13 "abc" is not a SHA-256 hash: it must be 64 lowercase hexadecimal digits. Run "claims hash" to fill it in.',
    ]);
  });

  it('a wrong type says what was expected in words', () => {
    const r = check('claims:\n  - id: a-claim\n    statement: [not, text]\n    assertions: []\n');
    expect(r.findings.map((f) => `${brief(f)} ${f.message}`)).toEqual(['schema/type 3:16 "statement" should be text, but it is a list.']);
  });

  it('the number of schema findings per file is bounded', () => {
    const claims = Array.from({ length: 200 }, (_, i) => `  - id: c${i}\n    statement: S\n    assertions:\n      - { source: s, stance: nope }\n`).join('');
    const r = checkFileBytes('claims/x.yaml', new TextEncoder().encode(`claims:\n${claims}`), { maxFileBytes: 1e7, maxFindingsPerFile: 50 });
    expect(r.findings).toHaveLength(51);
    expect(r.findings[50]!.ruleId).toBe('schema/too-many-errors');
    expect(r.findings[50]!.message).toMatch(/^150 more schema errors/);
  });

  it('a file that is none of the three kinds says so', () => {
    const r = check('claim:\n  - id: x\n');
    expect(r.findings.map(brief)).toEqual(['file/unknown-kind 1:1']);
    expect(r.findings[0]!.message).toMatch(/Did you mean "claims"\?/);
  });
});
