#!/usr/bin/env node
// The thin executable: all behaviour lives in run(), which returns the exit code. run() comes from the bundle that
// `npm run build` makes from dist/ (scripts/bundle.mjs): one CommonJS file, which starts faster than the hundreds
// of modules of dist/ and node_modules it is made from.
//
// The bundle is compiled here, as Node.js would compile it, but with the V8 code cache that the build recorded
// from a check of the bundled seeds (dist/bundle/claims.v8cache): the functions such a check runs arrive compiled
// instead of being parsed and compiled on their first call. The cache is used only when it was recorded from this
// very bundle (it starts with the bundle's code fingerprint, dist/bundle/code-id) and V8 accepts it (same V8,
// same flags); otherwise the bundle is compiled from its source alone, which gives the same behaviour.
//
// A CommonJS file (bin/package.json says so), as Node.js starts one without setting up its ES module loader.
/* global require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: require is how it loads anything */
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const BUNDLE_DIR = path.join(__dirname, '..', 'dist', 'bundle');
const BUNDLE = path.join(BUNDLE_DIR, 'claims.cjs');
const CODE_CACHE = path.join(BUNDLE_DIR, 'claims.v8cache');

const readOrUndefined = (file, encoding) => {
  try {
    return readFileSync(file, encoding);
  } catch {
    return undefined;
  }
};

const source = readFileSync(BUNDLE, 'utf8');
const codeId = readOrUndefined(path.join(BUNDLE_DIR, 'code-id'), 'utf8');
// The build sets CLAIMS_RECORD_CODE_CACHE for the checks it records the cache from (scripts/bundle.mjs): each one
// starts from the cache the one before recorded, and records what they compiled together.
const recording = process.env['CLAIMS_RECORD_CODE_CACHE'] === '1';
const header = codeId === undefined ? undefined : Buffer.from(codeId.trim() + '\n');
const stored = header === undefined ? undefined : readOrUndefined(CODE_CACHE);
const ours = stored !== undefined && stored.subarray(0, header.length).equals(header);
const cachedData = ours ? stored.subarray(header.length) : undefined;

// The same wrapper and arguments as Node.js gives a CommonJS file.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, ...(cachedData && { cachedData }) });
if (process.argv.includes('--debug')) {
  const how =
    cachedData === undefined
      ? `from its source (${stored === undefined ? 'no code cache recorded' : 'the code cache was recorded from another build'})`
      : script.cachedDataRejected
        ? 'from its source (V8 refused the code cache: another Node.js or other flags)'
        : 'with the code cache recorded by the build';
  process.stderr.write(`claims: debug: start-up: the bundle compiled ${how}\n`);
}
const bundle = { exports: {} };
script.runInThisContext().call(bundle.exports, bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, BUNDLE_DIR);
const { run, nodeIO } = bundle.exports;

run(process.argv.slice(2), nodeIO()).then((code) => {
  process.exitCode = code;
  if (recording && header !== undefined) {
    const tmp = `${CODE_CACHE}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([header, script.createCachedData()]));
    renameSync(tmp, CODE_CACHE);
  }
});
