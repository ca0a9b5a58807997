// A committed .gitignore, the ignore: setting, a hidden name or a node_modules folder must not silently drop a bad
// claim file from a check: each skipped YAML file under the ledger is a file/ignored warning at that file.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_IGNORED_REPORTED } from '../../src/load/discover.js';
import { runCli } from '../helpers/run.js';
import { checkJson, project } from './project.js';

const BAD = 'claims:\n  - id: bad-claim\n    statement: A misquote.\n    assertions:\n      - source: nobody\n        stance: asserts\n        quotes:\n          - document: doc-a\n            text: words that are not there\n';

const ignoredIn = async (dir: string, args: string[] = []) => {
  const { report } = await checkJson(dir, ['--no-cache', ...args]);
  return report.findings.filter((f) => f.ruleId === 'file/ignored').map((f) => [f.file, f.severity, f.line, f.column, f.message]);
};

describe('skipped claim files are reported (file/ignored)', () => {
  it('a file the project .gitignore names', async () => {
    const dir = project({ 'claims/bad.yaml': BAD, '.gitignore': 'claims/bad.yaml\n' });
    const found = await ignoredIn(dir);
    expect(found).toEqual([['claims/bad.yaml', 'warning', 1, 1, 'claims/bad.yaml is not checked: the pattern "claims/bad.yaml" of .gitignore names it. Remove that pattern, or run with --no-ignore to check it.']]);
    // --no-ignore checks it: the misquote is an error and there is no warning left.
    const { report } = await checkJson(dir, ['--no-cache', '--no-ignore']);
    expect(report.findings.some((f) => f.ruleId === 'file/ignored')).toBe(false);
    expect(report.findings.some((f) => f.file === 'claims/bad.yaml' && f.severity === 'error')).toBe(true);
  });

  it('a file a nested .gitignore, .git/info/exclude or the ignore: setting names', async () => {
    expect((await ignoredIn(project({ 'claims/bad.yaml': BAD, 'claims/.gitignore': 'bad.yaml\n' })))[0]?.[4]).toContain('of claims/.gitignore names it');
    expect((await ignoredIn(project({ 'claims/bad.yaml': BAD, '.git/info/exclude': 'bad.yaml\n' })))[0]?.[4]).toContain('of .git/info/exclude names it');
    const cfg = project({ 'claims/bad.yaml': BAD, 'claims.config.yaml': 'corpus: claims\nparties: [rebels, government]\nignore: [bad.yaml]\n' });
    expect((await ignoredIn(cfg))[0]?.[4]).toContain('the ignore: pattern "bad.yaml" of the configuration names it');
  });

  it('every file of an ignored folder', async () => {
    const dir = project({ 'claims/drafts/one.yaml': BAD, 'claims/drafts/two.yml': BAD, '.gitignore': 'drafts/\n' });
    const found = await ignoredIn(dir);
    expect(found.map((f) => f[0])).toEqual(['claims/drafts/one.yaml', 'claims/drafts/two.yml']);
    expect(found[0]?.[4]).toContain('its folder claims/drafts/ is left out (the pattern "drafts/" of .gitignore names it)');
  });

  it('hidden files and folders, and node_modules folders', async () => {
    const dir = project({ 'claims/.bad.yaml': BAD, 'claims/.drafts/x.yaml': BAD, 'claims/node_modules/pkg/bad.yaml': BAD, 'claims/.notes.txt': 'not yaml' });
    const found = await ignoredIn(dir);
    expect(found.map((f) => f[0])).toEqual(['claims/.bad.yaml', 'claims/.drafts/x.yaml', 'claims/node_modules/pkg/bad.yaml']);
    expect(found[0]?.[4]).toContain('hidden file');
    expect(found[2]?.[4]).toContain('Move it out of node_modules');
    // --no-ignore does not walk hidden names or node_modules, so they are still reported.
    expect(await ignoredIn(dir, ['--no-ignore'])).toHaveLength(3);
  });

  it('not what --ignore-pattern leaves out (the command line is trusted), nor a skipped file named on the command line', async () => {
    const dir = project({ 'claims/bad.yaml': BAD, 'claims/.hidden.yaml': BAD });
    expect((await ignoredIn(dir, ['--ignore-pattern', 'bad.yaml'])).map((f) => f[0])).toEqual(['claims/.hidden.yaml']);
    expect(await ignoredIn(dir, ['--ignore-pattern', 'bad.yaml', 'claims/.hidden.yaml', 'claims/base'])).toEqual([]);
  });

  it('at most the cap one by one, then one count', async () => {
    const files: Record<string, string> = { '.gitignore': 'drafts/\n' };
    for (let i = 0; i < MAX_IGNORED_REPORTED + 20; i++) files[`claims/drafts/f${String(i).padStart(3, '0')}.yaml`] = BAD;
    const found = await ignoredIn(project(files));
    expect(found).toHaveLength(MAX_IGNORED_REPORTED + 1);
    expect(found.filter((f) => String(f[4]).startsWith('20 more skipped YAML files'))).toHaveLength(1);
  });

  it('shown as a GitHub annotation', async () => {
    const dir = project({ 'claims/bad.yaml': BAD, '.gitignore': 'claims/bad.yaml\n' });
    const r = await runCli(['check', '--no-cache', '--format', 'github'], dir);
    expect(r.stdout).toContain('::warning file=claims/bad.yaml,line=1,');
    expect(r.stdout).toContain('file/ignored::claims/bad.yaml is not checked');
  });

  it('the whole-run cache sees a new hidden file and a new node_modules folder: the run is checked again and warns', async () => {
    const dir = project({});
    const cached = async () => {
      const r = await runCli(['check', '--format', 'json', '--debug'], dir);
      const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; file: string }> };
      return { replayed: r.stderr.includes('its reports are replayed'), ignored: report.findings.filter((f) => f.ruleId === 'file/ignored').map((f) => f.file) };
    };
    expect(await cached()).toEqual({ replayed: false, ignored: [] });
    expect(await cached()).toEqual({ replayed: true, ignored: [] });
    writeFileSync(path.join(dir, 'claims', '.late.yaml'), BAD);
    expect(await cached()).toEqual({ replayed: false, ignored: ['claims/.late.yaml'] });
    mkdirSync(path.join(dir, 'claims', 'node_modules'));
    expect(await cached()).toEqual({ replayed: false, ignored: ['claims/.late.yaml'] });
    writeFileSync(path.join(dir, 'claims', 'node_modules', 'dep.yaml'), BAD);
    expect(await cached()).toEqual({ replayed: false, ignored: ['claims/.late.yaml', 'claims/node_modules/dep.yaml'] });
    expect(await cached()).toEqual({ replayed: true, ignored: ['claims/.late.yaml', 'claims/node_modules/dep.yaml'] });
  });
});
