// The content-addressed cache (outside the working tree by default: see src/cache/store.ts; --cache-location,
// --no-cache).
//
// Two levels, both keyed by content, never by timestamps:
// - per file: the FileResult of one YAML file, keyed by its bytes' SHA-256, its name, the tool (version and code),
//   the schemas and the limits. An unchanged file is never parsed or validated again. The first few results of a
//   run are entries of their own; the rest go into packs (one signed entry holding many results, with an index of
//   their keys), so that a cold run of thousands of files writes a handful of files and a warm one reads them.
// - per run: the finished output of a whole `claims check`, keyed by the check's input and the formatters'
//   options, stored with every read the run made of the file system (src/util/reads.ts), and valid only while
//   each of those reads, done again, finds the same (src/cache/run-cache.ts).
// Proving that nothing changed is itself kept cheap: file hashes are remembered with each file's stat, as git's
// index does (src/cache/stat-index.ts, with its rule for racy timestamps).
// Every entry is signed with this machine's key and read without following links (src/cache/store.ts): a
// forged, copied or committed entry is a miss. A signed entry is then trusted only when it parses and carries the
// exact key expected; anything else (corrupt, truncated, stale, from another version) is ignored and rewritten.
// Writes are atomic (temporary file, rename), and a cache that cannot be written (read-only folder, full disk) is
// silently skipped: it is only an optimisation.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReadKind, ReadRecorder } from '../util/reads.js';
import type { FileResult } from '../report/types.js';
import type { FileLimits } from '../validate/file.js';
import { StatIndex } from './stat-index.js';
import { QuoteMemo } from './quote-memo.js';
import { schemaHash } from '../validate/schemas.js';
import type { CacheStore } from './store.js';
import { VERSION } from '../version.js';

/** Bumped whenever the layout or meaning of cache entries changes. */
export const CACHE_FORMAT = 3;

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

let codeId: string | undefined;
/** The code hash the build wrote beside the bundle, if there is one. */
function builtCodeId(root: string): string | undefined {
  try {
    const text = readFileSync(path.join(root, 'bundle', 'code-id'), 'utf8').trim();
    return /^[0-9a-f]{64}$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What identifies this build of the tool: its version, plus the content of its code (the bundle and validators, as
 * the build hashed them, when installed; every module of src/ under the tests), the libraries and the Node.js
 * runtime (its Unicode data), so that a changed tool never reuses old results (a rebuild of the same code does).
 */
export function codeFingerprint(): string {
  if (codeId !== undefined) return codeId;
  const root = fileURLToPath(new URL('../', import.meta.url));
  const parts: string[] = [VERSION, String(CACHE_FORMAT)];
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (/\.(c?js|ts)$/.test(e.name)) {
        try {
          hash.update(`${path.relative(root, abs)}\0`).update(readFileSync(abs));
        } catch {
          parts.push(`${abs}:?`);
        }
      }
    }
  };
  // The build writes the hash of the code that runs (the bundle and the validators: scripts/bundle.mjs) beside
  // the bundle; without it (the sources run directly, as the tests do), every module here is hashed.
  const built = builtCodeId(root);
  if (built !== undefined) hash.update(built);
  else walk(root);
  for (const kind of ['claims', 'sources', 'documents'] as const) parts.push(schemaHash(kind));
  // The libraries that parse and validate are part of the result too.
  const require = createRequire(import.meta.url);
  for (const dep of ['yaml', 'js-yaml', 'ajv', 'ajv-formats']) {
    try {
      parts.push(`${dep}@${(require(`${dep}/package.json`) as { version: string }).version}`);
    } catch {
      parts.push(`${dep}@?`);
    }
  }
  // So is the runtime: Unicode normalisation, character classes and case mapping come from Node's ICU data.
  parts.push(`node@${process.version}`, `unicode@${process.versions.unicode ?? '?'}`, `icu@${process.versions.icu ?? '?'}`);
  codeId = sha256(`${parts.join('\n')}\n${hash.digest('hex')}`);
  return codeId;
}

/** A finished run, as stored: what was written where, and the exit code. */
export interface RunOutput {
  exitCode: number;
  /** One text per output target, in the order of the targets. */
  outputs: string[];
}

/** One read a run made: its kind, the absolute path, and the fingerprint of what it found (src/util/reads.ts). */
export type RecordedRead = [kind: ReadKind, abs: string, fingerprint: string];

interface RunEntry extends RunOutput {
  format: number;
  key: string;
  /** Every read the run made of the file system. */
  reads: RecordedRead[];
}

const READ_KINDS: ReadonlySet<string> = new Set<ReadKind>(['bytes', 'list', 'kind', 'stat', 'real', 'inode']);
const isRead = (r: unknown): r is RecordedRead => Array.isArray(r) && r.length === 3 && READ_KINDS.has(r[0] as string) && typeof r[1] === 'string' && typeof r[2] === 'string';

interface FileEntry {
  format: number;
  key: string;
  result: FileResult;
}

const isFileResult = (r: unknown, file: string): r is FileResult => {
  const o = r as FileResult | null;
  return (
    typeof o === 'object' && o !== null && o.file === file && typeof o.loaded === 'boolean' && Array.isArray(o.sources) && Array.isArray(o.documents) && Array.isArray(o.claims) && Array.isArray(o.findings)
  );
};

const encoder = new TextEncoder();
/** File entries written on the main thread, each as its own entry, before the rest of a run's go into packs. */
const WRITER_AFTER = 32;

/** A pack is sent to the writer thread once its entries reach this size (well under MAX_ENTRY_BYTES). */
const PACK_BYTES = 16 * 1024 * 1024;

/** Packs kept for a project at most: beyond it, those holding the fewest current results are deleted. */
const MAX_PACKS = 64;

const PACK_NAME = /^[0-9a-z]{9}-[0-9a-f]{12}\.pack$/;

/** A pack's first line: its format and, for each result it holds, [key, file, length of its JSON in bytes]. */
interface PackHead {
  format: number;
  index: Array<[key: string, file: string, bytes: number]>;
}

/** A pack read in this run: where each of its results lies, and which files it holds. */
interface LoadedPack {
  rel: string;
  /** The pack's entries after its first line; let go once the file stage is over. */
  body: Buffer | undefined;
  /** The files it holds a result for. */
  files: string[];
}

const isPackHead = (h: unknown): h is PackHead => {
  const o = h as PackHead | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    o.format === CACHE_FORMAT &&
    Array.isArray(o.index) &&
    o.index.every((e) => Array.isArray(e) && e.length === 3 && typeof e[0] === 'string' && typeof e[1] === 'string' && Number.isSafeInteger(e[2]) && e[2] >= 0)
  );
};

/**
 * The writer thread (plain JavaScript, evaluated: it runs the same from dist/ and under the tests). Each message
 * is a batch of entries, each [folder, name, entry name, content as UTF-8 bytes (or a list of parts, for a pack)], the folder checked already by the
 * main thread (the bytes are handed over, not copied, and batched: posting a large string, or waking the thread
 * for each entry, costs the main thread far more than encoding them): they are signed as
 * CacheStore.seal signs it (with what CacheStore.sealing gives, in workerData) and written as writeNewFileSync
 * does (src/cache/safe-io.ts: a new temporary file, renamed over the name, never written through a link); null:
 * reply whether every entry was written, and stop. After a failure it writes nothing more.
 */
const WRITER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { createHmac, randomBytes } = require('node:crypto');
const c = fs.constants;
const NEW_FILE = c.O_WRONLY | c.O_CREAT | c.O_EXCL | (c.O_NOFOLLOW || 0);
const { key, project, magic, headerBytes, maxBytes } = workerData;
let ok = true;
parentPort.on('message', (m) => {
  if (m === null) {
    parentPort.postMessage(ok);
    return;
  }
  for (const entry of m) if (ok) write(entry);
});
function write([dir, name, rel, content]) {
  const body = Array.isArray(content) ? Buffer.concat(content) : content;
  if (body.length + headerBytes > maxBytes) return;
  const head = magic + createHmac('sha256', key).update(project + '\\0' + rel + '\\0').update(body).digest('hex') + '\\n';
  const tmp = path.join(dir, '.' + name + '.' + process.pid + '.' + randomBytes(4).toString('hex') + '.tmp');
  try {
    const fd = fs.openSync(tmp, NEW_FILE, 0o600);
    try {
      fs.writeSync(fd, head);
      fs.writeFileSync(fd, body);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(dir, name));
  } catch {
    try { fs.rmSync(tmp, { force: true }); } catch {}
    ok = false;
  }
}
`;

export class CheckCache {
  /**
   * Set by a process that checks again and again (`check --watch`): the packs verified by one check are given to
   * the next without being read and verified again while their files' stats are unchanged (CacheStore.readBytes).
   */
  static keepPacks = false;
  /** Signed entries that could not be used (corrupt or stale) and were rebuilt, for tests and --debug. */
  rejected = 0;
  private writable = true;
  private readonly writes: Array<Promise<void>> = [];
  /** The recorder of the whole-run cache opened on this cache (src/cache/run-cache.ts), for a check given only the cache. */
  runReads: ReadRecorder | undefined;

  constructor(
    /** Where entries are kept, signed (src/cache/store.ts). */
    readonly store: CacheStore,
    private readonly root: string,
  ) {}

  /** The cache folder (its real path). */
  get dir(): string {
    return this.store.dir;
  }

  private fileKey(file: string, contentSha: string, limits: FileLimits): string {
    return sha256(JSON.stringify([codeFingerprint(), this.root, file, contentSha, limits.maxFileBytes, limits.maxFindingsPerFile]));
  }

  private filePath(file: string): string {
    const h = sha256(`${this.root}\0${file}`);
    return `files/${h.slice(0, 2)}/${h}.json`;
  }

  /** An entry, read synchronously: a few system calls, where the promise API costs several thread-pool round trips. */
  private readJsonSync<T>(rel: string): T | undefined {
    const text = this.store.read(rel);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      this.rejected++;
      return undefined;
    }
  }

  /**
   * Write an entry at once, synchronously: for the many small entries of a cold run, a few system calls each are
   * far cheaper for the main thread than the promise file API (a handle, several round trips to the thread pool).
   */
  private writeNow(rel: string, data: string): void {
    if (!this.writable) return;
    try {
      if (!this.store.writeSync(rel, data)) this.writable = false;
    } catch {
      // A cache that cannot be written is no error: stop trying, and run uncached.
      this.writable = false;
    }
  }

  /** Entries written on this thread before a cold run is seen to be large enough for the writer thread. */
  private inline = 0;
  private writer: { worker: import('node:worker_threads').Worker; done: Promise<boolean> } | undefined;

  /**
   * A file result: the first few of a run are written here at once, each as its own entry (a run that checks a
   * few changed files writes a few small entries); the rest go into packs, one signed entry holding many results
   * (PACK_BYTES at most), written by a writer thread, so that a cold run makes a handful of files instead of
   * thousands (each one costs the system far more than its bytes) and mostly while the main thread does other
   * work. An entry that cannot be written stops the cache's writes.
   */
  private writeFileEntry(rel: string, key: string, file: string, entry: () => string, result: () => Uint8Array): void {
    if (!this.writable) return;
    this.written.add(file);
    if (this.inline < WRITER_AFTER) {
      this.inline++;
      this.writeNow(rel, entry());
      return;
    }
    const bytes = result();
    this.pack.push([key, file, bytes]);
    this.packBytes += bytes.length;
    if (this.packBytes >= PACK_BYTES) this.sendPack();
  }

  /** Results waiting to be written in the next pack, and their size. */
  private pack: Array<[key: string, file: string, utf8: Uint8Array]> = [];
  private packBytes = 0;
  /** Files whose result this run stored (older packs' results for them are no longer current). */
  private readonly written = new Set<string>();
  /** Packs this run wrote. */
  private readonly packsWritten: string[] = [];
  private packSeq = 0;

  /** The folder of this project's packs. */
  private packFolder(): string {
    return `packs/${sha256(this.root).slice(0, 32)}`;
  }

  /** The waiting results as one pack, to the writer thread (its name orders packs by when they were made). */
  private sendPack(): void {
    if (this.pack.length === 0 || !this.writable) return;
    const name = `${Date.now().toString(36).padStart(9, '0')}-${(this.packSeq++ % 4096).toString(16).padStart(3, '0')}${randomBytes(5).toString('hex').slice(0, 9)}.pack`;
    const rel = `${this.packFolder()}/${name}`;
    const at = this.store.place(rel);
    if (at === undefined) {
      this.writable = false;
      return;
    }
    const head: PackHead = { format: CACHE_FORMAT, index: this.pack.map(([key, file, bytes]) => [key, file, bytes.length]) };
    const parts = [encoder.encode(`${JSON.stringify(head)}\n`), ...this.pack.map((e) => e[2])];
    this.pack = [];
    this.packBytes = 0;
    this.writer ??= this.startWriter();
    this.batch.push([at.dir, at.name, rel, parts]);
    this.packsWritten.push(rel);
    this.sendBatch(this.writer.worker);
  }

  /** Entries waiting to go to the writer thread. */
  private batch: Array<[string, string, string, Uint8Array[]]> = [];

  private sendBatch(worker: import('node:worker_threads').Worker): void {
    if (this.batch.length === 0) return;
    // Handed over, not copied: each part has a buffer of its own (TextEncoder's, or a worker's, handed over too).
    worker.postMessage(
      this.batch,
      this.batch.flatMap((e) => e[3].map((b) => b.buffer as ArrayBuffer)),
    );
    this.batch = [];
  }

  private startWriter(): { worker: import('node:worker_threads').Worker; done: Promise<boolean> } {
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    const worker = new Worker(WRITER_CODE, { eval: true, workerData: this.store.sealing() });
    // Not kept alive for itself: flush holds the process open while it waits.
    worker.unref();
    const done = new Promise<boolean>((resolve) => {
      worker.on('message', (ok: boolean) => resolve(ok));
      worker.on('error', () => resolve(false));
      worker.on('exit', () => resolve(false));
    });
    return { worker, done };
  }

  private write(rel: string, data: string): void {
    if (!this.writable) return;
    const w = (async () => {
      try {
        if (!(await this.store.write(rel, data))) this.writable = false;
      } catch {
        // A cache that cannot be written is no error: stop trying, and run uncached.
        this.writable = false;
      }
    })();
    this.writes.push(w);
  }

  /** False when the cache held no file entry at all when this run first asked (a cold run: nothing to look up). */
  private filesExist: boolean | undefined;
  /** The packs of this project, read at the first look-up; with, for each result key, its pack and place. */
  private packs: LoadedPack[] | undefined;
  private readonly packed = new Map<string, { pack: LoadedPack; start: number; end: number }>();
  /** Packs that could not be used (unsigned, damaged, of another format): deleted once this run has packed their files anew. */
  private readonly badPacks: string[] = [];

  /** Read this project's packs (each verified whole by the store; one that fails is left out: its files are checked). */
  private loadPacks(): LoadedPack[] {
    if (this.packs !== undefined) return this.packs;
    this.packs = [];
    const folder = this.packFolder();
    for (const name of this.store.list(folder, PACK_NAME)) {
      const rel = `${folder}/${name}`;
      const body = this.store.readBytes(rel, CheckCache.keepPacks);
      if (body === undefined) {
        this.badPacks.push(rel);
        continue;
      }
      const nl = body.indexOf(0x0a);
      let head: unknown;
      try {
        head = nl === -1 ? undefined : JSON.parse(body.toString('utf8', 0, nl));
      } catch {
        head = undefined;
      }
      // The lengths must account for every byte after the first line, exactly.
      if (!isPackHead(head) || head.index.reduce((n, e) => n + e[2], nl + 1) !== body.length) {
        this.rejected++;
        this.badPacks.push(rel);
        continue;
      }
      const pack: LoadedPack = { rel, body, files: head.index.map((e) => e[1]) };
      let at = nl + 1;
      for (const [key, , bytes] of head.index) {
        this.packed.set(key, { pack, start: at, end: at + bytes });
        at += bytes;
      }
      this.packs.push(pack);
    }
    return this.packs;
  }

  /** False when the cache holds no file result for this project (a cold run: nothing to look up, nothing to hash). */
  mayHoldFiles(): boolean {
    this.filesExist ??= this.store.has('files');
    return this.loadPacks().length > 0 || this.filesExist;
  }

  /** The file stage is over: the packs' bytes are let go (their results were parsed as they were looked up). */
  filesDone(): void {
    for (const p of this.packs ?? []) p.body = undefined;
    this.packed.clear();
  }

  /** The cached result for a file with these bytes (by hash), or undefined. */
  getFileSync(file: string, contentSha: string, limits: FileLimits): FileResult | undefined {
    if (!this.mayHoldFiles()) return undefined;
    const key = this.fileKey(file, contentSha, limits);
    const inPack = this.packed.get(key);
    if (inPack?.pack.body !== undefined) {
      let result: unknown;
      try {
        result = JSON.parse(inPack.pack.body.toString('utf8', inPack.start, inPack.end));
      } catch {
        result = undefined;
      }
      if (isFileResult(result, file) && result.sha256 === contentSha) return result;
      this.rejected++;
    }
    if (!this.filesExist) return undefined;
    // Read synchronously: a few system calls, where the promise API costs the main thread several round trips.
    const e = this.readJsonSync<FileEntry>(this.filePath(file));
    if (e === undefined) return undefined;
    if (e.format !== CACHE_FORMAT || e.key !== key || !isFileResult(e.result, file) || e.result.sha256 !== contentSha) {
      this.rejected++;
      return undefined;
    }
    return e.result;
  }

  /**
   * Store a file's result; `json`, when given, is JSON.stringify(result), made already (the entry is the same
   * text), and `utf8` that text as UTF-8.
   */
  putFile(result: FileResult, limits: FileLimits, json?: string, utf8?: Uint8Array): void {
    if (result.sha256 === undefined) return;
    const key = this.fileKey(result.file, result.sha256, limits);
    const entry = () => (json !== undefined ? `{"format":${JSON.stringify(CACHE_FORMAT)},"key":${JSON.stringify(key)},"result":${json}}` : JSON.stringify({ format: CACHE_FORMAT, key, result } satisfies FileEntry));
    // In a pack, the index holds the key: only the result is stored.
    const packed = () => utf8 ?? encoder.encode(json ?? JSON.stringify(result));
    this.writeFileEntry(this.filePath(result.file), key, result.file, entry, packed);
  }

  private runPath(key: string): string {
    return `runs/${sha256(JSON.stringify([this.root, key]))}.json`;
  }

  /** The stored run under `key`, if `unchanged` says every read it made still finds the same. */
  getRun(key: string, unchanged: (reads: readonly RecordedRead[]) => boolean): RunOutput | undefined {
    const e = this.readJsonSync<RunEntry>(this.runPath(key));
    if (e === undefined) return undefined;
    if (
      e.format !== CACHE_FORMAT ||
      e.key !== sha256(JSON.stringify([codeFingerprint(), key])) ||
      !Array.isArray(e.outputs) ||
      !e.outputs.every((o) => typeof o === 'string') ||
      !Array.isArray(e.reads) ||
      !e.reads.every(isRead) ||
      typeof e.exitCode !== 'number'
    ) {
      this.rejected++;
      return undefined;
    }
    if (!unchanged(e.reads)) return undefined;
    return { exitCode: e.exitCode, outputs: e.outputs };
  }

  /** Store a finished run under `key`, with the reads that made it. */
  putRun(key: string, reads: RecordedRead[], out: RunOutput): void {
    const entry: RunEntry = { format: CACHE_FORMAT, key: sha256(JSON.stringify([codeFingerprint(), key])), reads, ...out };
    this.write(this.runPath(key), JSON.stringify(entry));
  }

  private index: StatIndex | undefined;
  private readonly indexPath = () => `stat/${sha256(this.root)}.json`;

  /** The stat index of this project's inputs (loaded once; see src/cache/stat-index.ts). */
  statIndex(): StatIndex {
    this.index ??= new StatIndex(path.join(this.dir, this.indexPath()), { load: () => this.store.read(this.indexPath()) });
    if (this.index.rejected) {
      this.rejected++;
      this.index.rejected = false;
    }
    return this.index;
  }

  /** Store the stat index if it learnt anything. */
  saveStatIndex(): void {
    if (this.index?.changed) this.write(this.indexPath(), this.index.serialize());
  }

  private readonly memoPath = () => `quotes/${sha256(this.root)}.json`;

  /** The quote memo of this project (src/cache/quote-memo.ts), loaded now. */
  quoteMemo(): QuoteMemo {
    const memo = new QuoteMemo(this.store.read(this.memoPath()), codeFingerprint());
    if (memo.rejected) this.rejected++;
    return memo;
  }

  /** Store the quote memo if the run changed it. */
  saveQuoteMemo(memo: QuoteMemo): void {
    const text = memo.serialize();
    if (text !== undefined) this.write(this.memoPath(), text);
  }

  /**
   * Nothing stores discovery's answer (a run's recorded reads stand for it: src/cache/run-cache.ts); the method is
   * here only while src/cli/diff.ts's ReadOnlyCache overrides it, and goes when that override does.
   */
  putDiscovery(): void {}

  /** What --debug says about entries this run could not use. */
  notes(): string[] {
    const out = this.store.notes();
    if (this.rejected > 0) out.push(`${this.rejected.toLocaleString('en-US')} signed ${this.rejected === 1 ? 'entry' : 'entries'} ignored (stale or damaged) and rebuilt`);
    return out;
  }

  /**
   * After this run stored file results: delete the packs it could not use, and older packs of which less than a quarter of the files have no newer result
   * (in a newer pack, or this run's), then, beyond MAX_PACKS, those holding the fewest current results (their
   * files are checked again the next time, and packed anew).
   */
  private prunePacks(): void {
    if (this.written.size === 0) return;
    for (const rel of this.badPacks) this.store.remove(rel);
    const old = this.packs ?? [];
    const newer = new Set(this.written);
    const live: Array<{ rel: string; current: number }> = [];
    for (let i = old.length - 1; i >= 0; i--) {
      const p = old[i]!;
      const current = p.files.filter((f) => !newer.has(f)).length;
      for (const f of p.files) newer.add(f);
      if (current * 4 < p.files.length) this.store.remove(p.rel);
      else live.push({ rel: p.rel, current });
    }
    const room = MAX_PACKS - this.packsWritten.length;
    live.sort((a, b) => b.current - a.current);
    for (const p of live.slice(Math.max(0, room))) this.store.remove(p.rel);
  }

  /** Wait for pending writes (they never fail). */
  async flush(): Promise<void> {
    this.sendPack();
    const writer = this.writer;
    if (writer !== undefined) {
      this.writer = undefined;
      writer.worker.ref();
      this.sendBatch(writer.worker);
      writer.worker.postMessage(null);
      if (!(await writer.done)) this.writable = false;
      await writer.worker.terminate();
    }
    if (this.writable) this.prunePacks();
    this.inline = 0;
    this.packsWritten.length = 0;
    this.written.clear();
    this.badPacks.length = 0;
    this.filesExist = undefined;
    this.packs = undefined;
    this.packed.clear();
    await Promise.all(this.writes.splice(0));
  }
}
