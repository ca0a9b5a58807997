// `claims check --watch` keeps what an unchanged file gave (a YAML file's result, a text's hash and quote outcomes),
// and must still see an edit that a stat cannot tell apart: the same size, within the same second, mtime set back.
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from './helpers/run.js';
import { BASE_FILES, claimFile, makeProject } from './helpers/project.js';
import { KeptTexts, RACY_TEXT_MS, type DocText } from '../src/validate/documents.js';
import type { Stats } from 'node:fs';
import { count, waitFor } from './helpers/wait.js';


/** Write `text` (the same length as the file's) over `file`, and set its times back to what they were. */
function sameStatWrite(file: string, text: string): void {
  const before = statSync(file);
  expect(Buffer.byteLength(text)).toBe(before.size);
  writeFileSync(file, text);
  utimesSync(file, before.atimeMs / 1000, before.mtimeMs / 1000);
  // As close as utimes can set it back (below a millisecond): the same second, the same size.
  expect(Math.abs(statSync(file).mtimeMs - before.mtimeMs)).toBeLessThan(1);
}

describe('claims check --watch: edits a stat cannot tell apart', () => {
  it('sees a same-size edit of a document text and of a claim file made within the same second, mtime set back', async () => {
    const text = BASE_FILES['docs/a.txt']!;
    const dir = makeProject({ ...BASE_FILES, 'claims/bridge.yaml': claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dawn']]) });
    const cache = mkdtempSync(path.join(os.tmpdir(), 'claims-watch-racy-'));
    const child = spawn(process.execPath, [BIN, 'check', '--watch', '--cache-location', cache], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // The last report redrawn, once it is whole (a redraw ends with the summary line, "... N files").
    const lastOf = (s: string) => (s.trimEnd().endsWith('files') ? (s.split('checked again').slice(1).at(-1) ?? '') : '');
    // Waits until the last redraw shows (or, with `shows` false, no longer shows) a quote/not-found error.
    const redrawn = (shows: boolean) => waitFor(() => out, (s) => lastOf(s) !== '' && lastOf(s).includes('quote/not-found') === shows);
    try {
      await waitFor(() => err, (s) => count(s, 'watching') === 1);
      expect(out).not.toContain('quote/not-found');
      // The text loses the quoted words ("dawn" becomes "dusk": same size), in the second it was read.
      sameStatWrite(path.join(dir, 'docs/a.txt'), text.replace('fell at dawn', 'fell at dusk'));
      await redrawn(true);
      expect(out).toContain('after a change to docs/a.txt');
      // And back: the quote is found again.
      sameStatWrite(path.join(dir, 'docs/a.txt'), text);
      await redrawn(false);
      // The claim file's quote changes to words the text does not have, at the same size.
      const claim = path.join(dir, 'claims/bridge.yaml');
      sameStatWrite(claim, claimFile('bridge-taken', [['witness-one', 'asserts', 'the bridge fell at dusk']]));
      await redrawn(true);
      expect(lastOf(out)).toContain('claims/bridge.yaml');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});

describe('KeptTexts: a text is kept unread only while its stat is exactly as recorded, and was not racy', () => {
  const st = { dev: 1, ino: 2, size: 30, mtimeMs: 1_000_000, ctimeMs: 1_000_000 };
  const text = (at: number): DocText => ({ path: 'docs/a.txt', sha256: 'a'.repeat(64), read: () => '', seen: { real: '/p/docs/a.txt', ...st, at } });
  const kept = (t: DocText) => {
    const k = new KeptTexts();
    k.begin();
    k.remember(t);
    k.end();
    return k;
  };

  it('keeps a text read well after its last change, when nothing of its stat changed', () => {
    const t = text(st.mtimeMs + RACY_TEXT_MS + 1);
    expect(kept(t).unchanged('/p/docs/a.txt', st as Stats)).toBe(t);
  });

  it('reads again a text changed within the racy margin of its read, however its stat looks', () => {
    expect(kept(text(st.mtimeMs + RACY_TEXT_MS - 1)).unchanged('/p/docs/a.txt', st as Stats)).toBeUndefined();
    expect(kept(text(st.mtimeMs + 1)).unchanged('/p/docs/a.txt', st as Stats)).toBeUndefined();
  });

  it('reads again a text whose device, inode, size, mtime or ctime differ, or another file', () => {
    const k = kept(text(st.mtimeMs + 10 * RACY_TEXT_MS));
    for (const field of ['dev', 'ino', 'size', 'mtimeMs', 'ctimeMs'] as const) expect(k.unchanged('/p/docs/a.txt', { ...st, [field]: st[field] + 1 } as Stats)).toBeUndefined();
    expect(k.unchanged('/p/docs/b.txt', st as Stats)).toBeUndefined();
  });

  it('forgets the texts a check did not use', () => {
    const k = kept(text(st.mtimeMs + 10 * RACY_TEXT_MS));
    k.begin();
    k.end();
    expect(k.unchanged('/p/docs/a.txt', st as Stats)).toBeUndefined();
  });
});
