// The whole-run cache: a finished `claims check` replayed when nothing it depends on has changed.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Discovery } from '../load/discover.js';
import type { Corpus } from '../validate/refs.js';
import type { DocText } from '../validate/documents.js';
import type { FileResult } from '../report/types.js';
import { CheckCache, sha256, type RunOutput } from './cache.js';

/** Document texts are read up to this size (as in src/check.ts). */
const docLimit = (config: Config) => Math.max(config.limits.maxFileBytes, 20 * 1024 * 1024);

// Fingerprints use synchronous I/O on purpose: thousands of small reads are several times faster that way than
// through fs.promises, and on a cache hit nothing else is waiting.

/** What a YAML file is, for the run key: its bytes' hash, or why it cannot be read. */
function fileFingerprint(abs: string, maxBytes: number): string {
  try {
    const st = statSync(abs);
    if (st.size > maxBytes) return `big:${st.size}`;
    return `sha:${sha256(readFileSync(abs))}`;
  } catch (err) {
    return `err:${(err as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

/**
 * What a document text is, for the run key: everything its findings and quote matches can depend on (the path as
 * written, where it really leads, the project's real folder, the kind and size of file, its bytes; for a missing
 * file, the listing of its folder, which the "did you mean" hint reads).
 */
export function documentFingerprint(root: string, realRoot: string, p: string, maxBytes: number): string {
  if (path.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')) return 'absolute';
  const abs = path.resolve(root, p);
  let real: string;
  try {
    real = realpathSync.native(abs);
  } catch (err) {
    let siblings: string[] = [];
    try {
      siblings = readdirSync(path.dirname(abs)).sort();
    } catch {
      // no folder: no hint
    }
    return `missing:${(err as NodeJS.ErrnoException).code ?? 'error'}:${sha256(siblings.join('\n'))}`;
  }
  const at = `${realRoot}:${real}`;
  try {
    const st = statSync(real);
    if (!st.isFile()) return `not-a-file:${at}`;
    if (st.size > maxBytes) return `big:${st.size}:${at}`;
    return `sha:${at}:${sha256(readFileSync(real))}`;
  } catch (err) {
    return `err:${(err as NodeJS.ErrnoException).code ?? 'error'}:${at}`;
  }
}

export interface RunCache {
  cache: CheckCache;
  /** The stored outputs, when a previous run had exactly these inputs. */
  hit?: RunOutput;
  /** Store this run's outputs (after it wrote them), unless an input changed while the run was reading it. */
  save: (run: { corpus: Corpus; files: FileResult[]; texts: Map<string, DocText> }, out: RunOutput) => Promise<void>;
}

/**
 * Look up a run: `slot` names the invocation (arguments, output options); the key adds the configuration and the
 * hash of every YAML file found. On a miss, `save` stores the outputs with the fingerprints of the document texts.
 */
export async function openRunCache(cache: CheckCache, config: Config, found: Discovery, slot: unknown): Promise<RunCache> {
  const limit = config.limits.maxFileBytes;
  const fps = found.files.map((f) => [f.file, f.abs, fileFingerprint(f.abs, limit)]);
  const slotId = JSON.stringify(slot);
  const key = JSON.stringify([slotId, config, found.findings, found.missing, fps]);
  let realRoot = config.root;
  try {
    realRoot = realpathSync.native(config.root);
  } catch {
    // keep the configured folder
  }
  const fingerprint = async (p: string) => documentFingerprint(config.root, realRoot, p, docLimit(config));
  const hit = await cache.getRun(slotId, key, fingerprint);
  return {
    cache,
    ...(hit && { hit }),
    save: async ({ corpus, files, texts }, out) => {
      // The key was computed before the run read the files: store only if the run saw the same bytes.
      const before = new Map(fps.map(([file, , fp]) => [file, fp]));
      if (files.some((f) => f.sha256 !== undefined && before.has(f.file) && before.get(f.file) !== `sha:${f.sha256}`)) return;
      const paths = [...new Set([...corpus.documents.values()].flatMap((d) => (d.path === undefined ? [] : [d.path])))];
      const docs = await Promise.all(paths.map(async (p): Promise<[string, string]> => [p, await fingerprint(p)]));
      const byPath = new Map(docs);
      for (const [id, t] of texts) {
        const p = corpus.documents.get(id)?.path;
        if (p !== undefined && !byPath.get(p)?.endsWith(`:${t.sha256}`)) return;
      }
      cache.putRun(slotId, key, docs, out);
      await cache.flush();
    },
  };
}
