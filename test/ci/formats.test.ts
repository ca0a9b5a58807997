// The CI formats checked against their real consumers' rules: the OASIS SARIF schema, the strict JUnit XSD
// (xmllint), the Actions runner's escaping, and Markdown that cannot be injected into.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run.js';
import { RULES } from '../../src/report/rules/index.js';
import { escapeData, escapeProperty, workflowCommand } from '../../src/format/github.js';
import { xmlAttr, xmlText } from '../../src/format/junit.js';
import { formatMarkdown, MARKDOWN_MAX_CHARS, markdownWithin, mdText, mermaidText } from '../../src/format/markdown.js';
import type { Report } from '../../src/report/types.js';
import { BROKEN, copyBroken, junitCiXsd, REFERENCE, referenceExists, sarifValidator, SHARED_REFERENCE, withoutCiExtensions, xmllintJunit } from './helpers.js';

/** What test-results-parser gives for a JUnit file (the fields these tests read). */
interface ParsedJunit {
  total: number;
  suites: Array<{ name: string; cases: Array<{ name: string; status: 'PASS' | 'FAIL' | 'SKIP'; failure?: string }> }>;
}

/**
 * The anchors GitHub gives the headings of a Markdown file: lower case, punctuation but "-" and "_" dropped,
 * spaces to "-", a repeated anchor numbered "-1", "-2"…; lines in fenced code are not headings.
 */
function readmeHeadingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const m = fence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]!.toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    slugs.add(n === 0 ? base : `${base}-${n}`);
  }
  return slugs;
}

/** libxml2's reading of an XPath string (a real parser, so entities are decoded). */
function xpathString(xml: string, expr: string): string {
  const r = spawnSync('xmllint', ['--xpath', `string(${expr})`, '-'], { input: xml, encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint could not run (${r.error.message}); install libxml2-utils (.ci/run does)`);
  return r.stdout;
}

interface SarifLog {
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri: string; rules: Array<{ id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string } }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }>;
      partialFingerprints: Record<string, string>;
    }>;
  }>;
}

const CORPORA = [
  ['bundled', ROOT],
  ['broken', BROKEN],
] as const;

describe('the reference material', () => {
  // Beside a clone that has shared/ (as CI lays it out), the vendored copies must still equal it; a clone with
  // nothing beside it has only the copies.
  it('is in the repository, identical to shared/reference when that is beside it', () => {
    expect(referenceExists()).toBe(true);
    if (!existsSync(SHARED_REFERENCE)) return;
    for (const f of ['sarif-schema-2.1.0.json', 'junit.xsd']) {
      expect(readFileSync(path.join(REFERENCE, f), 'utf8'), f).toBe(readFileSync(path.join(SHARED_REFERENCE, f), 'utf8'));
    }
  });
});

describe('--format sarif', () => {
  for (const [name, cwd] of CORPORA) {
    for (const failOn of [[], ['--fail-on', 'contested,single-source']]) {
      it(`is valid SARIF 2.1.0 for the ${name} corpus ${failOn.join(' ')}`, async () => {
        const r = await runCli(['check', '--format', 'sarif', ...failOn], cwd);
        expect(r.code).toBe(name === 'broken' || failOn.length > 0 ? 1 : 0);
        const log = JSON.parse(r.stdout) as SarifLog;
        const validate = sarifValidator();
        expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);
        const run = log.runs[0]!;
        expect(log.runs).toHaveLength(1);
        expect(run.tool.driver.name).toBe('claims');
        expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
        const ids = run.tool.driver.rules.map((x) => x.id);
        for (const rule of RULES) expect(ids).toContain(rule.id);
        for (const res of run.results) {
          expect(ids[res.ruleIndex]).toBe(res.ruleId);
          const loc = res.locations[0]!.physicalLocation;
          expect(loc.artifactLocation.uri).not.toMatch(/^\/|^[a-z]+:|\\/i);
          expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
          expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
        }
        const fps = run.results.map((x) => x.partialFingerprints['claimsFinding/v1']);
        expect(new Set(fps).size).toBe(fps.length);
        const notes = run.results.filter((x) => x.ruleId.startsWith('verdict/'));
        if (failOn.length === 0) expect(notes).toEqual([]);
        else {
          expect(notes.length).toBeGreaterThan(0);
          for (const n of notes) expect(n.level).toBe('note');
        }
      });
    }
  }

  it('describes every rule of the registry, in its order, with its texts, level and precision', async () => {
    const log = JSON.parse((await runCli(['check', '--format', 'sarif'], BROKEN)).stdout) as SarifLog & { runs: Array<{ tool: { driver: { rules: Array<{ id: string; defaultConfiguration: { level: string }; properties: Record<string, unknown> }> } } }> };
    const described = log.runs[0]!.tool.driver.rules;
    expect(described.map((d) => d.id)).toEqual(RULES.map((r) => r.id));
    RULES.forEach((r, i) => {
      const d = described[i]!;
      expect(d.shortDescription.text, r.id).toBe(r.short);
      expect(d.fullDescription.text, r.id).toBe(r.full);
      expect(d.help.text, r.id).toBe(r.help);
      expect(d.defaultConfiguration.level, r.id).toBe({ error: 'error', warning: 'warning', info: 'note' }[r.severity]);
      expect(d.properties['precision'], r.id).toBe(r.precision ?? 'very-high');
    });
  });

  it('names its base folder and category, and gives each rule a precision, a problem.severity and a help page that exists', async () => {
    const log = JSON.parse((await runCli(['check', '--format', 'sarif'], BROKEN)).stdout) as SarifLog & { runs: Array<{ originalUriBaseIds: Record<string, unknown>; automationDetails: { id: string }; tool: { driver: { rules: Array<{ id: string; helpUri: string; properties: Record<string, unknown> }> } } }> };
    const run = log.runs[0]!;
    // Every artifact's uriBaseId is declared on the run.
    expect(Object.keys(run.originalUriBaseIds)).toEqual(['%SRCROOT%']);
    expect(run.automationDetails.id).toMatch(/^claims\/$/);
    const slugs = readmeHeadingSlugs(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    expect(slugs.size).toBeGreaterThan(10);
    for (const rule of run.tool.driver.rules) {
      expect(['very-high', 'high', 'medium', 'low'], rule.id).toContain(rule.properties['precision']);
      expect(rule.properties['problem.severity'], rule.id).toBe({ error: 'error', warning: 'warning', info: 'recommendation' }[RULES.find((r) => r.id === rule.id)!.severity]);
      const [page, fragment] = rule.helpUri.split('#');
      expect(page, rule.id).toBe(run.tool.driver.informationUri);
      expect(slugs, `${rule.id}: #${fragment} is no heading of README.md`).toContain(fragment);
    }
  });

  it('keeps fingerprints when lines move, and percent-encodes odd file names', async () => {
    const dir = copyBroken();
    const before = JSON.parse((await runCli(['check', '-f', 'sarif'], dir)).stdout) as SarifLog;
    const file = path.join(dir, 'claims', 'bridge.yaml');
    writeFileSync(file, `# a comment\n# another\n${readFileSync(file, 'utf8')}`);
    const after = JSON.parse((await runCli(['check', '-f', 'sarif'], dir)).stdout) as SarifLog;
    const fp = (l: SarifLog) => l.runs[0]!.results.map((x) => x.partialFingerprints['claimsFinding/v1']).sort();
    expect(fp(after)).toEqual(fp(before));
    const lines = (l: SarifLog) => l.runs[0]!.results.filter((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === 'claims/bridge.yaml').map((x) => x.locations[0]!.physicalLocation.region.startLine);
    expect(lines(after)).toEqual(lines(before).map((n) => n + 2));

    writeFileSync(path.join(dir, 'claims', 'odd name #1%.yaml'), 'claims:\n  - id: x\n');
    const odd = JSON.parse((await runCli(['check', '-f', 'sarif'], dir)).stdout) as SarifLog;
    expect(sarifValidator()(odd)).toBe(true);
    expect(odd.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri)).toContain('claims/odd%20name%20%231%25.yaml');
  });
});

describe('--format junit', () => {
  for (const [name, cwd] of CORPORA) {
    for (const failOn of [[], ['--fail-on', 'contested']]) {
      it(`is valid against the strict JUnit XSD but for file, line and each case's output, for the ${name} corpus ${failOn.join(' ')}`, async () => {
        const r = await runCli(['check', '--format', 'junit', ...failOn], cwd);
        const lint = xmllintJunit(r.stdout, junitCiXsd());
        expect(lint.output).toMatch(/validates/);
        expect(lint.status).toBe(0);
        // Without those three, the report is valid against the strict schema itself: nothing else departs from it.
        const strict = xmllintJunit(withoutCiExtensions(r.stdout));
        expect(strict.output).toMatch(/validates/);
        expect(strict.status).toBe(0);
        // And the strict schema refuses them: the test would notice a report that no longer carries them.
        expect(xmllintJunit(r.stdout).status).not.toBe(0);
        const json = JSON.parse((await runCli(['check', '--format', 'json'], cwd)).stdout) as { claims: Array<{ id: string; file: string; line: number; status: string }> };
        for (const c of json.claims) expect(r.stdout).toContain(`<testcase name="${c.id}" classname="${c.file}" time="0" file="${c.file}" line="${c.line}"`);
        const failing = (r.stdout.match(/<failure /g) ?? []).length + (r.stdout.match(/<error /g) ?? []).length;
        if (name === 'bundled' && failOn.length === 0) expect(failing).toBe(0);
        if (failOn.length > 0) for (const c of json.claims.filter((x) => x.status === 'contested')) expect(r.stdout).toMatch(new RegExp(`<testcase name="${c.id}"[^>]*>\\n\\s*<failure `));
      });
    }
  }

  it('reads back with a JUnit parser CI reporters use: every case, its status, and its verdict in its own output', async () => {
    const { parse } = (await import('test-results-parser')) as unknown as { parse: (o: { type: string; files: string[] }) => ParsedJunit };
    for (const [, cwd] of CORPORA) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-junit-read-'));
      const file = path.join(dir, 'report.xml');
      const r = await runCli(['check', '--format', 'junit', '--output', file, '--fail-on', 'contested'], cwd);
      expect(r.code).toBe(1);
      const json = JSON.parse((await runCli(['check', '--format', 'json'], cwd)).stdout) as { claims: Array<{ id: string; file: string; line: number; status: string; explanation: string }> };
      const parsed = parse({ type: 'junit', files: [file] });
      const cases = parsed.suites.flatMap((s) => s.cases.map((c) => ({ suite: s.name, ...c })));
      const xml = readFileSync(file, 'utf8');
      for (const c of json.claims) {
        const k = cases.find((x) => x.name === c.id && x.suite === c.file);
        expect(k, c.id).toBeDefined();
        const failed = xpathString(xml, `count(//testcase[@name="${c.id}"]/*[self::failure or self::error])`).trim() !== '0';
        expect(k!.status, c.id).toBe(failed ? 'FAIL' : 'PASS');
        if (c.status === 'contested' || cwd === ROOT) expect(k!.status, c.id).toBe(c.status === 'contested' ? 'FAIL' : 'PASS');
      }
      expect(parsed.total).toBe(cases.length);
      // xmllint (libxml2) reads each case's attributes and own output, entities decoded.
      for (const c of json.claims.slice(0, 5)) {
        const at = `//testcase[@name="${c.id}"]`;
        expect(xpathString(xml, `${at}/@file`).trim()).toBe(c.file);
        expect(xpathString(xml, `${at}/@line`).trim()).toBe(String(c.line));
        expect(xpathString(xml, `${at}/system-out`)).toContain(`${c.id}: ${c.status}`);
        expect(xpathString(xml, `${at}/system-out`)).toContain(c.explanation.slice(0, 60));
      }
      // The suite's own output is empty: GitLab reads none of it.
      expect(xml).not.toMatch(/<\/testcase>\n\s*<system-out>[^<]/);
    }
  });

  it('fails the claims with errors, and reports a file that does not load as an <error>', async () => {
    const r = await runCli(['check', '--format', 'junit'], BROKEN);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/<testcase name="bridge-destroyed" classname="claims\/bridge.yaml" time="0" file="claims\/bridge.yaml" line="21">\n\s*<failure message="No source has the id &quot;north-comand&quot;[^"]*\(and 2 more\)" type="ref\/unknown-source">/);
    expect(r.stdout).toMatch(/<testcase name="\(whole file\)" classname="claims\/broken.yaml" time="0" file="claims\/broken.yaml" line="\d+">\n\s*<error message="[^"]+" type="yaml\//);
    // A claim without errors passes, and says its verdict in its own output.
    expect(r.stdout).toMatch(/<testcase name="shooting-heard" classname="claims\/bridge.yaml" time="0" file="claims\/bridge.yaml" line="29">\n\s*<system-out>[^<]*shooting-heard: unsupported, PROVISIONAL/);
    // Control characters from the claim text survive as visible escapes, never raw.
    expect(r.stdout).toContain('destroyed.\\u0001\\u0007');
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('escapes markup, quotes and characters XML 1.0 forbids', () => {
    expect(xmlText('a < b && c > d ]]> e')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt; e');
    expect(xmlAttr('say "hi"\n\tnow')).toBe('say &quot;hi&quot;&#10;&#9;now');
    expect(xmlText('\u0000\u0001\ufffe\uffff')).toBe('\\u0000\\u0001\\ufffe\\uffff');
    expect(xmlText('lone \ud800 surrogate, pair \ud83d\ude00 kept')).toBe('lone \\ud800 surrogate, pair \ud83d\ude00 kept');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="${xmlAttr('x\u0001"<&\ud800')}" package="p" id="0" timestamp="2021-07-14T00:00:00" hostname="h" tests="0" failures="0" errors="0" time="0"><properties/><system-out>${xmlText('\u0002 ]]> \uffff')}</system-out><system-err/></testsuite></testsuites>\n`;
    expect(xmllintJunit(xml).status).toBe(0);
  });
});

/** Undo the runner's escaping, as actions/runner does when it reads a workflow command. */
function parseCommand(line: string): { command: string; props: Record<string, string>; message: string } {
  const m = /^::([a-z]+) ([^:]*)::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props = Object.fromEntries(m[2]!.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), unescape(kv.slice(kv.indexOf('=') + 1))]));
  return { command: m[1]!, props, message: unescape(m[3]!) };
}

describe('--format github', () => {
  it('escapes data and properties as the Actions runner requires', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext%3A a%2C b');
    const line = workflowCommand({ command: 'error', file: 'claims/a,b:c%.yaml', line: 3, column: 5, endLine: 3, endColumn: 9, title: 'claims x/y', message: 'msg with % : , and\na newline' });
    expect(line).toBe('::error file=claims/a%2Cb%3Ac%25.yaml,line=3,endLine=3,col=5,endColumn=9,title=claims x/y::msg with %25 : , and%0Aa newline');
    const parsed = parseCommand(line);
    expect(parsed.props['file']).toBe('claims/a,b:c%.yaml');
    expect(parsed.message).toBe('msg with % : , and\na newline');
  });

  it('annotates every finding of the broken corpus, one line each, round-tripping through the runner escaping', async () => {
    const r = await runCli(['check', '--format', 'github'], BROKEN);
    expect(r.code).toBe(1);
    const json = JSON.parse((await runCli(['check', '--format', 'json'], BROKEN)).stdout) as { findings: Array<{ file: string; line: number; column: number; message: string; severity: string; ruleId: string }> };
    const lines = r.stdout.trimEnd().split('\n');
    // Provisional verdicts are said at their claims, after the findings.
    const commands = lines.filter((l) => l.startsWith('::') && !l.includes('title=claims provisional verdict'));
    expect(commands).toHaveLength(json.findings.length);
    expect(lines.at(-1)).toMatch(/^claims: \d+ errors/);
    commands.forEach((l, i) => {
      const f = json.findings[i]!;
      const c = parseCommand(l);
      expect(c.command).toBe({ error: 'error', warning: 'warning', info: 'notice' }[f.severity]);
      expect(c.props).toMatchObject({ file: f.file, line: String(f.line), col: String(f.column), title: `claims ${f.ruleId}` });
      expect(c.message).toBe(f.message);
    });
    // The document path holds %, :, , and a newline: the message keeps : and , but escapes % and the newline.
    const missing = commands.find((l) => l.includes('document/missing-file'))!;
    expect(missing).toContain('::The text file "seeds/100%25: lost, report%0Aline2.txt" of document "lost-report" does not exist.');
  });

  it('adds an error annotation for each claim whose status --fail-on names', async () => {
    const r = await runCli(['check', '--format', 'github', '--fail-on', 'contested'], BROKEN);
    const verdicts = r.stdout.split('\n').filter((l) => l.includes('title=claims verdict/contested'));
    expect(verdicts).toHaveLength(1);
    expect(parseCommand(verdicts[0]!).props).toMatchObject({ file: 'claims/bridge.yaml', line: '3' });
  });
});

describe('--format markdown', () => {
  it('escapes file-derived text so it cannot inject HTML, links, mentions or table cells', () => {
    expect(mdText('<script>alert(1)</script>')).toBe('&lt;script&gt;alert\\(1\\)&lt;/script&gt;');
    expect(mdText('a | b')).toBe('a \\| b');
    expect(mdText('[x](y) ![i](y) *b* _i_ `c` ~s~ $m$')).toBe('\\[x\\]\\(y\\) \\!\\[i\\]\\(y\\) \\*b\\* \\_i\\_ \\`c\\` \\~s\\~ \\$m\\$');
    // What would link or notify is code, which GitHub leaves alone (test/hostile/output.test.ts renders it).
    expect(mdText('[x](http://e) hi @octocat')).toBe('`[x](http://e)` hi `@octocat`');
    expect(mdText('# not a heading')).toBe('\\# not a heading');
    expect(mdText('1. not a list')).toBe('\\1. not a list');
    expect(mdText('two\nlines\u001b[31m')).toBe('two lines\\\\u001b\\[31m');
    expect(mermaidText('a"]; click b --> c')).toBe('a#34;#93;#59; click b --#62; c');
  });

  it('cuts rows and diagrams to fit a size limit (GitHub step summaries take at most 1 MiB)', async () => {
    const report = JSON.parse((await runCli(['check', '--format', 'json'], ROOT)).stdout) as Report;
    const options = { color: false, failOn: [], quiet: false };
    const full = markdownWithin(report, options, 1024 * 1024);
    expect(full).not.toMatch(/### Not shown/);
    const small = markdownWithin(report, options, 6000);
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(6000);
    expect(small).toMatch(/^## claims check\n\n✅/);
    expect(small).toMatch(/### Not shown\n\nThis report is kept under 6,000 bytes, [^\n]*\d+ claims \(0 contested, 0 provisional\)/);
  });

  it('stays under 60,000 characters for 4,000 claims, contested and provisional first, and says what it left out and where the rest is', async () => {
    const seed = JSON.parse((await runCli(['check', '--format', 'json'], BROKEN)).stdout) as Report;
    const claims = Array.from({ length: 4000 }, (_, k) => ({ ...seed.claims[k % seed.claims.length]!, id: `claim-${k}` }));
    const findings = Array.from({ length: 4000 }, (_, k) => ({ ...seed.findings[k % seed.findings.length]!, line: k + 1 }));
    const report: Report = { ...seed, claims, findings };
    const contested = claims.filter((c) => c.status === 'contested');
    const provisional = claims.filter((c) => c.status !== 'contested' && c.provisional);
    expect(contested.length).toBeGreaterThan(100);
    const md = formatMarkdown(report, { color: false, failOn: ['contested'], quiet: false, fullReport: 'reports/claims.html' });
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(md.length).toBeGreaterThan(MARKDOWN_MAX_CHARS * 0.8);
    // The claims table starts with every contested claim it has room for, then the provisional ones, in file order.
    const rows = md.split('\n').filter((l) => /^\| (🔴|🟢|🟡|🟣|⚪)/.test(l)).map((l) => l.split(' | ')[4]!);
    expect(rows.length).toBeGreaterThan(20);
    const expected = [...contested, ...provisional].map((c) => c.id).slice(0, rows.length);
    expect(rows).toEqual(expected);
    const left = 4000 - rows.length;
    expect(md).toContain(`### Not shown\n\nThis report is kept under 60,000 characters, what a pull-request comment can hold: ${left} claims (`);
    expect(md).toContain('The full report is in reports/claims.html.');
    expect(md).toMatch(/\*\*Legend\.\*\* 🔴 contested · 🟢 corroborated/);
    // Without a file of the whole report, it says how to write one.
    expect(formatMarkdown(report, { color: false, failOn: [], quiet: false })).toContain('`claims check --format markdown --format html --output - --output claims.html`');
    // A small ledger is whole, with no such note.
    expect(formatMarkdown(seed, { color: false, failOn: [], quiet: false })).not.toContain('### Not shown');
  });

  it('points a cut Markdown report at the whole report the same run writes to a file', async () => {
    const dir = copyBroken();
    const long = 'A statement long enough that four hundred of them fill far more than one pull-request comment can hold, '.repeat(3);
    writeFileSync(path.join(dir, 'claims', 'many.yaml'), `claims:\n${Array.from({ length: 400 }, (_, k) => `  - id: many-${k}\n    statement: ${long.trim()} ${k}\n    assertions: []\n`).join('')}`);
    const r = await runCli(['check', '--format', 'markdown', '--format', 'json', '--output', '-', '--output', 'out/full.json'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(r.stdout).toContain('The full report is in out/full.json.');
    expect((JSON.parse(readFileSync(path.join(dir, 'out', 'full.json'), 'utf8')) as Report).claims.length).toBeGreaterThan(400);
  });

  it('renders the broken corpus with a summary, a claims table, findings and a Mermaid diagram, nothing injected', async () => {
    const r = await runCli(['check', '--format', 'markdown'], BROKEN);
    expect(r.code).toBe(1);
    const md = r.stdout;
    expect(md).toMatch(/^## claims check\n\n❌ \*\*\d+ errors\*\*/);
    expect(md).toContain('| Status | Grade | For | Against | Claim | Statement |');
    expect(md).toContain('### Findings');
    expect(md).not.toMatch(/<(script|b)\b/);
    expect(md.replace(/`[^`\n]*`/g, '')).not.toMatch(/@octocat/);
    // Every table row has exactly the pipes of its columns (escaped pipes do not count).
    for (const row of md.split('\n').filter((l) => l.startsWith('| '))) {
      const cells = row.replace(/\\\|/g, '').split('|').length - 2;
      expect([4, 6], row).toContain(cells);
    }
    const mermaid = /```mermaid\n([\s\S]*?)\n```/.exec(md);
    expect(mermaid).not.toBeNull();
    for (const l of mermaid![1]!.split('\n')) {
      // Node labels are quoted and hold no quote, bracket, pipe or angle bracket of their own.
      expect(l).toMatch(/^(flowchart LR| {2}claim\["[^"[\]|<>`]*"\]| {2}(for|against)\d+\["[^"[\]|<>`]*"\] -(->|\.->)\|[a-z, ]+\| claim| {2}classDef .*| {2}class [a-z0-9,]+ (support|oppose))$/);
    }
    expect(md.match(/```/g)).toHaveLength(2);
  });
});
