// `claims diff`: real git repositories made here (init, commit, edit, commit), one change kind at a time.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_FILES, claimFile, copySeedProject, makeProject } from './helpers/project.js';
import { ROOT, runCli, spawnCli } from './helpers/run.js';
import { createAjv } from '../src/validate/schemas.js';
import { compareReports, type DiffClaim, type DiffReport, type ReportDiff } from '../src/diff/compare.js';
import type { Finding, Status } from '../src/report/types.js';

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
const sh = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });

/** Write (or, for null, delete) files, then commit everything. */
function commit(dir: string, message: string, files: Record<string, string | null> = {}): void {
  edit(dir, files);
  sh(dir, 'add', '-A');
  sh(dir, 'commit', '-q', '--allow-empty', '-m', message);
}

function edit(dir: string, files: Record<string, string | null>): void {
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    if (text === null) rmSync(abs);
    else {
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    }
  }
}

const RESIDENTS = 'the bridge fell at dawn';
const REBELS = 'The fighters took the bridge at dawn';
const BRIDGE = claimFile('bridge-taken', [
  ['rebel-spokesman', 'asserts', REBELS],
  ['witness-one', 'corroborates', RESIDENTS],
]);
const withSource = (id: string, extra: string) => BASE_FILES['claims/sources.yaml']!.replace(`  - id: ${id}\n    name: ${id === 'witness-one' ? 'Witness One' : id}\n`, `  - id: ${id}\n    name: ${id === 'witness-one' ? 'Witness One' : id}\n${extra}`);

/** A repository on branch main whose first commit is the small ledger with the bridge claim (corroborated). */
function repo(extra: Record<string, string> = {}): string {
  const dir = makeProject({ ...BASE_FILES, 'claims/bridge.yaml': BRIDGE, ...extra }, 'claims-diff-test-');
  sh(dir, 'init', '-q', '-b', 'main');
  commit(dir, 'first');
  return dir;
}

async function diffJson(dir: string, args: string[] = []): Promise<{ code: number; diff: ReportDiff; stderr: string }> {
  const r = await runCli(['diff', ...args, '--no-cache', '--format', 'json'], dir);
  expect(r.stderr).toBe('');
  return { code: r.code, diff: JSON.parse(r.stdout) as ReportDiff, stderr: r.stderr };
}

const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'diff.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = createAjv().compile(schema);
const valid = (d: unknown) => {
  const ok = validate(d);
  expect(validate.errors ?? []).toEqual([]);
  return ok;
};

describe('claims diff', () => {
  it('a commit that breaks one quote: exactly that claim changes, the voice it proved is lost and why, and the new error', async () => {
    const dir = repo();
    commit(dir, 'typo', { 'claims/bridge.yaml': BRIDGE.replace(RESIDENTS, 'the bridge fell at noon') });
    const { code, diff } = await diffJson(dir, ['HEAD~1', 'HEAD']);
    expect(code).toBe(0);
    valid(diff);
    expect(diff.from.rev).toBe('HEAD~1');
    expect(diff.to.commit).toBe(sh(dir, 'rev-parse', 'HEAD').trim());
    expect(diff.claims).toHaveLength(1);
    const c = diff.claims[0]!;
    expect(c).toMatchObject({ id: 'bridge-taken', change: 'changed', status: { from: 'corroborated', to: 'single-source' }, provisional: { from: false, to: true }, flags: { added: [], removed: ['corroborated'] } });
    expect(c.kinds).toEqual(['status-lowered', 'flag-removed', 'grade-lowered', 'became-provisional', 'voice-lost']);
    expect(c.grade.from).not.toBe(c.grade.to);
    expect(c.voices.gained).toEqual([]);
    expect(c.voices.lost).toEqual([{ side: 'support', voice: 'source:witness-one', label: 'Witness One', reasons: [{ kind: 'quote-failed', source: 'witness-one', message: 'the quote of "Witness One" in "doc-a" is no longer found in its text' }] }]);
    expect(c.provisionalBecause?.[0]).toMatch(/^quote\/not-found at claims\/bridge\.yaml:\d+:\d+$/);
    expect(diff.findings.added.map((f) => `${f.severity} ${f.ruleId}`)).toEqual(expect.arrayContaining(['error quote/not-found']));
    // No longer corroborated, so no longer "corroborated from a single article".
    expect(diff.findings.fixed.map((f) => f.ruleId)).toEqual(['claim/single-document']);
    expect(diff.summary.newErrors).toBe(1);
    // --fail-on: exit 1 only for a kind the diff has.
    expect((await runCli(['diff', 'HEAD~1', 'HEAD', '--no-cache', '--fail-on', 'status-lowered'], dir)).code).toBe(1);
    expect((await runCli(['diff', 'HEAD~1', 'HEAD', '--no-cache', '--fail-on', 'new-errors,claim-added'], dir)).code).toBe(1);
    expect((await runCli(['diff', 'HEAD~1', 'HEAD', '--no-cache', '--fail-on', 'claim-added,voice-gained'], dir)).code).toBe(0);
    // Text and Markdown say the same.
    const text = await runCli(['diff', 'HEAD~1', 'HEAD', '--no-cache'], dir);
    expect(text.stdout).toMatch(/bridge-taken {2}corroborated → single-source/);
    expect(text.stdout).toContain('- voice for lost: Witness One: the quote of "Witness One" in "doc-a" is no longer found in its text');
    const md = await runCli(['diff', 'HEAD~1', 'HEAD', '--no-cache', '--format', 'markdown'], dir);
    expect(md.stdout).toMatch(/^## claims diff\n/);
    expect(md.stdout).toContain('- **bridge-taken**: corroborated → single-source · grade');
    expect(md.stdout).toContain('| error | claims/bridge.yaml:');
  });

  it('the bundled corpus: a commit that breaks one seed quote reports exactly the verdict it changes, and why', async () => {
    const dir = copySeedProject();
    sh(dir, 'init', '-q', '-b', 'main');
    commit(dir, 'seeds');
    const file = path.join(dir, 'claims', 'spin-boldak.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('les talibans ont arraché le drapeau afghan');
    commit(dir, 'misquote', { 'claims/spin-boldak.yaml': text.replace('les talibans ont arraché le drapeau afghan', 'les talibans ont volé le drapeau afghan') });
    const { code, diff } = await diffJson(dir, ['HEAD~1', 'HEAD']);
    expect(code).toBe(0);
    valid(diff);
    expect(diff.summary).toMatchObject({ claimsBefore: 23, claimsAfter: 23, changedClaims: 1, newErrors: 1 });
    expect(diff.claims.map((c) => [c.id, c.status, c.kinds])).toEqual([['spin-boldak-crossing-seized', { from: 'contested', to: 'contested' }, ['became-provisional', 'voice-lost']]]);
    expect(diff.claims[0]!.voices.lost).toEqual([
      { side: 'support', voice: 'source:local-sources-wesh', label: 'Local sources (wesh-border-town-fr)', reasons: [{ kind: 'quote-failed', source: 'local-sources-wesh', message: 'the quote of "Local sources (wesh-border-town-fr)" in "wesh-border-town-fr" is no longer found in its text' }] },
    ]);
    expect(diff.findings.added.map((f) => [f.ruleId, f.file])).toEqual([
      ['assertion/unproven', 'claims/spin-boldak.yaml'],
      ['quote/not-found', 'claims/spin-boldak.yaml'],
    ]);
  });

  it('the working tree against the default revision (on main: HEAD): a quote fixed gains its voice back, the claim is final again, the finding fixed', async () => {
    const dir = repo();
    commit(dir, 'typo', { 'claims/bridge.yaml': BRIDGE.replace(RESIDENTS, 'the bridge fell at noon') });
    edit(dir, { 'claims/bridge.yaml': BRIDGE });
    const { diff } = await diffJson(dir);
    valid(diff);
    expect(diff.from).toEqual({ rev: 'merge-base(HEAD, main)', commit: sh(dir, 'rev-parse', 'HEAD').trim() });
    expect(diff.to).toEqual({ rev: 'working tree' });
    expect(diff.claims.map((c) => [c.id, c.kinds])).toEqual([['bridge-taken', ['status-raised', 'flag-added', 'grade-raised', 'became-final', 'voice-gained']]]);
    expect(diff.claims[0]!.voices.gained[0]!.reasons).toEqual([{ kind: 'quote-verified', source: 'witness-one', message: 'a quote of "Witness One" in "doc-a" is now found in its text' }]);
    expect(diff.findings.added.map((f) => f.ruleId)).toEqual(['claim/single-document']);
    expect(diff.findings.fixed.map((f) => f.ruleId)).toContain('quote/not-found');
    expect(diff.summary.kinds['fixed-findings']).toBeGreaterThan(0);
  });

  it('the revision side is the working tree\'s ledger updated with the files that differ: only the claims they reach are judged again', async () => {
    const dir = repo({ 'claims/other.yaml': claimFile('bridge-also-taken', [['witness-one', 'asserts', RESIDENTS]]) });
    edit(dir, { 'claims/bridge.yaml': BRIDGE.replace(RESIDENTS, 'the bridge fell at noon') });
    const r = await runCli(['diff', '--no-cache', '--format', 'json', '--debug'], dir);
    const verdicts = r.stderr.split('\n').filter((l) => l.includes('debug: verdicts:'));
    // The working tree first (both claims judged), then the revision: the edited claim again, the other kept.
    expect(verdicts).toEqual(['claims: debug: verdicts: 2 claims judged again, 0 verdicts kept', 'claims: debug: verdicts: 1 claim judged again, 1 verdict kept'].map((l) => expect.stringContaining(l)));
    const diff = JSON.parse(r.stdout) as ReportDiff;
    expect(diff.claims.map((c) => c.id)).toEqual(['bridge-taken']);
    expect(diff.claims[0]!.kinds).toContain('voice-lost');
  });

  it('default revision on a feature branch: the merge base with main, so later commits on main do not show', async () => {
    const dir = repo();
    sh(dir, 'checkout', '-q', '-b', 'feature');
    commit(dir, 'feature: witness removed', { 'claims/bridge.yaml': claimFile('bridge-taken', [['rebel-spokesman', 'asserts', REBELS]]) });
    sh(dir, 'checkout', '-q', 'main');
    commit(dir, 'main: another claim', { 'claims/other.yaml': claimFile('other-claim', [['official', 'denies', 'Officials denied that the bridge was taken']]) });
    sh(dir, 'checkout', '-q', 'feature');
    const { diff } = await diffJson(dir);
    expect(diff.from.rev).toBe('merge-base(HEAD, main)');
    expect(diff.from.commit).toBe(sh(dir, 'rev-parse', 'main~1').trim());
    expect(diff.claims.map((c) => c.id)).toEqual(['bridge-taken']);
    expect(diff.claims[0]!.voices.lost[0]!.reasons).toEqual([{ kind: 'assertion-removed', source: 'witness-one', message: 'the assertion by "Witness One" was removed' }]);
    // Named explicitly, main's new claim is there (removed, seen from the feature branch).
    const vsMain = await diffJson(dir, ['main']);
    expect(vsMain.diff.claims.find((c) => c.id === 'other-claim')?.change).toBe('removed');
  });

  it('claims added and removed', async () => {
    const dir = repo();
    commit(dir, 'swap', { 'claims/bridge.yaml': null, 'claims/other.yaml': claimFile('other-claim', [['official', 'denies', 'Officials denied that the bridge was taken']]) });
    const { diff } = await diffJson(dir, ['HEAD~1', 'HEAD']);
    valid(diff);
    expect(diff.claims.map((c) => [c.id, c.change, c.kinds])).toEqual([
      ['other-claim', 'added', ['claim-added']],
      ['bridge-taken', 'removed', ['claim-removed']],
    ]);
    expect(diff.claims[0]!.status).toEqual({ to: 'denied' });
    expect(diff.claims[1]!.status).toEqual({ from: 'corroborated' });
    expect(diff.claims[1]!.voices.lost.map((v) => v.voice)).toEqual(['party:rebels', 'source:witness-one']);
  });

  it("a source's party changed: its voice is lost, folded into the party's", async () => {
    const dir = repo();
    commit(dir, 'party', { 'claims/sources.yaml': withSource('witness-one', '    party: rebels\n') });
    const { diff } = await diffJson(dir, ['HEAD~1', 'HEAD']);
    const c = diff.claims[0]!;
    expect(c.kinds).toEqual(['status-lowered', 'flag-removed', 'grade-lowered', 'voice-lost']);
    expect(c.voices.lost).toEqual([{ side: 'support', voice: 'source:witness-one', label: 'Witness One', reasons: [{ kind: 'party-changed', source: 'witness-one', message: 'the source "Witness One" changed from no party to party "rebels"' }] }]);
  });

  it('a relay added: the relaying source counts as the voice it relays, and removing the relay brings it back', async () => {
    const dir = repo();
    commit(dir, 'relay', { 'claims/sources.yaml': withSource('witness-one', '    relays: witness-two\n') });
    const { diff } = await diffJson(dir, ['HEAD~1', 'HEAD']);
    const c = diff.claims[0]!;
    expect(c.status).toEqual({ from: 'corroborated', to: 'corroborated' });
    expect(c.kinds).toEqual(['voice-gained', 'voice-lost']);
    expect(c.voices.lost[0]).toMatchObject({ voice: 'source:witness-one', reasons: [{ kind: 'relay-added', message: '"Witness One" now only relays another source, so it counts as the voice "Witness Two"' }] });
    expect(c.voices.gained[0]).toMatchObject({ voice: 'source:witness-two', reasons: [{ kind: 'relay-added' }] });
    const back = await diffJson(dir, ['HEAD', 'HEAD~1']);
    expect(back.diff.claims[0]!.voices.gained[0]).toMatchObject({ voice: 'source:witness-one', reasons: [{ kind: 'relay-removed', message: '"Witness One" no longer relays "Witness Two", so it counts as a voice of its own' }] });
  });

  it('a stance changed and a denial added: contested, a voice gained in the opposition', async () => {
    const dir = repo();
    commit(dir, 'denial', { 'claims/bridge.yaml': claimFile('bridge-taken', [['rebel-spokesman', 'asserts', REBELS], ['witness-one', 'corroborates', RESIDENTS], ['official', 'denies', 'Officials denied that the bridge was taken']]) });
    const { diff } = await diffJson(dir, ['HEAD~1', 'HEAD']);
    const c = diff.claims[0]!;
    expect(c.status).toEqual({ from: 'corroborated', to: 'contested' });
    expect(c.kinds).toEqual(['status-lowered', 'flag-added', 'grade-lowered', 'voice-gained']);
    expect(c.flags.added).toEqual(['contested']);
    expect(c.voices.gained).toEqual([{ side: 'opposition', voice: 'party:government', label: 'government', reasons: [{ kind: 'assertion-added', source: 'official', message: 'a new assertion by "Government official" with a verified quote' }] }]);
    commit(dir, 'stance', { 'claims/bridge.yaml': claimFile('bridge-taken', [['rebel-spokesman', 'asserts', REBELS], ['witness-one', 'disputes', RESIDENTS], ['official', 'denies', 'Officials denied that the bridge was taken']]) });
    const stance = (await diffJson(dir, ['HEAD~1', 'HEAD'])).diff.claims[0]!;
    expect(stance.voices.lost[0]).toMatchObject({ side: 'support', voice: 'source:witness-one', reasons: [{ kind: 'stance-changed', message: '"Witness One" now disputes instead of corroborates' }] });
    expect(stance.voices.gained[0]).toMatchObject({ side: 'opposition', voice: 'source:witness-one', reasons: [{ kind: 'stance-changed' }] });
  });

  it('a renamed claim file and a finding on a shifted line report nothing', async () => {
    // A claim with an unproven assertion: its warning must not come back as "new" under the new name and line.
    const withWarning = claimFile('bridge-taken', [['rebel-spokesman', 'asserts', REBELS], ['witness-one', 'corroborates', RESIDENTS], ['witness-two', 'corroborates']]);
    const dir = repo({ 'claims/bridge.yaml': withWarning });
    mkdirSync(path.join(dir, 'claims', 'moved'));
    renameSync(path.join(dir, 'claims', 'bridge.yaml'), path.join(dir, 'claims', 'moved', 'bridge.yaml'));
    const renamed = await diffJson(dir);
    expect(renamed.diff.claims).toEqual([]);
    expect(renamed.diff.findings).toEqual({ added: [], fixed: [] });
    commit(dir, 'moved');
    edit(dir, { 'claims/moved/bridge.yaml': `# a comment that moves every line down\n\n${withWarning}` });
    const shifted = await diffJson(dir, ['HEAD']);
    expect(shifted.diff.claims).toEqual([]);
    expect(shifted.diff.findings).toEqual({ added: [], fixed: [] });
    expect((await runCli(['diff', '--no-cache'], dir)).stdout).toContain('No verdict and no finding changed.');
  });

  it('with the cache: a repeated diff comes from it (the same output), and an edit or another base is seen at once', async () => {
    const dir = repo();
    commit(dir, 'typo', { 'claims/bridge.yaml': BRIDGE.replace(RESIDENTS, 'the bridge fell at noon') });
    const env = { env: { XDG_CACHE_HOME: mkdtempSync(path.join(os.tmpdir(), 'claims-diff-test-cache-')) } };
    const run = (...args: string[]) => runCli(['diff', ...args, '--format', 'json', '--debug'], dir, env);
    const first = await run('HEAD~1');
    expect(first.stderr).not.toMatch(/come from the cache/);
    const second = await run('HEAD~1');
    expect(second.stderr).toContain('claims: debug: cache: the working tree is as at the last diff: its verdicts come from the cache');
    expect(second.stderr).toMatch(/claims: debug: cache: the verdicts of HEAD~1 come from the cache \(tree [0-9a-f]{12}\)/);
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(second.stdout).claims.map((c: { id: string }) => c.id)).toEqual(['bridge-taken']);
    // An edit in the working tree: checked again, the old side still from the cache.
    edit(dir, { 'claims/bridge.yaml': BRIDGE });
    const edited = await run('HEAD~1');
    expect(edited.stderr).not.toContain('the working tree is as at the last diff');
    expect(edited.stderr).toContain('the verdicts of HEAD~1 come from the cache');
    expect(JSON.parse(edited.stdout).claims).toEqual([]);
    // Another base: its own tree, checked afresh.
    const other = await run('HEAD');
    expect(other.stderr).not.toContain('the verdicts of HEAD come from the cache');
    expect(JSON.parse(other.stdout).claims.map((c: { kinds: string[] }) => c.kinds)).toEqual([['status-raised', 'flag-added', 'grade-raised', 'became-final', 'voice-gained']]);
  });

  it("this clone's .git/info/exclude applies to the revision too: a document it names is refused on both sides, so nothing changes", async () => {
    const dir = repo();
    writeFileSync(path.join(dir, '.git', 'info', 'exclude'), 'docs/a.txt\n');
    const { diff } = await diffJson(dir, ['HEAD']);
    expect(diff.claims).toEqual([]);
    expect(diff.findings).toEqual({ added: [], fixed: [] });
    // The control: the working tree does refuse it.
    const check = await runCli(['check', '--no-cache', '--format', 'json'], dir);
    expect(JSON.parse(check.stdout).findings.map((f: Finding) => f.ruleId)).toContain('document/excluded');
  });

  it('never touches the working tree or the index, and leaves no temporary folder', async () => {
    const dir = repo();
    commit(dir, 'typo', { 'claims/bridge.yaml': BRIDGE.replace(RESIDENTS, 'the bridge fell at noon') });
    edit(dir, { 'claims/bridge.yaml': BRIDGE, 'claims/untracked.yaml': claimFile('new-one', [['official', 'denies']]) });
    sh(dir, 'add', 'claims/untracked.yaml');
    const state = () => [sh(dir, 'status', '--porcelain'), createHash('sha256').update(readFileSync(path.join(dir, '.git', 'index'))).digest('hex'), readFileSync(path.join(dir, 'claims', 'bridge.yaml'), 'utf8')];
    const temps = () => readdirSync(os.tmpdir()).filter((f) => f.startsWith('claims-diff-') && !f.startsWith('claims-diff-test-')).length;
    const before = state();
    const tempsBefore = temps();
    await diffJson(dir, ['HEAD~1']);
    await diffJson(dir, ['HEAD~1', 'HEAD']);
    expect(state()).toEqual(before);
    expect(temps()).toBe(tempsBefore);
  });

  it('a bad revision, a revision that starts with "-", a folder outside git, a misspelt kind: exit 2 with a readable message', async () => {
    const dir = repo();
    const bad = await runCli(['diff', 'no-such-branch', '--no-cache'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^claims: "no-such-branch" is not a commit in this repository: no branch, tag or commit has that name \(git: .+\)\. Try "git log --oneline"/);
    for (const rev of ['--output=/tmp/x', '-p']) {
      const r = await runCli(['diff', '--', rev], dir);
      expect(r.code, rev).toBe(2);
      expect(r.stderr).toContain(`claims: "${rev}" is not a revision: revisions never start with "-"`);
    }
    const second = await runCli(['diff', 'HEAD', '--', '--exec=touch pwned'], dir);
    expect(second.code).toBe(2);
    expect(readdirSync(dir)).not.toContain('pwned');
    const outside = makeProject(BASE_FILES, 'claims-diff-test-');
    const noGit = await runCli(['diff', '--no-cache'], outside, { env: { GIT_CEILING_DIRECTORIES: path.dirname(outside) } });
    expect(noGit.code).toBe(2);
    expect(noGit.stderr).toMatch(/^claims: claims diff compares git revisions, but .+ is not in a git repository \(git: not a git repository/);
    const kind = await runCli(['diff', '--fail-on', 'status-lowerd'], dir);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/^claims: --fail-on: "status-lowerd" is not a kind of change\. Did you mean "status-lowered"\? Use claim-added, /);
    expect((await runCli(['diff', '--format', 'sarif'], dir)).code).toBe(2);
    expect((await runCli(['diff', 'HEAD', 'HEAD', 'HEAD'], dir)).code).toBe(2);
  });

  it('a revision before the ledger existed: every claim is added', async () => {
    const dir = makeProject({ 'README.md': 'x\n' }, 'claims-diff-test-');
    sh(dir, 'init', '-q', '-b', 'main');
    commit(dir, 'empty');
    commit(dir, 'ledger', { ...BASE_FILES, 'claims/bridge.yaml': BRIDGE });
    const { diff } = await diffJson(dir, ['HEAD~1']);
    expect(diff.claims.map((c) => [c.id, c.change])).toEqual([['bridge-taken', 'added']]);
    expect(diff.claims[0]!.voices.gained.map((v) => v.voice)).toEqual(['party:rebels', 'source:witness-one']);
  });

  it('a ledger in a sub-folder of the repository: the revision is read from the same folder', async () => {
    const top = makeProject({}, 'claims-diff-test-');
    const dir = path.join(top, 'desk', 'ledger');
    edit(dir, { ...BASE_FILES, 'claims/bridge.yaml': BRIDGE });
    sh(top, 'init', '-q', '-b', 'main');
    commit(top, 'first');
    edit(dir, { 'claims/bridge.yaml': BRIDGE.replace(RESIDENTS, 'the bridge fell at noon') });
    const { diff } = await diffJson(path.join(dir, 'claims'));
    expect(diff.claims.map((c) => c.kinds)).toEqual([['status-lowered', 'flag-removed', 'grade-lowered', 'became-provisional', 'voice-lost']]);
  });

  it('Markdown for a PR comment: file text cannot link, mention or command the log; printed in Actions it is wrapped', async () => {
    const hostile = claimFile('bridge-taken', [['rebel-spokesman', 'asserts', REBELS]]).replace('The bridge was taken on 2021-07-14.', '"@octocat see https://evil.example/x and #12 ##[error]boom <img src=x>"');
    const dir = repo();
    commit(dir, 'hostile', { 'claims/bridge.yaml': hostile });
    const r = await runCli(['diff', 'HEAD~1', 'HEAD', '--no-cache', '--format', 'markdown'], dir, { env: { GITHUB_ACTIONS: 'true' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^::stop-commands::[0-9a-f]{32}$/);
    const body = lines.slice(1, -2).join('\n');
    expect(body).toContain('`@octocat`');
    expect(body).toContain('`https://evil.example/x`');
    expect(body).not.toContain('##[');
    expect(body).not.toContain('<img');
    expect(body.split('\n').some((l) => /^\s*::/.test(l))).toBe(false);
    // Rendered as GitHub renders it (GFM): no link, and no mention or issue reference outside code.
    const { micromark } = await import('micromark');
    const { gfm, gfmHtml } = await import('micromark-extension-gfm');
    const html = micromark(body, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    expect(html).not.toMatch(/<a\b|<img/);
    const outsideCode = html.replace(/<code\b[^>]*>[\s\S]*?<\/code>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
    expect(outsideCode).not.toMatch(/@[a-z0-9]|#\d/i);
    const json = await runCli(['diff', 'HEAD~1', 'HEAD', '--no-cache', '--format', 'json'], dir, { env: { GITHUB_ACTIONS: 'true' } });
    expect(json.stdout).not.toContain('##[');
    expect(valid(JSON.parse(json.stdout))).toBe(true);
  });

  it('the schema compiles in strict Ajv, has an $id and describes every property', () => {
    expect(schema['$id']).toMatch(/^https:\/\/.+\/schemas\/v1\/diff\.schema\.json$/);
    const missing: string[] = [];
    const walk = (s: unknown, at: string) => {
      if (typeof s !== 'object' || s === null) return;
      const o = s as Record<string, unknown>;
      for (const [k, sub] of Object.entries((o['properties'] as Record<string, unknown>) ?? {})) {
        if (typeof (sub as Record<string, unknown>)['description'] !== 'string') missing.push(`${at}/properties/${k}`);
        walk(sub, `${at}/properties/${k}`);
      }
      for (const [k, sub] of Object.entries((o['definitions'] as Record<string, unknown>) ?? {})) walk(sub, `${at}/definitions/${k}`);
      if (o['items']) walk(o['items'], `${at}/items`);
    };
    walk(schema, '#');
    expect(missing).toEqual([]);
  });

  it('the built binary runs it (spawned)', () => {
    const dir = repo();
    commit(dir, 'typo', { 'claims/bridge.yaml': BRIDGE.replace(RESIDENTS, 'the bridge fell at noon') });
    const r = spawnCli(['diff', 'HEAD~1', '--no-cache', '--fail-on', 'voice-lost'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^claims diff: HEAD~1 \([0-9a-f]{12}\) → the working tree\n1 claim changed · 1 new error/);
  });
});

describe('compareReports (pure)', () => {
  const claim = (over: Partial<DiffClaim> = {}): DiffClaim => ({
    id: 'c', statement: 's', file: 'claims/c.yaml', line: 2, column: 5, status: 'single-source', grade: 'B2', provisional: false, provisionalBecause: [], flags: [],
    support: [], opposition: [], unproven: { support: [], opposition: [] }, assertions: [], ...over,
  });
  const finding = (over: Partial<Finding> = {}): Finding => ({ ruleId: 'ref/unknown-source', severity: 'error', file: 'claims/c.yaml', line: 3, column: 1, endLine: 3, endColumn: 4, message: 'm', ...over });
  const report = (claims: DiffClaim[], findings: Finding[] = []): DiffReport => ({ tool: { version: '0' }, claims, findings });
  const cmp = (a: DiffReport, b: DiffReport, renames?: Map<string, string>) => compareReports(a, b, { from: { rev: 'a', commit: 'a'.repeat(40) }, to: { rev: 'working tree' }, ...(renames && { renames }) });

  it('grades: information credibility first, then source reliability', () => {
    const kinds = (from: string, to: string) => cmp(report([claim({ grade: from })]), report([claim({ grade: to })])).claims[0]?.kinds ?? [];
    expect(kinds('B2', 'C2')).toEqual(['grade-lowered']);
    expect(kinds('B2', 'A3')).toEqual(['grade-lowered']);
    expect(kinds('F3', 'A2')).toEqual(['grade-raised']);
    expect(kinds('B2', 'B2')).toEqual([]);
  });

  it('statuses: lowered and raised in the order of how firmly a claim can be stated', () => {
    const kinds = (from: Status, to: Status) => cmp(report([claim({ status: from })]), report([claim({ status: to })])).claims[0]?.kinds ?? [];
    expect(kinds('corroborated', 'single-source')).toEqual(['status-lowered']);
    expect(kinds('single-source', 'contested')).toEqual(['status-lowered']);
    expect(kinds('denied', 'contested')).toEqual(['status-raised']);
    expect(kinds('unsupported', 'single-source')).toEqual(['status-raised']);
  });

  it('findings: matched as a multiset by rule, file (through renames), severity and message, never by line', () => {
    const a = report([], [finding(), finding(), finding({ message: 'other', file: 'claims/old.yaml' })]);
    const b = report([], [finding({ line: 9, endLine: 9 }), finding({ message: 'other', file: 'claims/new.yaml', line: 7 })]);
    const moved = cmp(a, b, new Map([['claims/old.yaml', 'claims/new.yaml']]));
    expect(moved.findings.added).toEqual([]);
    expect(moved.findings.fixed).toEqual([finding()]);
    const unrenamed = cmp(a, b);
    expect(unrenamed.findings.added.map((f) => f.file)).toEqual(['claims/new.yaml']);
    expect(unrenamed.findings.fixed.map((f) => f.file)).toEqual(['claims/c.yaml', 'claims/old.yaml']);
    expect(cmp(report([], [finding()]), report([], [finding({ severity: 'warning' })])).summary).toMatchObject({ newErrors: 0, newWarnings: 1, fixedFindings: 1 });
  });

  it('a voice in the opposition through a contradicting claim says so when it goes', () => {
    const through = { id: 'party:x', label: 'x', through: ['other-claim'] };
    const d = cmp(report([claim({ status: 'contested', opposition: [through] })]), report([claim()]));
    expect(d.claims[0]!.voices.lost).toEqual([{ side: 'opposition', voice: 'party:x', label: 'x', reasons: [{ kind: 'contradiction', message: 'its support of "other-claim", which contradicts this claim, no longer counts' }] }]);
  });
});
