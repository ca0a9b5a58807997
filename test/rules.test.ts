// The rule registry (src/report/rules/) holds every rule `claims check` can emit, three ways: tsc rejects an id
// the list does not hold (RuleId), every rule module is in the list once, and every finding and verdict of every
// corpus the tests have carries a registered id at the registry's severity. The README's rule table is the one
// ruleTable() writes; regenerate it with: UPDATE_README=1 npx vitest run test/rules.test.ts
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES, isKnownRule, ruleInfo, ruleSeverity, verdictRuleId, type Rule, type RuleId } from '../src/report/rules/index.js';
import { TABLE_END, TABLE_START, ruleTable, withRuleTable } from '../src/report/rules/table.js';
import { STATUSES, type Report } from '../src/report/types.js';
import { humanizeErrorsAt } from '../src/validate/humanize.js';
import { ROOT, runCli } from './helpers/run.js';
import { FIXTURE_CASES, GENERATED, H } from './hostile/cases.js';
import { FIXTURES, project } from './hostile/project.js';

const RULES_DIR = path.join(ROOT, 'src', 'report', 'rules');
const README = path.join(ROOT, 'README.md');

/** The rule modules: src/report/rules/<family>/<name>.ts (the files beside index.ts are the registry's own). */
function ruleModules(): Array<{ family: string; name: string; file: string }> {
  return readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(path.join(RULES_DIR, d.name))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => ({ family: d.name, name: f.slice(0, -3), file: path.join(RULES_DIR, d.name, f) })),
    )
    .sort((a, b) => a.file.localeCompare(b.file));
}

const isRule = (v: unknown): v is Rule =>
  typeof v === 'object' && v !== null && typeof (v as Rule).id === 'string' && typeof (v as Rule).severity === 'string' && typeof (v as Rule).short === 'string';

describe('the registry', () => {
  it('holds each id once, as <family>/<name>, with its three texts', () => {
    expect(RULES.length).toBeGreaterThan(60);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(['error', 'warning', 'info'], r.id).toContain(r.severity);
      // short: one sentence, what it reports; full: why it matters; help: how to fix.
      expect(r.short, r.id).toMatch(/^[A-Z][^\n]*\.$/);
      expect(r.short.replace(/\.\.\./g, '').slice(0, -1), `${r.id}: short is one sentence`).not.toMatch(/\. [A-Z]/);
      expect(r.full.length, r.id).toBeGreaterThan(10);
      expect(r.help.length, r.id).toBeGreaterThan(10);
      for (const o of r.overrides ?? []) {
        expect(o.severity, r.id).not.toBe(r.severity);
        expect(o.where, r.id).toMatch(/^in .{10,}/);
      }
    }
  });

  it('lists the findings, then one verdict rule per status in the order of STATUSES', () => {
    const verdicts = RULES.filter((r) => r.id.startsWith('verdict/'));
    expect(verdicts.map((r) => r.id)).toEqual(STATUSES.map((s) => `verdict/${s}`));
    expect(RULES.slice(-verdicts.length)).toEqual(verdicts);
    for (const s of STATUSES) expect(verdictRuleId(s)).toBe(`verdict/${s}`);
  });

  it('keeps each family together, so that SARIF and the README list a family in one run', () => {
    const families = RULES.map((r) => r.id.split('/')[0]!);
    const runs = families.filter((f, i) => i === 0 || families[i - 1] !== f);
    expect(runs).toEqual([...new Set(families)]);
  });

  it('gives a documented override where one applies, and the default elsewhere', () => {
    expect(ruleSeverity('verdict/contested')).toBe('info');
    expect(ruleSeverity('verdict/contested', 'fail-on')).toBe('error');
    expect(ruleSeverity('quote/not-found', 'fail-on')).toBe('error');
    expect(ruleSeverity('assertion/no-quote', 'fail-on')).toBe('warning');
    expect(isKnownRule('quote/not-found')).toBe(true);
    expect(isKnownRule('quote/nowhere')).toBe(false);
    // An unregistered id still gets an entry a machine format can print.
    expect(ruleInfo('quote/nowhere')).toMatchObject({ id: 'quote/nowhere', severity: 'error' });
  });
});

describe('every rule module is in the list', () => {
  it('one module per rule, named after its id, exporting one rule that the list holds', async () => {
    const modules = ruleModules();
    const listed = new Set<Rule>(RULES);
    const seen: string[] = [];
    for (const m of modules) {
      const exports = Object.values((await import(pathToFileURL(m.file).href)) as Record<string, unknown>);
      const rules = exports.filter(isRule);
      expect(rules, `${m.family}/${m.name}.ts exports exactly one rule`).toHaveLength(1);
      expect(exports, `${m.family}/${m.name}.ts exports only its rule`).toHaveLength(1);
      const rule = rules[0]!;
      expect(rule.id, `${m.file}`).toBe(`${m.family}/${m.name}`);
      expect(listed.has(rule), `${rule.id} is not in the list of src/report/rules/index.ts`).toBe(true);
      seen.push(rule.id);
    }
    expect(seen.sort()).toEqual(RULES.map((r) => r.id).sort());
  });
});

describe('tsc rejects an unregistered rule id', () => {
  it('at makeFinding, at a RuleId, and accepts registered ones', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-rule-probe-'));
    const index = path.join(RULES_DIR, 'index.js');
    writeFileSync(
      path.join(dir, 'probe.mts'),
      [
        `import { makeFinding, makeLocalFinding, verdictRuleId, type RuleId } from ${JSON.stringify(index)};`,
        `const at = { line: 1, column: 1, endLine: 1, endColumn: 1, message: 'm' };`,
        `export const ok = [makeFinding('quote/not-found', { ...at, file: 'a.yaml' }), makeLocalFinding('yaml/syntax', at)];`,
        `export const verdict: RuleId = verdictRuleId('contested');`,
        `// @ts-expect-error an id the registry does not hold`,
        `export const bad = makeFinding('quote/not-registered', { ...at, file: 'a.yaml' });`,
        `// @ts-expect-error an id the registry does not hold`,
        `export const badLocal = makeLocalFinding('yaml/not-registered', at);`,
        `// @ts-expect-error a finding's severity comes from the registry, not the emitter`,
        `export const twice = makeFinding('quote/not-found', { ...at, file: 'a.yaml', severity: 'info' });`,
        `// @ts-expect-error an id the registry does not hold`,
        `export const id: RuleId = 'verdict/maybe';`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [], typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
        files: ['probe.mts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
    // An unused @ts-expect-error (the id was accepted) is itself an error, TS2578.
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);
});

/** Rule ids written in src/: literals of a registered family, computed ones, and families tested by prefix. */
function idsInSource(): { literal: Array<[string, string]>; computed: Array<[string, string]>; prefixes: Array<[string, string]> } {
  const families = [...new Set(RULES.map((r) => r.id.split('/')[0]!))].join('|');
  const literal: Array<[string, string]> = [];
  const computed: Array<[string, string]> = [];
  const prefixes: Array<[string, string]> = [];
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  for (const file of walk(path.join(ROOT, 'src'))) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(new RegExp(`['"\`]((?:${families})/[a-z0-9-]+)['"\`]`, 'g'))) literal.push([m[1]!, rel]);
    // A template that is a family and one expression (`verdict/${status}`) computes a rule id.
    if (!rel.startsWith('src/report/rules/')) for (const m of text.matchAll(new RegExp(`\`((?:${families})/)\\$\\{([^}\`]+)\\}\``, 'g'))) computed.push([`${m[1]}\${${m[2]}}`, rel]);
    for (const m of text.matchAll(/ruleId\.startsWith\(['"`]([a-z]+)\/['"`]\)/g)) prefixes.push([m[1]!, rel]);
  }
  return { literal, computed, prefixes };
}

describe('the rule ids written in src/', () => {
  const found = idsInSource();
  it('are all registered', () => {
    expect(found.literal.length).toBeGreaterThan(60);
    expect(found.literal.filter(([id]) => !isKnownRule(id))).toEqual([]);
  });
  it('are computed only for verdicts, whose family has a rule for every status', () => {
    expect(found.computed.filter(([t]) => !/^verdict\/\$\{[\w.]*status\}$/.test(t))).toEqual([]);
  });
  it('test only families the registry has (ruleId.startsWith("yaml/"))', () => {
    const families = new Set(RULES.map((r) => r.id.split('/')[0]!));
    expect(found.prefixes.length).toBeGreaterThan(0);
    expect(found.prefixes.filter(([family]) => !families.has(family))).toEqual([]);
  });
});

/** The keywords an input schema uses, property names left out. */
function schemaKeywords(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) schemaKeywords(s, out);
  else if (typeof schema === 'object' && schema !== null) {
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'properties' || k === 'definitions' || k === '$defs' || k === 'patternProperties') for (const s of Object.values(v as object)) schemaKeywords(s, out);
      // Data, not schemas.
      else if (k === 'examples' || k === 'default' || k === 'enum' || k === 'const' || k === 'required') out.add(k);
      else {
        out.add(k);
        if (typeof v === 'object') schemaKeywords(v, out);
      }
    }
  }
  return out;
}

describe('schema errors', () => {
  const ANNOTATIONS = new Set(['$id', '$ref', '$schema', 'title', 'description', 'examples', 'default']);
  const error = (keyword: string) => ({
    keyword,
    instancePath: '/claims/0/statement',
    schemaPath: `#/${keyword}`,
    params: { missingProperty: 'id', additionalProperty: 'x', allowedValues: ['a', 'b'], type: 'string', format: 'uri', limit: 3 },
    data: 'value',
  });
  it('get a rule of their own for every keyword the input schemas use; schema/invalid stays a fallback', () => {
    const used = new Set<string>();
    for (const kind of ['claims', 'sources', 'documents', 'config']) for (const k of schemaKeywords(JSON.parse(readFileSync(path.join(ROOT, 'schemas', `${kind}.schema.json`), 'utf8')))) used.add(k);
    // anyOf is never reported itself: the errors of its branches are.
    const keywords = [...used].filter((k) => !ANNOTATIONS.has(k) && k !== 'anyOf' && k !== 'items').sort();
    expect(keywords.length).toBeGreaterThan(10);
    for (const keyword of keywords) {
      const [f] = humanizeErrorsAt([error(keyword)], undefined, 10);
      expect(f?.ruleId, keyword).toMatch(/^schema\//);
      expect(isKnownRule(f!.ruleId), keyword).toBe(true);
      expect(f!.ruleId, `schema keyword ${keyword} has no rule of its own`).not.toBe('schema/invalid');
    }
    expect(humanizeErrorsAt([error('multipleOf')], undefined, 10)[0]?.ruleId).toBe('schema/invalid');
  });
});

/** Every corpus the tests have: the working folders of the golden cases (the bundled claims/ among them). */
function goldenCorpora(): string[] {
  const dir = path.join(ROOT, 'test', 'golden');
  const cwds = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'case.json')))
    .map((d) => {
      const spec = JSON.parse(readFileSync(path.join(dir, d.name, 'case.json'), 'utf8')) as { cwd?: string };
      return path.resolve(dir, d.name, spec.cwd ?? 'corpus');
    });
  return [...new Set(cwds)].sort();
}

/** The hostile fixture files and the generated hostile files, all in one project. */
function hostileProject(): string {
  const files: Record<string, string | Uint8Array> = {};
  for (const name of Object.keys(FIXTURE_CASES)) files[`${H}/${name}`] = readFileSync(path.join(FIXTURES, name));
  for (const [name, c] of Object.entries(GENERATED)) files[`${H}/generated/${name}`] = c.content();
  return project(files);
}

const FAIL_ON_ALL = ['--fail-on', STATUSES.join(',')];

/** What a corpus emits: the JSON report's findings, and the compact format's verdict lines with their severity. */
async function emitted(cwd: string): Promise<{ findings: Report['findings']; verdicts: Array<{ severity: string; ruleId: RuleId }> }> {
  const json = await runCli(['check', '--format', 'json', '--no-cache', ...FAIL_ON_ALL], cwd);
  expect(json.stderr.includes('internal error'), json.stderr).toBe(false);
  const report = JSON.parse(json.stdout) as Report;
  const compact = await runCli(['check', '--format', 'compact', '--no-cache', ...FAIL_ON_ALL], cwd);
  const verdicts = compact.stdout
    .split('\n')
    .map((line) => / (error|warning|info) Claim .* \[(verdict\/[a-z-]+)\]$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ severity: m[1]!, ruleId: m[2]! as RuleId }));
  expect(verdicts.length).toBe(report.claims.length);
  return { findings: report.findings, verdicts };
}

function expectRegistered(findings: Report['findings'], where: string): void {
  for (const f of findings) {
    expect(isKnownRule(f.ruleId), `${where}: ${f.ruleId} at ${f.file}:${f.line} is not in the registry`).toBe(true);
    const r = ruleInfo(f.ruleId);
    const allowed = [r.severity, ...(r.overrides ?? []).map((o) => o.severity)];
    expect(allowed, `${where}: ${f.ruleId} at ${f.file}:${f.line} is ${f.severity}`).toContain(f.severity);
  }
}

describe('every rule a corpus of the tests emits is registered, at its severity', () => {
  const seen = new Set<string>();
  for (const cwd of goldenCorpora()) {
    const name = path.relative(ROOT, cwd) || 'the bundled corpus';
    it(name, async () => {
      const { findings, verdicts } = await emitted(cwd);
      expectRegistered(findings, name);
      for (const v of verdicts) {
        expect(isKnownRule(v.ruleId), v.ruleId).toBe(true);
        expect(v.severity, v.ruleId).toBe(ruleSeverity(v.ruleId, 'fail-on'));
      }
      for (const f of findings) seen.add(f.ruleId);
      for (const v of verdicts) seen.add(v.ruleId);
    });
  }

  it('the hostile fixtures and generated files', async () => {
    const { findings } = await emitted(hostileProject());
    expectRegistered(findings, 'hostile');
    for (const f of findings) seen.add(f.ruleId);
    // The fixtures reach the reading rules; a fixture case naming an unregistered id would be caught here too.
    for (const c of [...Object.values(FIXTURE_CASES), ...Object.values(GENERATED)]) for (const [id] of c.findings) expect(isKnownRule(id), id).toBe(true);
  }, 120_000);

  it('configuration errors name registered rules', async () => {
    const cases: Array<[string, string]> = [
      ['config/outside-project', 'corpus: ../elsewhere\n'],
      ['schema/too-long', `corpus: claims\nignore:\n${Array.from({ length: 201 }, (_, i) => `  - drafts-${i}/\n`).join('')}`],
      ['schema/unknown-field', 'corpus: claims\ncorroboration:\n  treshold: 3\n'],
      ['yaml/duplicate-key', 'corpus: claims\ncorpus: claims\n'],
    ];
    for (const [rule, config] of cases) {
      const r = await runCli(['check'], project({ 'claims.config.yaml': config }));
      const ids = [...r.stderr.matchAll(/\(([a-z]+\/[a-z0-9-]+)\)$/gm)].map((m) => m[1]!);
      expect(ids, r.stderr).toContain(rule);
      expect(ids.filter((id) => !isKnownRule(id)), r.stderr).toEqual([]);
      seen.add(rule);
    }
  });

  it('together reach every family of the registry', () => {
    // Not every rule has a corpus on disk (document/budget needs 256 MiB of texts, file/unreadable a file the
    // user cannot read); every family does, so that each kind of emit site is held to the registry.
    expect(seen.size).toBeGreaterThan(30);
    expect(new Set([...seen].map((id) => id.split('/')[0]))).toEqual(new Set(RULES.map((r) => r.id.split('/')[0])));
  });
});

describe("the README's rule table", () => {
  it('is the one the registry writes', () => {
    const readme = readFileSync(README, 'utf8');
    const table = ruleTable();
    const updated = withRuleTable(readme, table);
    expect(updated, `README.md needs the markers ${TABLE_START} and ${TABLE_END}`).toBeDefined();
    if (process.env['UPDATE_README'] === '1' && updated !== readme) writeFileSync(README, updated!);
    expect(readFileSync(README, 'utf8'), 'README.md and src/report/rules/ differ: run UPDATE_README=1 npx vitest run test/rules.test.ts').toBe(updated);
  });

  it('has one row per rule, and cells that cannot break the table', () => {
    const rows = ruleTable().split('\n').slice(2);
    expect(rows.map((r) => /^\| `([^`]+)` \|/.exec(r)?.[1])).toEqual(RULES.map((r) => r.id));
    const odd: Rule = { id: 'x/y', severity: 'info', short: 'A | B.', full: 'f', help: 'one\ntwo <id>' };
    expect(ruleTable([odd]).split('\n')[2]).toBe('| `x/y` | info | A \\| B. | one two &lt;id&gt; |');
    expect(withRuleTable('no markers')).toBeUndefined();
  });
});
