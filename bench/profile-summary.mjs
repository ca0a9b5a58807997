// Summarise a V8 .cpuprofile (from node --cpu-prof): self time by function and by file, and total time (self and
// callees, each sample counted once per function on its stack) by function.
// Usage: node bench/profile-summary.mjs <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) {
  const id = prof.samples[i];
  self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const label = (n) => {
  const cf = n.callFrame;
  const url = (cf.url || '(native)').replace(/^file:\/\/.*?\/node_modules\//, 'nm:').replace(/^file:\/\/.*?\/(dist|src)\//, '$1/');
  return { url, key: `${cf.functionName || '(anon)'}  ${url}:${cf.lineNumber + 1}` };
};
const fn = new Map();
const byFile = new Map();
const inclusive = new Map();
for (const [id, us] of self) {
  const { url, key } = label(byId.get(id));
  fn.set(key, (fn.get(key) ?? 0) + us);
  const fk = url.startsWith('nm:') ? url.split('/').slice(0, url.startsWith('nm:@') ? 2 : 1).join('/') : url;
  byFile.set(fk, (byFile.get(fk) ?? 0) + us);
  // Every function on this node's stack, once (a recursive function is not counted twice).
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const k = label(byId.get(at)).key;
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
}
const show = (title, m, filter = () => true) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
};
console.log(`total sampled: ${(total / 1000).toFixed(0)} ms`);
show('self time by file / package', byFile);
show('self time by function', fn);
show('total time (self and callees) by function of the project (dist/, src/)', inclusive, (k) => /\s(dist|src)\//.test(k));
