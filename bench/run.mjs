#!/usr/bin/env node
// The benchmark behind `npm run bench`. Everything is measured in one run, alternating the commands
// round by round so that machine noise hits them alike, and the table reports medians and ratios.
//
//   node bench/run.mjs [--rounds 7] [--big 100000] [--big-rounds 3] [--no-write]
//
// Needs the built code (npm run build). Writes bench/RESULTS.md unless --no-write.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, GENERATOR_VERSION } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const BIN = path.join(ROOT, 'bin', 'claims.js');
const MEASURE = path.join(HERE, 'measure.mjs');
const AJV = path.join(ROOT, 'node_modules', 'ajv-cli', 'dist', 'index.js');
const SCHEMA = path.join(ROOT, 'schemas', 'claims.schema.json');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : args[i + 1];
};
const ROUNDS = Number(opt('rounds', '7'));
const SMALL = Number(opt('small', '10000'));
const BIG = Number(opt('big', '100000'));
const BIG_ROUNDS = Number(opt('big-rounds', '3'));
const WRITE = !args.includes('--no-write');

if (!existsSync(path.join(ROOT, 'dist', 'cli', 'run.js'))) {
  console.error('bench: dist/ is missing. Run "npm run build" first (npm run bench does).');
  process.exit(2);
}
if (!existsSync(AJV)) {
  console.error('bench: ajv-cli is missing. Run "npm ci" first.');
  process.exit(2);
}

const started = performance.now();
const log = (s) => process.stderr.write(`${s}\n`);

/** The generated corpus for N claims, rebuilt only when missing or made by another generator version. */
function corpus(n) {
  const dir = path.join(HERE, 'corpus', String(n));
  const stampFile = path.join(dir, '.stamp.json');
  if (existsSync(stampFile)) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    if (stamp.generator === GENERATOR_VERSION && stamp.claims === n) return { dir, stamp };
  }
  const t = performance.now();
  const stamp = generate({ claims: n, out: dir, seed: 42 });
  log(`generated ${n.toLocaleString('en-US')} claims in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return { dir, stamp };
}

// Children run without CI and without a terminal, as a script or a pipe would run them.
const childEnv = { ...process.env };
delete childEnv.CI;
delete childEnv.FORCE_COLOR;

/** Run a command to completion; return wall-clock milliseconds and the exit code. */
function time(cmd, argv, cwd, env = childEnv) {
  const t = performance.now();
  const r = spawnSync(cmd, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env, maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  return { ms, code: r.status, stderr: r.stderr?.toString() ?? '' };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

const small = corpus(SMALL);
const cacheDir = path.join(small.dir, '.claims-cache');
const claimsArgs = ['check', '--cache-location', cacheDir];
const ajvArgs = ['validate', '-s', SCHEMA, '-d', 'ledger/claims/**/*.yaml', '--spec=draft7', '--all-errors', '--strict=true', '-c', 'ajv-formats'];

// The file edited in the "one file changed" case: one claim statement, different each round.
const edited = path.join(small.dir, 'ledger', 'claims', 'kandahar', '2019', 'claims-00000.yaml');
const original = readFileSync(edited, 'utf8');
const edit = (round) => writeFileSync(edited, original.replace('(event 0).', `(event 0, edited in round ${round}).`));

// Sanity: both tools must actually do their job on this corpus.
{
  const a = time(process.execPath, [AJV, ...ajvArgs], small.dir);
  if (a.code !== 0) throw new Error(`ajv-cli failed (exit ${a.code}):\n${a.stderr.slice(0, 2000)}`);
  rmSync(cacheDir, { recursive: true, force: true });
  const c = time(process.execPath, [BIN, ...claimsArgs], small.dir);
  if (c.code !== 0 && c.code !== 1) throw new Error(`claims check failed (exit ${c.code}):\n${c.stderr.slice(0, 2000)}`);
}

const samples = { ajv: [], cold: [], warm: [], changed: [], nocache: [], node0: [], seeds: [], seedsNoCache: [] };
for (let r = 1; r <= ROUNDS; r++) {
  log(`round ${r}/${ROUNDS}`);
  samples.ajv.push(time(process.execPath, [AJV, ...ajvArgs], small.dir).ms);
  rmSync(cacheDir, { recursive: true, force: true });
  samples.cold.push(time(process.execPath, [BIN, ...claimsArgs], small.dir).ms);
  samples.warm.push(time(process.execPath, [BIN, ...claimsArgs], small.dir).ms);
  edit(r);
  samples.changed.push(time(process.execPath, [BIN, ...claimsArgs], small.dir).ms);
  samples.nocache.push(time(process.execPath, [BIN, 'check', '--no-cache'], small.dir).ms);
  for (let k = 0; k < 3; k++) {
    samples.node0.push(time(process.execPath, ['-e', '0'], ROOT).ms);
    samples.seeds.push(time(process.execPath, [BIN, 'check'], ROOT).ms);
    samples.seedsNoCache.push(time(process.execPath, [BIN, 'check', '--no-cache'], ROOT).ms);
  }
}
writeFileSync(edited, original);

// 100,000 claims: peak RSS and time, alternating with the 10,000-claim corpus through the same wrapper.
const big = corpus(BIG);
const rssFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'claims-bench-')), 'rss');
const measured = (dir) => {
  rmSync(path.join(dir, '.claims-cache'), { recursive: true, force: true });
  // The cache named, so that removing it makes the run cold (by default it lives outside the corpus).
  const r = time(process.execPath, [MEASURE, 'check', '--cache-location', path.join(dir, '.claims-cache')], dir, { ...childEnv, CLAIMS_BENCH_RSS_FILE: rssFile });
  if (r.code !== 0 && r.code !== 1) throw new Error(`claims check failed on ${dir} (exit ${r.code}):\n${r.stderr.slice(0, 2000)}`);
  return { ms: r.ms, rss: Number(readFileSync(rssFile, 'utf8')) };
};
const lin = { small: [], big: [], smallRss: [], bigRss: [] };
for (let r = 1; r <= BIG_ROUNDS; r++) {
  log(`scale round ${r}/${BIG_ROUNDS}`);
  const s = measured(small.dir);
  const b = measured(big.dir);
  lin.small.push(s.ms);
  lin.smallRss.push(s.rss);
  lin.big.push(b.ms);
  lin.bigRss.push(b.rss);
}
rmSync(path.join(big.dir, '.claims-cache'), { recursive: true, force: true });

const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
const ratio = (a, b) => a / b;
const GiB = 1024 ** 3;
const bigRss = Math.max(...lin.bigRss);
const growth = ratio(median(lin.big), median(lin.small));
const sizeRatio = BIG / SMALL;
const rows = [
  ['`claims check`, cold (empty cache)', fmtMs(m.cold), `${ratio(m.cold, m.ajv).toFixed(2)}× ajv-cli`, '≤ 1.5× ajv-cli', ratio(m.cold, m.ajv) <= 1.5],
  ['`claims check`, nothing changed (cache)', fmtMs(m.warm), `${ratio(m.warm, m.ajv).toFixed(2)}× ajv-cli`, '≤ 0.25× ajv-cli', ratio(m.warm, m.ajv) <= 0.25],
  ['`claims check`, one file changed', fmtMs(m.changed), `${ratio(m.changed, m.ajv).toFixed(2)}× ajv-cli`, '—', undefined],
  ['`claims check --no-cache`', fmtMs(m.nocache), `${ratio(m.nocache, m.ajv).toFixed(2)}× ajv-cli`, '—', undefined],
  ['`ajv validate` (peer), same claim files', fmtMs(m.ajv), '1.00×', '', undefined],
  ['seeds corpus, `claims check` (default, cache)', fmtMs(m.seeds), `${ratio(m.seeds, m.node0).toFixed(2)}× node -e 0`, '≤ 2.5× node -e 0', ratio(m.seeds, m.node0) <= 2.5],
  ['seeds corpus, `claims check --no-cache`', fmtMs(m.seedsNoCache), `${ratio(m.seedsNoCache, m.node0).toFixed(2)}× node -e 0`, '(≤ 2.5×)', ratio(m.seedsNoCache, m.node0) <= 2.5],
  ['`node -e 0`', fmtMs(m.node0), '1.00×', '', undefined],
  [`${BIG.toLocaleString('en-US')} claims, cold: peak RSS`, `${(bigRss / 1024 ** 2).toFixed(0)} MiB`, `${(bigRss / GiB).toFixed(2)} GiB`, '< 1 GiB', bigRss < GiB],
  [`${BIG.toLocaleString('en-US')} vs ${SMALL.toLocaleString('en-US')} claims, cold time`, `${fmtMs(median(lin.big))} vs ${fmtMs(median(lin.small))}`, `${growth.toFixed(1)}× for ${sizeRatio}× the claims`, `≤ ${(sizeRatio * 1.2).toFixed(0)}×`, growth <= sizeRatio * 1.2],
];
const table = [
  '| case | median | ratio | target | met |',
  '|---|---:|---:|---|---|',
  ...rows.map(([c, t, r, target, ok]) => `| ${c} | ${t} | ${r} | ${target} | ${ok === undefined ? '' : ok ? 'yes' : '**no**'} |`),
].join('\n');

const cpus = os.cpus();
const machine = `${cpus.length} cores (${cpus[0]?.model?.trim() ?? 'unknown CPU'}), ${(os.totalmem() / GiB).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
const corpusLine = (c) =>
  `${c.stamp.claims.toLocaleString('en-US')} claims in ${c.stamp.yamlFiles} YAML files (${(c.stamp.yamlBytes / 1024 ** 2).toFixed(1)} MiB), ${c.stamp.sources} sources, ${c.stamp.documents.toLocaleString('en-US')} document texts`;
const elapsed = (performance.now() - started) / 1000;
const md = `# Benchmark results

Produced by \`npm run bench\` (bench/run.mjs) in one run of ${elapsed.toFixed(0)} s: ${ROUNDS} alternating rounds on the
${SMALL.toLocaleString('en-US')}-claim corpus (each round: ajv-cli, cold, unchanged, one file changed, --no-cache; then
3× each of \`node -e 0\` and the seeds corpus), then ${BIG_ROUNDS} round(s) of ${SMALL.toLocaleString('en-US')} vs
${BIG.toLocaleString('en-US')} claims cold, for peak memory and growth. Medians; ratios are between medians of the same run.

- Machine: ${machine}
- Corpus (bench/generate.mjs, seed 42): ${corpusLine(small)}; and ${corpusLine(big)}
- Peer: \`ajv validate -s schemas/claims.schema.json -d 'ledger/claims/**/*.yaml' --spec=draft7 --all-errors --strict=true -c ajv-formats\`
  (ajv-cli ${JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'ajv-cli', 'package.json'), 'utf8')).version}, js-yaml, schema only: no positions, no references, no quotes, no verdicts;
  claims also reads the sources and documents files and every document text)
- claims: \`claims check --cache-location <corpus>/.claims-cache\`, text report to /dev/null; "cold" deletes the cache first.
- Peak RSS: \`process.resourceUsage().maxRSS\` of the checking process (bench/measure.mjs), worker threads included.

${table}

Raw samples (ms): ${Object.entries(samples)
  .map(([k, v]) => `${k} [${v.map((x) => x.toFixed(0)).join(', ')}]`)
  .join('; ')}; scale ${SMALL}: [${lin.small.map((x) => x.toFixed(0)).join(', ')}], ${BIG}: [${lin.big.map((x) => x.toFixed(0)).join(', ')}]; peak RSS ${SMALL}: ${lin.smallRss.map((x) => `${(x / 1024 ** 2).toFixed(0)} MiB`).join(', ')}; peak RSS ${BIG}: ${lin.bigRss.map((x) => `${(x / 1024 ** 2).toFixed(0)} MiB`).join(', ')}.
`;

console.log(`\n${table}\n\n${machine}\nfinished in ${elapsed.toFixed(0)} s`);
if (WRITE) {
  const notesFile = path.join(HERE, 'NOTES.md');
  const notes = existsSync(notesFile) ? `\n${readFileSync(notesFile, 'utf8')}` : '';
  writeFileSync(path.join(HERE, 'RESULTS.md'), md + notes);
  log('wrote bench/RESULTS.md');
}
