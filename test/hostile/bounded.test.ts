// Bounded work (SECURITY.md): any input of at most 20 MB is checked in under 30 s and 1 GiB on 2 cores, in every
// output format. One hostile project per family of input that once cost minutes or gigabytes (test/hostile/cases.ts),
// each run through the real executable (npm run build first) with its wall time and peak memory measured, and the
// findings it must still give checked: a stopped or bounded search never hides the misquote.
//
// CLAIMS_BOUNDED_BIN=<path to another bin/claims.js> runs the same cases against another build (to measure old code).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { BIN } from '../helpers/run.js';
import { BIG_CONFIG, BOUNDED, H } from './cases.js';
import { project, tempDir } from './project.js';

const bin = process.env['CLAIMS_BOUNDED_BIN'] ?? BIN;
const SECONDS = 30;
const BYTES = 1024 ** 3;
const INPUT_BYTES = 20 * 1000 * 1000;

// Runs bin/claims.js in this child, and writes the child's resource usage (peak RSS of all its threads) on exit.
const WRAPPER = `const fs = require('node:fs'); process.on('exit', () => fs.writeFileSync(process.env.CLAIMS_MEASURE_OUT, JSON.stringify(process.resourceUsage()))); import(require('node:url').pathToFileURL(process.argv[1]).href);`;

interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time, and the child's processor time (user + system, all threads). */
  seconds: number;
  cpuSeconds: number;
  rssBytes: number;
}

function measure(dir: string, args: string[]): Measured {
  const out = path.join(tempDir('claims-measure-'), 'usage.json');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', WRAPPER, bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1024 ** 3,
    // Past the bound, the case has failed: stop it rather than wait.
    timeout: 4 * SECONDS * 1000,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'] ?? '', CLAIMS_MEASURE_OUT: out },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let rssBytes = Number.NaN;
  let cpuSeconds = Number.NaN;
  try {
    const usage = JSON.parse(readFileSync(out, 'utf8')) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
    rssBytes = usage.maxRSS * 1024;
    cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  } catch {
    // Killed before it could write: the time assertion says why.
  }
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '', seconds, cpuSeconds, rssBytes };
}

/** Bytes of everything the case puts in the project (the input the promise is about). */
const inputBytes = (files: Record<string, string>) => Object.values(files).reduce((n, s) => n + Buffer.byteLength(s), 0);

/**
 * The time bound is held on processor time: on an idle machine of 2 cores wall time is at most that (the work of
 * worker threads is added up in it), and unlike wall time it does not grow when the machine running the tests
 * is shared. Wall time is bounded too, loosely, so that a hang fails rather than waits.
 */
function expectBounded(m: Measured, what: string): void {
  expect(m.cpuSeconds, `${what}: processor seconds`).toBeLessThan(SECONDS);
  expect(m.seconds, `${what}: wall seconds`).toBeLessThan(4 * SECONDS);
  expect(m.rssBytes, `${what}: peak memory`).toBeLessThan(BYTES);
}

const figure = (what: string, m: Measured) => `${what}: ${m.cpuSeconds.toFixed(1)} s processor, ${m.seconds.toFixed(1)} s wall, ${(m.rssBytes / 1024 ** 2).toFixed(0)} MiB, exit ${m.code}`;

const figures: string[] = [];
// The figures, for the record (vitest prints them after the run).
afterAll(() => console.log(figures.join('\n')));

describe('bounded work: every family of hostile input, 20 MB at most, under 30 s and 1 GiB', () => {
  for (const [name, c] of Object.entries(BOUNDED)) {
    it(`${name}: ${c.note}`, { timeout: 10 * SECONDS * 1000 }, () => {
      const files = c.files();
      expect(inputBytes(files)).toBeLessThanOrEqual(INPUT_BYTES);
      const dir = project({ ...files, 'claims.config.yaml': BIG_CONFIG });
      // Without the cache: what is measured is the check itself (a cold cache's writes come on top; see SECURITY.md).
      const m = measure(dir, ['check', '--no-cache', '--format', 'json']);
      figures.push(figure(name, m));
      rmSync(dir, { recursive: true, force: true });
      expectBounded(m, name);
      expect(m.stderr).toBe('');
      expect(m.code).toBe(c.exit ?? 1);
      const report = JSON.parse(m.stdout) as Report;
      const hostile = report.findings.filter((f) => f.file.startsWith(`${H}/`));
      for (const [rule, count] of Object.entries(c.expect)) expect(hostile.filter((f) => f.ruleId === rule).length, rule).toBeGreaterThanOrEqual(count);
      // The clean part of the corpus keeps its verdict, and its misquote-free quotes stay verified.
      expect(report.claims.find((x) => x.id === 'bridge-taken')?.status).toBe('contested');
    });
  }

  // Large texts, many findings in one file, many claims in one file, large files with schema errors: each format
  // builds its own output from them.
  const FORMATS = ['text', 'json', 'sarif', 'junit', 'github', 'gitlab', 'compact', 'markdown', 'html'];
  const formatsOf: Record<string, string[]> = {};
  for (const name of ['e-many-long-absent-quotes', 'i-many-findings-valid', 'j-many-claims', 'k-large-broken-files']) {
    it(`every output format of ${name}, each under the same bounds`, { timeout: 12 * SECONDS * 1000 }, () => {
      const dir = project({ ...BOUNDED[name]!.files(), 'claims.config.yaml': BIG_CONFIG });
      for (const format of formatsOf[name] ?? FORMATS) {
        const m = measure(dir, ['check', '--no-cache', '--format', format]);
        figures.push(figure(`${name} --format ${format}`, m));
        expectBounded(m, format);
        expect(m.code, format).toBe(BOUNDED[name]!.exit ?? 1);
        expect(m.stderr, format).toBe('');
        expect(m.stdout.length, format).toBeGreaterThan(0);
      }
      rmSync(dir, { recursive: true, force: true });
    });
  }
});
