#!/usr/bin/env node
// The thin executable: all behaviour lives in run(), which returns the exit code.
import { run } from '../dist/cli/run.js';
import { nodeIO } from '../dist/cli/io.js';

process.exitCode = await run(process.argv.slice(2), nodeIO());
