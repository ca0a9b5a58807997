#!/usr/bin/env node
// The thin executable: all behaviour lives in run(), which returns the exit code. run() comes from the bundle that
// `npm run build` makes from dist/ (scripts/bundle.mjs): one CommonJS file, which starts faster than the hundreds
// of modules of dist/ and node_modules it is made from.
import { createRequire } from 'node:module';

const { run, nodeIO } = createRequire(import.meta.url)('../dist/bundle/claims.cjs');

process.exitCode = await run(process.argv.slice(2), nodeIO());
