#!/usr/bin/env node
// Run the CLI exactly as bin/claims.js does, then write this process's peak RSS (bytes) to the file
// named by CLAIMS_BENCH_RSS_FILE. Worker threads share the process, so their memory is counted too.
//   CLAIMS_BENCH_RSS_FILE=/tmp/rss node bench/measure.mjs check
import { writeFileSync } from 'node:fs';
import { run } from '../dist/cli/run.js';
import { nodeIO } from '../dist/cli/io.js';

process.exitCode = await run(process.argv.slice(2), nodeIO());
const out = process.env['CLAIMS_BENCH_RSS_FILE'];
// resourceUsage().maxRSS is in kilobytes.
if (out) writeFileSync(out, String(process.resourceUsage().maxRSS * 1024));
