import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { discover } from '../load/discover.js';
import { checkFileBytes } from '../validate/file.js';
import { documentReader, maxDocumentBytes, readDocument } from '../validate/documents.js';
import { setDocumentHashes } from '../edit/hashes.js';
import { createHash } from 'node:crypto';
import { isInside, writeFileAtomic, WriteRefused } from '../util/fs.js';
import { inert } from '../util/text.js';
import { UsageError } from './errors.js';
import type { IO } from './io.js';

/** Where a documents file that is a symbolic link leads, when that is a regular file inside the project. */
async function linkTarget(abs: string, root: string): Promise<string | undefined> {
  try {
    if (!(await fsp.lstat(abs)).isSymbolicLink()) return undefined;
    const [real, realRoot] = await Promise.all([fsp.realpath(abs), fsp.realpath(root)]);
    return isInside(realRoot, real) && (await fsp.lstat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `claims hash [paths…]`: record the SHA-256 of each document's text in its documents file, in place.
 * Prints one line per change to stdout; problems to stderr. Exit 1 when a text could not be read.
 */
export async function hashCommand(paths: string[], opts: Record<string, unknown>, io: IO): Promise<number> {
  const config = loadConfig(io.cwd, opts['config'] as string | undefined);
  const found = await discover(config.root, paths.length ? io.cwd : config.root, paths.length ? paths : config.corpus, config.file);
  if (found.missing.length) throw new UsageError(found.missing.map((m) => `no such file or folder: ${path.relative(io.cwd, m) || m}`).join('\n'));
  const dryRun = Boolean(opts['dryRun']);
  let failed = 0;
  let changed = 0;
  let unchanged = 0;
  let notWritten = 0;
  const rel = (abs: string) => path.relative(io.cwd, abs) || abs;
  const texts = documentReader(config.root, maxDocumentBytes(config.limits.maxFileBytes), config.exclude);
  for (const f of found.files) {
    const bytes = await fsp.readFile(f.abs);
    const parsed = checkFileBytes(f.file, bytes, config.limits);
    const unreadable = !parsed.loaded || parsed.findings.some((x) => x.ruleId.startsWith('yaml/') || x.ruleId.startsWith('file/'));
    // A file that cannot be read has no kind: one that starts its list with "documents:" is still named.
    if (parsed.kind !== 'documents' && !(unreadable && /^documents\s*:/m.test(new TextDecoder().decode(bytes)))) continue;
    if (unreadable) {
      io.stderr(`${inert(rel(f.abs))}: not changed: the file has YAML errors; run "claims check" to see them.\n`);
      failed++;
      continue;
    }
    const hashes = new Map<string, string>();
    for (const d of parsed.documents) {
      if (d.path === undefined) continue;
      const got = readDocument(texts, d.path);
      if (!got.ok) {
        io.stderr(`${inert(rel(f.abs))}:${d.loc.line}:${d.loc.column}: ${inert(d.id)}: ${got.missing ? `the text file "${inert(d.path)}" does not exist` : inert(got.message)}\n`);
        failed++;
        continue;
      }
      hashes.set(d.id, createHash('sha256').update(got.bytes).digest('hex'));
    }
    // The byte order mark, if any, stays in the text so that writing it back keeps it.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const edit = setDocumentHashes(text, hashes);
    for (const s of edit.skipped) {
      io.stderr(`${inert(rel(f.abs))}:${s.line}:${s.column}: ${inert(s.id)}: sha256 not written: ${s.reason}\n`);
      failed++;
    }
    unchanged += hashes.size - edit.changes.length - edit.skipped.length;
    if (edit.changes.length === 0) continue;
    if (!dryRun) {
      try {
        await writeFileAtomic(f.abs, edit.text, { root: config.root });
      } catch (err) {
        if (!(err instanceof WriteRefused)) throw err;
        const target = await linkTarget(f.abs, config.root);
        const instead = target === undefined ? '' : ` To record the hashes, run: claims hash ${inert(rel(target))}`;
        io.stderr(`${inert(rel(f.abs))}: not changed: ${inert(err.message)}${instead}\n`);
        notWritten += edit.changes.length;
        failed++;
        continue;
      }
    }
    for (const c of edit.changes) {
      changed++;
      const what = c.before === undefined ? `recorded ${c.after.slice(0, 12)}…` : `updated ${c.before.slice(0, 12)}… → ${c.after.slice(0, 12)}…`;
      io.stdout(`${inert(rel(f.abs))}:${c.line}  ${inert(c.id)}  sha256 ${what}${dryRun ? ' (dry run: not written)' : ''}\n`);
    }
  }
  const refused = notWritten > 0 ? `, ${notWritten} not written (see above)` : '';
  io.stdout(`${changed} hash${changed === 1 ? '' : 'es'} ${dryRun ? 'would change' : 'changed'}, ${unchanged} already up to date${refused}.\n`);
  return failed > 0 ? 1 : 0;
}
