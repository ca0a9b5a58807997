// `claims check --watch` and the configuration file: one that appears is read, and every later edit of it is seen;
// one made invalid is shown in place of the report (once, not retried every second) until it is fixed.
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_FILES, claimFile, makeProject } from './helpers/project.js';
import { count, waitFor } from './helpers/wait.js';
import { startWatch } from './helpers/watch.js';

/** Two independent witnesses assert the claim: corroborated at threshold 2, not at 3. */
const files = (): Record<string, string> => ({
  ...BASE_FILES,
  'claims/bridge.yaml': claimFile('bridge-taken', [
    ['witness-one', 'asserts', 'the bridge fell at dawn'],
    ['witness-two', 'asserts', 'The fighters took the bridge at dawn'],
  ]),
});

/** A watch of `dir`: what it printed so far (`seen`), and a way to stop it. */
function watching(dir: string) {
  const w = startWatch(dir);
  return { seen: w.io, stop: w.stop };
}

const lastReport = (out: string) => out.split('checked again').at(-1) ?? '';

describe('claims check --watch: the configuration file', () => {
  it('a configuration that appears during the watch is read, and each later edit of it in place redraws the report', async () => {
    const dir = makeProject(files());
    rmSync(path.join(dir, 'claims.config.yaml'));
    const w = watching(dir);
    try {
      await waitFor(() => w.seen.err, (s) => count(s, 'watching') === 1);
      expect(w.seen.out).toContain('at least 2 independent');
      writeFileSync(path.join(dir, 'claims.config.yaml'), 'corpus: claims\ncorroboration:\n  threshold: 1\n');
      await waitFor(() => w.seen.err, (s) => count(s, 'watching') >= 2);
      await waitFor(() => w.seen.out, (s) => lastReport(s).includes('at least 1 independent'));
      // Written in place, as a shell redirection or many editors write: the same file, new bytes.
      writeFileSync(path.join(dir, 'claims.config.yaml'), 'corpus: claims\ncorroboration:\n  threshold: 3\n');
      await waitFor(() => w.seen.out, (s) => lastReport(s).includes('at least 3 independent'), 10_000);
      expect(lastReport(w.seen.out)).toContain('under-corroborated 2 for  bridge-taken');
    } finally {
      expect(await w.stop()).toBe(0);
    }
  }, 60_000);

  it('an invalid configuration is shown in place of the report, once, and the report comes back when it is fixed', async () => {
    const dir = makeProject(files());
    const w = watching(dir);
    try {
      await waitFor(() => w.seen.err, (s) => count(s, 'watching') === 1);
      appendFileSync(path.join(dir, 'claims.config.yaml'), 'bogus: 1\n');
      await waitFor(() => w.seen.out, (s) => lastReport(s).includes('configuration error'));
      expect(lastReport(w.seen.out)).toMatch(/claims: configuration error: claims\.config\.yaml:2:1: .*bogus/);
      expect(lastReport(w.seen.out)).not.toContain('Verdicts');
      expect(w.seen.err).toMatch(/exit 2; watching/);
      // Not retried by the poll (once a second) while nothing changes.
      await new Promise((r) => setTimeout(r, 2_500));
      expect(count(w.seen.out, 'configuration error')).toBe(1);
      expect(w.seen.err).not.toContain('internal error');
      writeFileSync(path.join(dir, 'claims.config.yaml'), 'corpus: claims\n');
      await waitFor(() => w.seen.out, (s) => lastReport(s).includes('Verdicts') && lastReport(s).trimEnd().endsWith('files'));
      expect(w.seen.err).toMatch(/exit 0; watching[^]*exit 2; watching[^]*exit 0; watching/);
    } finally {
      expect(await w.stop()).toBe(0);
    }
  }, 60_000);
});
