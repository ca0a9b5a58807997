#!/usr/bin/env node
// The benchmark behind `npm run bench`. Everything is measured in one run, alternating the commands
// round by round so that machine noise hits them alike, and the table reports medians and ratios of
// medians taken side by side.
//
//   node bench/run.mjs [--quick] [--only ten,small,seeds,watch,scale] [--rounds 7] [--small-rounds 3]
//                      [--big-rounds 3] [--watch-edits 20] [--claims 10000] [--big 100000]
//                      [--files 10000] [--files-claims 57000] [--note "text"] [--commit label]
//                      [--write | --no-write]
//
// Groups of cases (--only picks some; the default is all of them):
//   ten    the 10,000-claim corpus: ajv-cli, cold, unchanged, one file changed, --no-cache
//   small  the many-small-files corpus (10,000 files, 57,000 claims): ajv-cli, cold, unchanged, one file changed
//   seeds  the project's seeds corpus: `node -e 0`, `claims check`, `claims check --no-cache`
//   watch  `claims check --watch` on the 10,000-claim corpus: one file saved, time to the redrawn report
//   scale  10,000 against 100,000 claims, cold: peak memory and growth of time
// --quick: 3 rounds, 2 small-files rounds, 1 scale round, 10 watch edits.
// A full run writes bench/RESULTS.md (with bench/NOTES.md appended); a run with --only writes only with --write.
// Needs the built code (npm run build; npm run bench does it).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import jsYaml from 'js-yaml';
import { generate, GENERATOR_VERSION } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const BIN = path.join(ROOT, 'bin', 'claims.js');
const RSS_HOOK = path.join(HERE, 'rss-hook.mjs');
const AJV = path.join(ROOT, 'node_modules', 'ajv-cli', 'dist', 'index.js');
const SCHEMA = path.join(ROOT, 'schemas', 'claims.schema.json');

const GROUPS = ['ten', 'small', 'seeds', 'watch', 'scale'];
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return dflt;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) {
    console.error(`bench: --${name} needs a value`);
    process.exit(2);
  }
  return v;
};
const num = (name, dflt) => {
  const v = Number(opt(name, String(dflt)));
  if (!Number.isInteger(v) || v < 1) {
    console.error(`bench: --${name} takes a whole number of at least 1`);
    process.exit(2);
  }
  return v;
};
const QUICK = flag('quick');
const ROUNDS = num('rounds', QUICK ? 3 : 7);
const SMALL_ROUNDS = num('small-rounds', QUICK ? 2 : 3);
const BIG_ROUNDS = num('big-rounds', QUICK ? 1 : 3);
const WATCH_EDITS = num('watch-edits', QUICK ? 10 : 20);
const TEN = num('claims', 10_000);
const BIG = num('big', 100_000);
const FILES = num('files', 10_000);
const FILES_CLAIMS = num('files-claims', 57_000);
const NOTE = opt('note', '');
const onlyArg = opt('only', '');
const only = onlyArg === '' ? GROUPS : onlyArg.split(',').map((s) => s.trim()).filter(Boolean);
for (const g of only) {
  if (!GROUPS.includes(g)) {
    console.error(`bench: unknown group "${g}" in --only; the groups are ${GROUPS.join(', ')}`);
    process.exit(2);
  }
}
const runs = (g) => only.includes(g);
const WRITE = flag('no-write') ? false : onlyArg === '' || flag('write');

if (!existsSync(path.join(ROOT, 'dist', 'cli', 'run.js'))) {
  console.error('bench: dist/ is missing. Run "npm run build" first (npm run bench does).');
  process.exit(2);
}
if (!existsSync(AJV)) {
  console.error('bench: ajv-cli is missing. Run "npm ci" first.');
  process.exit(2);
}

const started = performance.now();
const startedAt = new Date();
const loadStart = os.loadavg();
const log = (s) => process.stderr.write(`${s}\n`);

/** The generated corpus, rebuilt only when missing or made by another generator version or shape. */
function corpus(claims, files) {
  const shape = files === undefined ? 'default' : 'small-files';
  const dir = path.join(HERE, 'corpus', files === undefined ? String(claims) : `files-${files}-${claims}`);
  const stampFile = path.join(dir, '.stamp.json');
  if (existsSync(stampFile)) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    if (stamp.generator === GENERATOR_VERSION && stamp.claims === claims && (stamp.shape ?? 'default') === shape && stamp.claimFiles === files) {
      return { dir, stamp };
    }
  }
  const t = performance.now();
  const stamp = generate({ claims, out: dir, seed: 42, files });
  log(`generated ${claims.toLocaleString('en-US')} claims${files === undefined ? '' : ` in ${files.toLocaleString('en-US')} files`} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return { dir, stamp };
}

// Children run without CI and without a terminal, as a script or a pipe would run them.
const childEnv = { ...process.env };
delete childEnv.CI;
delete childEnv.FORCE_COLOR;

/** No single command may take longer than this; the bench stops with an error rather than hang. */
const COMMAND_TIMEOUT_MS = 15 * 60 * 1000;

/** Run a command to completion; return wall-clock milliseconds and the exit code. */
function time(cmd, argv, cwd, env = childEnv) {
  const t = performance.now();
  const r = spawnSync(cmd, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env, maxBuffer: 64 * 1024 * 1024, timeout: COMMAND_TIMEOUT_MS, killSignal: 'SIGKILL' });
  const ms = performance.now() - t;
  if (r.error) throw new Error(`bench: ${path.basename(argv[0] ?? cmd)} ${argv.slice(1).join(' ')} in ${cwd}: ${r.error.message}`);
  if (r.signal) throw new Error(`bench: ${path.basename(argv[0] ?? cmd)} ${argv.slice(1).join(' ')} in ${cwd} was stopped by ${r.signal} after ${(ms / 1000).toFixed(0)} s`);
  return { ms, code: r.status, stderr: r.stderr?.toString() ?? '' };
}
/** A `claims` run that must succeed (exit 0, or 1 for a report with errors). */
function claims(argv, cwd, env) {
  const r = time(process.execPath, [BIN, ...argv], cwd, env);
  if (r.code !== 0 && r.code !== 1) throw new Error(`claims ${argv.join(' ')} failed in ${cwd} (exit ${r.code}):\n${r.stderr.slice(0, 2000)}`);
  return r.ms;
}
/** An ajv-cli run over a corpus's claim files, which must pass. */
function ajv(cwd) {
  const r = time(process.execPath, [AJV, ...ajvArgs], cwd);
  if (r.code !== 0) throw new Error(`ajv-cli failed in ${cwd} (exit ${r.code}):\n${r.stderr.slice(0, 2000)}`);
  return r.ms;
}

const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtMs = (ms) => (Number.isNaN(ms) ? '—' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const ajvArgs = ['validate', '-s', SCHEMA, '-d', 'ledger/claims/**/*.yaml', '--spec=draft7', '--all-errors', '--strict=true', '-c', 'ajv-formats'];
const cacheOf = (c) => path.join(c.dir, '.claims-cache');
const checkArgs = (c) => ['check', '--cache-location', cacheOf(c)];

/**
 * The claim file edited in the "one file changed" and watch cases: the first claim's statement (which the text
 * report prints) in one of two variants, flipped at every edit, so that each edit is a real change of the file
 * and of the report.
 */
function editable(c, rel) {
  const file = path.join(c.dir, rel);
  const original = readFileSync(file, 'utf8');
  if (!original.includes('(event 0).')) throw new Error(`bench: ${rel} has no "(event 0)." statement to edit`);
  const variants = ['A', 'B'].map((v) => original.replace('(event 0).', `(event 0, variant ${v}).`));
  // Each variant must still be a valid claim file, differing from the original in that statement only.
  const statement = (text) => jsYaml.load(text).claims[0].statement;
  for (const v of variants) {
    if (!statement(v).endsWith('(event 0, variant A).') && !statement(v).endsWith('(event 0, variant B).')) {
      throw new Error(`bench: the edited ${rel} does not read back with its new statement`);
    }
  }
  let n = 0;
  return {
    flip() {
      writeFileSync(file, variants[n++ % 2]);
    },
    restore() {
      writeFileSync(file, original);
    },
  };
}

const samples = {};
const push = (k, v) => (samples[k] ??= []).push(v);

const ten = runs('ten') || runs('watch') || runs('scale') ? corpus(TEN) : undefined;
const small = runs('small') ? corpus(FILES_CLAIMS, FILES) : undefined;
const tenEdit = ten && editable(ten, 'ledger/claims/kandahar/2019/claims-00000.yaml');
const smallEdit = small && editable(small, 'ledger/claims/kandahar/2019/event-00000.yaml');
const restoreAll = () => {
  tenEdit?.restore();
  smallEdit?.restore();
};
process.on('exit', restoreAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    restoreAll();
    process.exit(130);
  });
}

// Alternating rounds: every selected group's commands once per round; the 10,000-claim and seeds corpora in
// ROUNDS rounds, the small-files corpus (whose cold check is the longest command) in SMALL_ROUNDS.
const mainRounds = runs('ten') || runs('seeds') ? ROUNDS : 0;
const roundCount = Math.max(mainRounds, runs('small') ? SMALL_ROUNDS : 0);
for (let r = 1; r <= roundCount; r++) {
  log(`round ${r}/${roundCount}`);
  if (runs('ten') && r <= mainRounds) {
    push('ajv', ajv(ten.dir));
    rmSync(cacheOf(ten), { recursive: true, force: true });
    push('cold', claims(checkArgs(ten), ten.dir));
    push('warm', claims(checkArgs(ten), ten.dir));
    tenEdit.flip();
    push('changed', claims(checkArgs(ten), ten.dir));
    push('nocache', claims(['check', '--no-cache'], ten.dir));
  }
  if (runs('small') && r <= SMALL_ROUNDS) {
    push('filesAjv', ajv(small.dir));
    rmSync(cacheOf(small), { recursive: true, force: true });
    push('filesCold', claims(checkArgs(small), small.dir));
    push('filesWarm', claims(checkArgs(small), small.dir));
    smallEdit.flip();
    push('filesChanged', claims(checkArgs(small), small.dir));
  }
  if (runs('seeds') && r <= mainRounds) {
    for (let k = 0; k < 3; k++) {
      push('node0', time(process.execPath, ['-e', '0'], ROOT).ms);
      push('seeds', claims(['check'], ROOT));
      push('seedsNoCache', claims(['check', '--no-cache'], ROOT));
    }
  }
}
if (small) rmSync(cacheOf(small), { recursive: true, force: true });

/** src/cli/watch.ts's DEBOUNCE_MS, from the built module (or the source when the module does not export it). */
async function debounceMs() {
  try {
    const m = await import(pathToFileURL(path.join(ROOT, 'dist', 'cli', 'watch.js')).href);
    if (typeof m.DEBOUNCE_MS === 'number') return m.DEBOUNCE_MS;
  } catch {
    // Fall through to the source.
  }
  const src = path.join(ROOT, 'src', 'cli', 'watch.ts');
  const hit = existsSync(src) ? /DEBOUNCE_MS\s*=\s*(\d+)/.exec(readFileSync(src, 'utf8')) : null;
  return hit ? Number(hit[1]) : NaN;
}

/**
 * `claims check --watch` on the 10,000-claim corpus with a warm cache: after its first report, WATCH_EDITS times
 * save one claim file (one statement changed) and time from the write to the watcher's next
 * "claims: HH:MM:SS exit N; watching" line, which it writes once the report is redrawn.
 */
async function watchCase(c, edit) {
  const LINE = /^claims: \d\d:\d\d:\d\d exit \d+; watching/;
  const FIRST_TIMEOUT_MS = 5 * 60 * 1000;
  const EDIT_TIMEOUT_MS = 60 * 1000;
  const QUIET_MS = 500;
  claims(checkArgs(c), c.dir);
  const child = spawn(process.execPath, [BIN, ...checkArgs(c), '--watch'], { cwd: c.dir, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv });
  const lines = [];
  let waiter;
  let stderrTail = '';
  let exited;
  const exitedP = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
  child.stdout.on('data', () => {});
  let partial = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    const at = performance.now();
    stderrTail = (stderrTail + chunk).slice(-4000);
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop();
    for (const l of parts) {
      if (!LINE.test(l)) continue;
      lines.push(at);
      waiter?.();
    }
  });
  /** The time of the watcher's next line after the first `seen` lines, or undefined after `ms`. */
  const nextLine = (seen, ms) =>
    new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiter = undefined;
        resolve(lines.length > seen ? lines[seen] : undefined);
      };
      const timer = setTimeout(done, ms);
      waiter = () => lines.length > seen && done();
      exitedP.then(done);
      if (lines.length > seen) done();
    });
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const latencies = [];
  let extraRuns = 0;
  let problem;
  try {
    if ((await nextLine(0, FIRST_TIMEOUT_MS)) === undefined) {
      problem = exited ? `the watcher exited (${exited.code ?? exited.signal}) before its first report` : 'no first report within 5 minutes';
    }
    for (let i = 0; !problem && i < WATCH_EDITS; i++) {
      // Quiet first: no check running or about to run, so that each edit is timed alone.
      let seen = lines.length;
      for (;;) {
        await sleep(QUIET_MS);
        if (lines.length === seen) break;
        seen = lines.length;
      }
      const before = lines.length;
      edit.flip();
      const wrote = performance.now();
      const at = await nextLine(before, EDIT_TIMEOUT_MS);
      if (at === undefined) {
        problem = exited ? `the watcher exited (${exited.code ?? exited.signal}) at edit ${i + 1}` : `no redrawn report within ${EDIT_TIMEOUT_MS / 1000} s of edit ${i + 1}`;
        break;
      }
      latencies.push(at - wrote);
      // A second check for the same save (the editor's write seen as two events past the debounce) is counted.
      await sleep(QUIET_MS);
      extraRuns += lines.length - before - 1;
    }
  } finally {
    if (!exited) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exitedP;
    clearTimeout(killer);
    edit.restore();
  }
  if (problem) log(`watch: ${problem}; stderr ends with:\n${stderrTail.slice(-1000)}`);
  return { latencies, extraRuns, problem, exit: exited };
}

let watch;
let debounce = NaN;
if (runs('watch')) {
  log(`watch: ${WATCH_EDITS} edits`);
  debounce = await debounceMs();
  watch = await watchCase(ten, tenEdit);
}

// 10,000 against 100,000 claims: peak RSS and time, alternating, through the same wrapper.
const lin = { ten: [], big: [], tenRss: [], bigRss: [] };
if (runs('scale')) {
  const big = corpus(BIG);
  const rssFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'claims-bench-')), 'rss');
  const measured = (dir) => {
    rmSync(path.join(dir, '.claims-cache'), { recursive: true, force: true });
    // The cache named, so that removing it makes the run cold (by default it lives outside the corpus).
    rmSync(rssFile, { force: true });
    const r = time(process.execPath, ['--import', pathToFileURL(RSS_HOOK).href, BIN, 'check', '--cache-location', path.join(dir, '.claims-cache')], dir, { ...childEnv, CLAIMS_BENCH_RSS_FILE: rssFile });
    if (r.code !== 0 && r.code !== 1) throw new Error(`claims check failed on ${dir} (exit ${r.code}):\n${r.stderr.slice(0, 2000)}`);
    if (!existsSync(rssFile)) throw new Error(`bench: the check on ${dir} exited without writing its peak memory (bench/rss-hook.mjs)`);
    return { ms: r.ms, rss: Number(readFileSync(rssFile, 'utf8')) };
  };
  for (let r = 1; r <= BIG_ROUNDS; r++) {
    log(`scale round ${r}/${BIG_ROUNDS}`);
    const s = measured(ten.dir);
    const b = measured(big.dir);
    lin.ten.push(s.ms);
    lin.tenRss.push(s.rss);
    lin.big.push(b.ms);
    lin.bigRss.push(b.rss);
  }
  rmSync(path.join(big.dir, '.claims-cache'), { recursive: true, force: true });
  rmSync(path.dirname(rssFile), { recursive: true, force: true });
  lin.bigCorpus = big;
}

const loadEnd = os.loadavg();
const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
const MiB = 1024 ** 2;
const n = (x) => x.toLocaleString('en-US');
const rows = [];
/** One table row: case, median, baseline, ratio, target, met (undefined: no target). */
const row = (name, value, base, ratio, target, met) => rows.push([name, value, base, ratio, target, met]);
const vsAjv = (k, target, name, ajvKey = 'ajv') => {
  const r = m[k] / m[ajvKey];
  row(name, fmtMs(m[k]), `${fmtMs(m[ajvKey])} ajv-cli`, `${r.toFixed(2)}×`, target === undefined ? '—' : `≤ ${target}× ajv-cli`, target === undefined ? undefined : r <= target);
};
if (runs('ten')) {
  vsAjv('changed', 0.3, `one file changed, ${n(TEN)} claims, \`claims check\``);
}
if (watch) {
  const med = median(watch.latencies);
  const ok = !watch.problem && watch.latencies.length === WATCH_EDITS;
  row(
    `one file saved under \`check --watch\`, report redrawn (${n(TEN)} claims, median of ${watch.latencies.length} edits)`,
    fmtMs(med),
    '—',
    '—',
    '≤ 100 ms',
    ok ? med <= 100 : false,
  );
  row('`check --watch` debounce (src/cli/watch.ts DEBOUNCE_MS), included in the line above', `${debounce} ms`, '', '', '', undefined);
}
if (runs('ten')) {
  vsAjv('cold', 1.5, `cold (empty cache), ${n(TEN)} claims`);
}
if (runs('small')) {
  vsAjv('filesCold', 2, `cold, ${n(FILES)} small files (${n(FILES_CLAIMS)} claims)`, 'filesAjv');
  vsAjv('filesChanged', 0.3, `one file changed, same small-files corpus`, 'filesAjv');
}
if (runs('seeds')) {
  const r = m.seedsNoCache / m.node0;
  row('seeds, `claims check --no-cache` (the first run after install)', fmtMs(m.seedsNoCache), `${fmtMs(m.node0)} node -e 0`, `${r.toFixed(2)}×`, '≤ 2.5× node -e 0', r <= 2.5);
}
if (runs('scale')) {
  const bigRss = Math.max(...lin.bigRss);
  const growth = median(lin.big) / median(lin.ten);
  const sizeRatio = BIG / TEN;
  row(`peak memory, ${n(BIG)} claims, cold (largest of ${lin.bigRss.length})`, `${(bigRss / MiB).toFixed(0)} MiB`, '', '', '< 512 MiB', bigRss < 512 * MiB);
  row(
    `time still linear: ${n(BIG)} vs ${n(TEN)} claims, cold`,
    `${fmtMs(median(lin.big))} vs ${fmtMs(median(lin.ten))}`,
    '',
    `${growth.toFixed(1)}× for ${sizeRatio}× the claims`,
    `≤ ${(sizeRatio * 1.2).toFixed(0)}×${lin.big.length < 3 ? ` (${lin.big.length} round${lin.big.length === 1 ? "" : "s"}: noisy)` : ''}`,
    growth <= sizeRatio * 1.2,
  );
}
// The rows kept from before issue 13, for what they still tell.
if (runs('ten')) {
  vsAjv('warm', 0.25, `nothing changed (cache), ${n(TEN)} claims`);
  vsAjv('nocache', undefined, `\`claims check --no-cache\`, ${n(TEN)} claims`);
  row(`\`ajv validate\` (peer), the ${n(TEN)}-claim corpus's claim files`, fmtMs(m.ajv), '', '1.00×', '', undefined);
}
if (runs('small')) {
  vsAjv('filesWarm', undefined, 'nothing changed (cache), small-files corpus', 'filesAjv');
  row('`ajv validate` (peer), the small-files corpus', fmtMs(m.filesAjv), '', '1.00×', '', undefined);
}
if (runs('seeds')) {
  const r = m.seeds / m.node0;
  row('seeds, `claims check` (default, cache)', fmtMs(m.seeds), `${fmtMs(m.node0)} node -e 0`, `${r.toFixed(2)}×`, '≤ 2.5× node -e 0', r <= 2.5);
  row('`node -e 0`', fmtMs(m.node0), '', '1.00×', '', undefined);
}

const table = [
  '| case | median | baseline | ratio | target | met |',
  '|---|---:|---:|---:|---|---|',
  ...rows.map(([c, t, b, r, target, ok]) => `| ${c} | ${t} | ${b} | ${r} | ${target} | ${ok === undefined ? '' : ok ? 'yes' : '**no**'} |`),
].join('\n');

function commitLabel() {
  const given = opt('commit', '');
  if (given) return given;
  const git = (...a) => spawnSync('git', ['-C', ROOT, ...a], { encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'unknown (not a git checkout)';
  const dirty = git('status', '--porcelain', '--', 'src', 'bin', 'scripts', 'schemas', 'package.json');
  return `${head.stdout.trim()}${dirty.stdout.trim() ? ' with uncommitted changes in src/, bin/, scripts/, schemas/ or package.json' : ''}`;
}
const cpus = os.cpus();
const GiB = 1024 ** 3;
const machine = `${cpus.length} cores (${cpus[0]?.model?.trim() ?? 'unknown CPU'}), ${(os.totalmem() / GiB).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
const load = (l) => l.map((x) => x.toFixed(2)).join(', ');
const corpusLine = (c) =>
  `${n(c.stamp.claims)} claims in ${n(c.stamp.yamlFiles)} YAML files (${(c.stamp.yamlBytes / MiB).toFixed(1)} MiB), ${c.stamp.sources} sources, ${n(c.stamp.documents)} document texts`;
const elapsed = (performance.now() - started) / 1000;
const raw = [
  ...Object.entries(samples).map(([k, v]) => `${k} [${v.map((x) => x.toFixed(0)).join(', ')}]`),
  ...(watch ? [`watch latencies [${watch.latencies.map((x) => x.toFixed(0)).join(', ')}], extra checks after a save: ${watch.extraRuns}${watch.problem ? `, stopped: ${watch.problem}` : ''}`] : []),
  ...(runs('scale')
    ? [
        `scale ${TEN}: [${lin.ten.map((x) => x.toFixed(0)).join(', ')}], ${BIG}: [${lin.big.map((x) => x.toFixed(0)).join(', ')}]`,
        `peak RSS ${TEN}: ${lin.tenRss.map((x) => `${(x / MiB).toFixed(0)} MiB`).join(', ')}; ${BIG}: ${lin.bigRss.map((x) => `${(x / MiB).toFixed(0)} MiB`).join(', ')}`,
      ]
    : []),
].join('; ');
const corpora = [ten && `${corpusLine(ten)}`, small && `many small files: ${corpusLine(small)}`, lin.bigCorpus && corpusLine(lin.bigCorpus)].filter(Boolean).join('; ');
const md = `# Benchmark results${NOTE ? `: ${NOTE}` : ''}

Produced by \`node bench/run.mjs${args.length ? ` ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}` : ''}\` (\`npm run bench\`) in one run of ${elapsed.toFixed(0)} s,
on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, code at commit ${commitLabel()}.
Groups: ${only.join(', ')}. ${ROUNDS} alternating rounds on the ${n(TEN)}-claim corpus (each: ajv-cli, cold, unchanged,
one file changed, --no-cache) and of the seeds corpus (3× each of \`node -e 0\`, \`claims check\`, \`--no-cache\`);
the small-files corpus (ajv-cli, cold, unchanged, one file changed) in the first ${SMALL_ROUNDS} of them;
then ${WATCH_EDITS} saves under \`check --watch\`; then ${BIG_ROUNDS} round(s) of ${n(TEN)} vs ${n(BIG)} claims cold,
for peak memory and growth. Medians; ratios are between medians of the same run, measured side by side.

- Machine: ${machine}
- Load average (1, 5, 15 min): ${load(loadStart)} at the start, ${load(loadEnd)} at the end
- Corpora (bench/generate.mjs, seed 42): ${corpora}
- Peer: \`ajv validate -s schemas/claims.schema.json -d 'ledger/claims/**/*.yaml' --spec=draft7 --all-errors --strict=true -c ajv-formats\`
  (ajv-cli ${JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'ajv-cli', 'package.json'), 'utf8')).version}, js-yaml, schema only: no positions, no references, no quotes, no verdicts;
  claims also reads the sources and documents files and every document text)
- claims: \`claims check --cache-location <corpus>/.claims-cache\`, text report to /dev/null; "cold" deletes the cache
  first; "one file changed" flips one statement of one claim file between two variants, then checks with the cache warm.
- Watch: \`claims check --cache-location <corpus>/.claims-cache --watch\` (stdout and stderr piped), cache warm; each save
  flips the same statement and is timed from the write to the watcher's next "claims: HH:MM:SS exit N; watching" line.
- Peak RSS: \`process.resourceUsage().maxRSS\` of the checking process at exit, worker threads included (bin/claims.js
  itself, with bench/rss-hook.mjs preloaded by \`node --import\`).

${table}

Raw samples (ms): ${raw}.
`;

console.log(`\n${table}\n\n${machine}\nload average ${load(loadStart)} → ${load(loadEnd)}\nfinished in ${elapsed.toFixed(0)} s`);
if (WRITE) {
  const notesFile = path.join(HERE, 'NOTES.md');
  const notes = existsSync(notesFile) ? `\n${readFileSync(notesFile, 'utf8')}` : '';
  writeFileSync(path.join(HERE, 'RESULTS.md'), md + notes);
  log('wrote bench/RESULTS.md');
} else {
  log('bench/RESULTS.md not written (a run with --only writes it only with --write)');
}
if (watch?.problem) process.exitCode = 1;
