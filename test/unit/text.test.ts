import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFile, execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closest, didYouMean, editDistance, editDistanceWithin, inert, MAX_SUGGEST_LENGTH, safeJson } from '../../src/util/text.js';
import { writeFileAtomic } from '../../src/util/fs.js';
import { sortFindings } from '../../src/check.js';
import type { Finding } from '../../src/report/types.js';

describe('suggestions', () => {
  it('edit distance counts a transposition as one edit', () => {
    expect(editDistance('asserts', 'assetrs')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('suggests the nearest candidate, or nothing when none is close', () => {
    expect(didYouMean('denys', ['asserts', 'corroborates', 'denies', 'disputes'])).toBe(' Did you mean "denies"?');
    expect(didYouMean('zzzzzz', ['asserts', 'denies'])).toBe('');
    expect(closest('spin-boldak', ['spin-boldak-crossing-seized', 'weish-seized'])).toEqual(['spin-boldak-crossing-seized']);
  });
});

describe('suggestions stay bounded', () => {
  it('banded edit distance is the edit distance when within the bound, else bound + 1', () => {
    const word = fc.array(fc.constantFrom('a', 'b', 'c', '-'), { maxLength: 90 }).map((a) => a.join(''));
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 12 }), (a, b, max) => {
        expect(editDistanceWithin(a, b, max)).toBe(Math.min(editDistance(a, b), max + 1));
      }),
      { numRuns: 3000 },
    );
  });
  it('a name far beyond any length limit gets no suggestion, and costs no edit distance', () => {
    const long = 'k'.repeat(50_000);
    expect(closest(long, [`${long}x`, 'other'])).toEqual([]);
    expect(closest('k'.repeat(MAX_SUGGEST_LENGTH), ['k'.repeat(MAX_SUGGEST_LENGTH - 1)])).toEqual(['k'.repeat(MAX_SUGGEST_LENGTH - 1)]);
  });
  it('finds the near id among 20,000, for thousands of unknown ids', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `source-${i.toString(36)}-x`);
    for (let i = 0; i < 3000; i += 7) expect(didYouMean(`source-${i.toString(36)}-y`, ids)).toBe(` Did you mean "source-${i.toString(36)}-x"?`);
  });
  it('a short list gives the same suggestion however often it is asked (its result depends on nothing before)', () => {
    const kinds = ['claims', 'sources', 'documents'];
    const first = didYouMean('claim', kinds);
    for (let k = 0; k < 5000; k++) didYouMean('x'.repeat(200), kinds);
    expect(didYouMean('claim', kinds)).toBe(first);
    expect(first).toBe(' Did you mean "claims"?');
  });
});

describe('inert and safe output', () => {
  it('control characters become visible escapes', () => {
    expect(inert('a\u001b[31mred\u009b\u202eb')).toBe('a\\u001b[31mred\\u009b\\u202eb');
  });
  it('safeJson escapes DEL, C1, line separators and bidi overrides that JSON.stringify leaves raw', () => {
    const s = safeJson({ a: 'x\u007f\u009b31m\u2028\u202e' });
    expect(s).toBe('{\n  "a": "x\\u007f\\u009b31m\\u2028\\u202e"\n}');
    expect(JSON.parse(s)).toEqual({ a: 'x\u007f\u009b31m\u2028\u202e' });
  });
});

describe('writeFileAtomic', () => {
  it('refuses a symbolic link at the target; a trusted path (the user\'s, outside the project) is written through it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-write-'));
    writeFileSync(path.join(dir, 'real.yaml'), 'old\n');
    symlinkSync('real.yaml', path.join(dir, 'link.yaml'));
    await expect(writeFileAtomic(path.join(dir, 'link.yaml'), 'new\n')).rejects.toMatchObject({ code: 'ESYMLINK' });
    expect(readFileSync(path.join(dir, 'real.yaml'), 'utf8')).toBe('old\n');
    await writeFileAtomic(path.join(dir, 'link.yaml'), 'new\n', { trusted: true });
    expect(lstatSync(path.join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, 'real.yaml'), 'utf8')).toBe('new\n');
  });
  it.skipIf(process.platform === 'win32')('keeps the permission bits of the file it replaces; a new file gets the usual ones', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-write-'));
    const priv = path.join(dir, 'private.yaml');
    writeFileSync(priv, 'old\n');
    chmodSync(priv, 0o600);
    await writeFileAtomic(priv, 'new\n');
    expect(statSync(priv).mode & 0o777).toBe(0o600);
    expect(readFileSync(priv, 'utf8')).toBe('new\n');
    const open = path.join(dir, 'open.yaml');
    writeFileSync(open, 'old\n');
    chmodSync(open, 0o664);
    await writeFileAtomic(open, 'new\n', { durable: false });
    expect(statSync(open).mode & 0o777).toBe(0o664);
    const fresh = path.join(dir, 'fresh.yaml');
    await writeFileAtomic(fresh, 'x\n');
    const umask = process.umask();
    expect(statSync(fresh).mode & 0o777).toBe(0o666 & ~umask);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // Set-user-id and the like are not carried over to the new content (as a write by the kernel would clear them).
    const suid = path.join(dir, 'suid.yaml');
    writeFileSync(suid, 'old\n');
    chmodSync(suid, 0o4755);
    await writeFileAtomic(suid, 'new\n');
    expect(statSync(suid).mode & 0o7777).toBe(0o755);
  });
  it.skipIf(process.platform === 'win32')('writes into a pipe (or a terminal, /dev/stdout) instead of replacing it, also through a link', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-write-'));
    const fifo = path.join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    symlinkSync('report.fifo', path.join(dir, 'link'));
    for (const target of [fifo, path.join(dir, 'link')]) {
      const reader = new Promise<string>((resolve, reject) => execFile('cat', [fifo], (err, out) => (err ? reject(err) : resolve(out))));
      await writeFileAtomic(target, `through ${path.basename(target)}\n`, { trusted: true });
      expect(await reader).toBe(`through ${path.basename(target)}\n`);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
    }
    expect(readdirSync(dir).sort()).toEqual(['link', 'report.fifo']);
    await expect(writeFileAtomic(dir, 'x')).rejects.toMatchObject({ code: 'EISDIR' });
    // Not trusted: a pipe is refused, never written into or replaced.
    await expect(writeFileAtomic(fifo, 'x')).rejects.toMatchObject({ code: 'ENOTREG' });
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});

describe('finding order', () => {
  it('sorts by file, line and column, with "more errors not shown" last in its file', () => {
    const f = (file: string, line: number, ruleId = 'schema/enum'): Finding => ({ ruleId, severity: 'error', file, line, column: 1, endLine: line, endColumn: 2, message: '' });
    const sorted = sortFindings([f('b.yaml', 1), f('a.yaml', 9, 'schema/too-many-errors'), f('a.yaml', 9), f('a.yaml', 2)]);
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.ruleId}`)).toEqual(['a.yaml:2:schema/enum', 'a.yaml:9:schema/enum', 'a.yaml:9:schema/too-many-errors', 'b.yaml:1:schema/enum']);
  });
});
