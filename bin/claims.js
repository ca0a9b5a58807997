#!/usr/bin/env node
// The thin executable: all behaviour lives in run(), which returns the exit code. run() comes from the bundle that
// `npm run build` makes from dist/ (scripts/bundle.mjs): one CommonJS file, which starts faster than the hundreds
// of modules of dist/ and node_modules it is made from.
//
// No V8 code cache is used: one recorded from checks of the seeds made the JSON report of a large broken corpus
// peak at 1,022 MiB against 695 MiB without it (test/hostile/bounded.test.ts bounds it at 1 GiB).
//
// A CommonJS file (bin/package.json says so), as Node.js starts one without setting up its ES module loader.
/* global require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: require is how it loads anything */
'use strict';
const path = require('node:path');

const { run, nodeIO } = require(path.join(__dirname, '..', 'dist', 'bundle', 'claims.cjs'));

run(process.argv.slice(2), nodeIO()).then((code) => {
  process.exitCode = code;
});
