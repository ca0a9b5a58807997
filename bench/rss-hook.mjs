// Preloaded with `node --import ./bench/rss-hook.mjs bin/claims.js ...`: when the process exits, write its peak RSS
// (bytes, worker threads included) to the file named by CLAIMS_BENCH_RSS_FILE. It measures the real executable,
// however bin/claims.js loads the code. Worker threads inherit the flag and do nothing here.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env['CLAIMS_BENCH_RSS_FILE'];
if (isMainThread && out) {
  // resourceUsage().maxRSS is in kilobytes.
  process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS * 1024)));
}
