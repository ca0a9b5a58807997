#!/usr/bin/env node
// The thin executable: all behaviour lives in run(), which returns the exit code. It runs the bundle that
// `npm run build` makes from dist/ (scripts/bundle.mjs): one module graph of a few files starts faster than the
// hundreds of files behind dist/cli/run.js.
import { run, nodeIO } from '../dist/bundle/claims.js';

process.exitCode = await run(process.argv.slice(2), nodeIO());
