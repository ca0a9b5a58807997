#!/usr/bin/env node
// The per-file stage (checkFileBytes: decode, YAML, schema, entities) over every YAML file of a corpus, in one
// process, with the `yaml` library only ("slow") and with the js-yaml fast path first ("auto"), side by side.
//
//   node bench/yaml-stage.mjs [folder=bench/corpus/10000/ledger] [rounds=3]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { checkFileBytes } from '../dist/validate/file.js';

const dir = process.argv[2] ?? 'bench/corpus/10000/ledger';
const rounds = Number(process.argv[3] ?? 3);
const files = readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => ({ file: f, bytes: readFileSync(path.join(dir, f)) }));
const mib = files.reduce((n, f) => n + f.bytes.length, 0) / 2 ** 20;
console.log(`${files.length} files, ${mib.toFixed(1)} MiB in ${dir}`);

const run = (mode) => {
  const t = performance.now();
  const out = files.map((f) => checkFileBytes(f.file, f.bytes, undefined, mode));
  return [performance.now() - t, out];
};
const times = { slow: [], auto: [] };
let slowOut, autoOut;
for (let r = 0; r < rounds; r++) {
  for (const mode of ['slow', 'auto']) {
    const [ms, out] = run(mode);
    times[mode].push(ms);
    if (mode === 'slow') slowOut = out;
    else autoOut = out;
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const differ = files.filter((_, i) => !isDeepStrictEqual(slowOut[i], autoOut[i])).map((f) => f.file);
console.log(`yaml only:       ${median(times.slow).toFixed(0)} ms  [${times.slow.map((t) => t.toFixed(0)).join(', ')}]`);
console.log(`fast path first: ${median(times.auto).toFixed(0)} ms  [${times.auto.map((t) => t.toFixed(0)).join(', ')}]`);
console.log(`speed-up ${(median(times.slow) / median(times.auto)).toFixed(2)}x; results differ in ${differ.length} file(s)${differ.length ? `: ${differ.slice(0, 5).join(', ')}` : ''}`);
