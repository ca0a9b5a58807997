#!/usr/bin/env node
// The thin executable: all behaviour lives in run(), which returns the exit code. run() comes from the bundle that
// `npm run build` makes from dist/ (scripts/bundle.mjs): one CommonJS file, compiled here with the V8 code cache
// the build recorded beside it, so that start-up neither resolves hundreds of modules nor compiles again the
// functions a check runs. The cache is used only for the very source it was made from (its SHA-256 comes first);
// V8 itself refuses a cache made by another Node.js or with other flags, and then compiles as usual.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/** The bundle's exports; the source and the cache are not kept beyond compiling (V8 keeps what it needs). */
function load() {
  const file = fileURLToPath(new URL('../dist/bundle/claims.cjs', import.meta.url));
  const source = readFileSync(file, 'utf8');
  let cachedData;
  try {
    const cache = readFileSync(`${file}.v8cache`);
    if (cache.subarray(0, 32).equals(createHash('sha256').update(source).digest())) cachedData = cache.subarray(32);
  } catch {
    // No cache (or an unreadable one): compile without it.
  }
  // The same wrapper as scripts/bundle.mjs used to record the cache.
  const script = new vm.Script(Module.wrap(source), { filename: file, ...(cachedData && { cachedData }) });
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, path.dirname(file));
  return bundle.exports;
}

const { run, nodeIO } = load();
process.exitCode = await run(process.argv.slice(2), nodeIO());
