// Output safety: text from claim files (statements, ids, unknown keys, file names) can never act on the
// terminal or break the syntax of a machine format, whatever the format and the colour setting.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/run.js';
import { junitCiXsd, sarifValidator, xmllintJunit } from '../ci/helpers.js';
import { FORMAT_NAMES, isHuman } from '../../src/format/index.js';
import { mdText } from '../../src/format/markdown.js';
import { commandFree, commandFreeJson, inert } from '../../src/util/text.js';
import type { Report } from '../../src/report/types.js';
import { BASE, project, writeFiles } from './project.js';

const ESC = '\u001b';
// A statement carrying: an SGR colour, a screen clear, an OSC window-title set ended by BEL, a C1 CSI (U+009B),
// a bidi override, a backspace and a carriage return that would overwrite the line.
const HOSTILE_STATEMENT = `Taken ${ESC}[31mRED${ESC}[0m ${ESC}[2J ${ESC}]0;pwned\u0007 \u009b2J \u202eevil\u202c back\bspace\rOVERWRITE`;
// The same in YAML double-quoted escapes (YAML itself refuses raw C0 characters in a file).
const YAML_STATEMENT = 'Taken \\e[31mRED\\e[0m \\e[2J \\e]0;pwned\\a \\x9b2J \\u202eevil\\u202c back\\bspace\\rOVERWRITE';

function hostileProject(): string {
  return project({
    'claims/hostile/ansi.yaml': [
      'claims:',
      '  - id: ansi-statement',
      `    statement: "${YAML_STATEMENT}"`,
      '    assertions:',
      '      - source: witness-two',
      '        stance: asserts',
      '        quotes:',
      '          - document: doc-a',
      // A quote that is not found: its text comes back in the finding's message.
      `            text: "the bridge ${'\\e'}[41mfell\\u0007 at noon"`,
      // An unknown field whose name is an escape sequence: the name comes back in the message.
      '    "\\e]8;;https://evil.example\\e\\\\click\\e]8;;\\e\\\\": x',
      '',
    ].join('\n'),
  });
}

/** C0 (except newline), DEL, C1 controls and bidi overrides: none may reach the output raw. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const C0 = /[\u0000-\u0009\u000b-\u001f]/;
// The SGR colour sequences chalk itself writes.
// eslint-disable-next-line no-control-regex
const CHALK_SGR = /\u001b\[[0-9;]*m/g;

describe('text output: escapes from files are inert', () => {
  it('the statement is in the report unchanged (JSON escapes it)', async () => {
    const r = await runCli(['check', '--format', 'json'], hostileProject());
    const report = JSON.parse(r.stdout) as { claims: Array<{ id: string; statement: string }> };
    expect(report.claims.find((c) => c.id === 'ansi-statement')?.statement).toBe(HOSTILE_STATEMENT);
    // JSON escapes every C0 control, ESC included; a consumer decides how to show the decoded text.
    expect(r.stdout).not.toMatch(C0);
  });

  for (const [label, args, env] of [
    ['no colour (--no-color)', ['--no-color'], {}],
    ['colour forced (--color)', ['--color'], {}],
    ['FORCE_COLOR=1', [], { FORCE_COLOR: '1' }],
    ['NO_COLOR=1', [], { NO_COLOR: '1' }],
  ] as Array<[string, string[], Record<string, string>]>) {
    it(`${label}: in-process and spawned`, async () => {
      const dir = hostileProject();
      const outs = [(await runCli(['check', ...args], dir, { env })).stdout, spawnCli(['check', ...args], dir, env).stdout];
      for (const out of outs) {
        // Only chalk's own colour codes may contain ESC; nothing else from the file is a control character.
        expect(out.replace(CHALK_SGR, '')).not.toMatch(CONTROLS);
        // The file's escapes are shown as visible text instead.
        expect(out).toContain('\\u001b[31mRED\\u001b[0m');
        expect(out).toContain('\\u001b]0;pwned\\u0007');
        expect(out).toContain('\\u009b2J');
        expect(out).toContain('\\u202eevil');
        expect(out).toContain('back\\u0008space');
        expect(out).toContain('\\u001b]8;;https://evil.example');
        if (args.includes('--no-color') || env['NO_COLOR']) expect(out).not.toContain(ESC);
      }
    });
  }

  it('a file name with an escape sequence and a newline in it is shown inert', async () => {
    const dir = project();
    writeFiles(dir, { [`claims/hostile/${ESC}[31mred\nname.yaml`]: 'claims: [\n' });
    for (const color of ['--no-color', '--color']) {
      const r = await runCli(['check', color], dir);
      expect(r.code).toBe(1);
      expect(r.stdout.replace(CHALK_SGR, '')).not.toMatch(CONTROLS);
      expect(r.stdout).toContain('claims/hostile/\\u001b[31mred name.yaml');
    }
  });

  it('claims show prints the claim inert too', async () => {
    const dir = hostileProject();
    const r = await runCli(['show', 'ansi-statement', '--color'], dir);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout.replace(CHALK_SGR, '')).not.toMatch(CONTROLS);
    expect(r.stdout).toContain('\\u001b[31mRED');
  });
});

describe('machine formats: file text cannot break their syntax', () => {
  it('JSON and SARIF parse, and carry the text escaped', async () => {
    const dir = hostileProject();
    for (const format of ['json', 'sarif']) {
      const r = await runCli(['check', '--format', format], dir);
      expect(r.code).toBe(1);
      expect(() => JSON.parse(r.stdout)).not.toThrow();
      expect(r.stdout).not.toMatch(C0);
    }
  });

  it('JUnit: no character XML 1.0 forbids, and the document is well-formed', async () => {
    const r = await runCli(['check', '--format', 'junit'], hostileProject());
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(r.stdout).not.toContain(ESC);
    const lint = spawnSync('xmllint', ['--noout', '-'], { input: r.stdout, encoding: 'utf8' });
    if (!lint.error) expect(lint.status, lint.stderr).toBe(0);
  });

  it('GitHub annotations: one command per line, no smuggled commands, no raw controls', async () => {
    const dir = hostileProject();
    // A claim id cannot carry newlines (schema), but a message can: an unknown key "x\n::error::pwned".
    writeFiles(dir, { 'claims/hostile/inject.yaml': 'claims:\n  - id: inject\n    statement: s\n    assertions: []\n    "x\\n::error file=x::pwned %0A::warning::again": 1\n' });
    const r = await runCli(['check', '--format', 'github'], dir);
    const lines = r.stdout.split('\n').filter(Boolean);
    for (const line of lines) expect(line).toMatch(/^(::(error|warning|notice) [^\n]*::[^\n]*|claims: .*)$/);
    expect(lines.filter((l) => l.startsWith('::error::pwned') || l.startsWith('::warning::again'))).toEqual([]);
    expect(r.stdout).toContain('%250A');
    expect(r.stdout).not.toMatch(CONTROLS);
  });

  it('Markdown: no HTML, no broken Mermaid label, no raw controls, no @mentions', async () => {
    const dir = project({
      'claims/hostile/md.yaml': [
        'claims:',
        '  - id: md-injection',
        '    statement: "<script>alert(1)</script> <img src=x onerror=alert(1)> [link](javascript:alert(1)) @octocat | cell"',
        '    assertions:',
        '      - source: md-source',
        '        stance: asserts',
        '        quotes: [{ document: doc-a, text: The fighters took the bridge at dawn. }]',
        '      - source: official',
        '        stance: denies',
        '        quotes: [{ document: doc-a, text: Officials denied that the bridge was taken. }]',
        '',
      ].join('\n'),
      'claims/hostile/md-sources.yaml': 'sources:\n  - id: md-source\n    name: "Evil\\"] --> x[\\"<b>pwned</b>\\"]; click x href \\"javascript:alert(1)\\""\n',
    });
    const r = await runCli(['check', '--format', 'markdown'], dir);
    expect(r.stdout).not.toMatch(/<(script|img|b)\b/i);
    expect(r.stdout).not.toContain('](javascript:');
    // A mention is in code, where GitHub notifies nobody.
    expect(r.stdout).toContain('`@octocat`');
    expect(r.stdout.replace(/`[^`]*`/g, '')).not.toContain('@octocat');
    // Inside Mermaid blocks, a label is one quoted string: the hostile name adds no node, edge or click.
    const blocks = [...r.stdout.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
    for (const b of blocks) {
      expect(b).not.toMatch(/<b>|\]\s*;|-->\s*x\[/);
      for (const line of b.split('\n').filter((l) => l.includes('["'))) expect(line.split('"').length - 1).toBe(2);
    }
    expect(r.stdout).not.toMatch(CONTROLS);
    expect(path.basename(dir)).toBeTruthy();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Output that cannot command its reader: printed in a GitHub Actions step, no line of any format is run by the
// runner as a workflow command, and every machine format still parses and carries the text unchanged.

/** What the file text tries: commands of both forms, a stop-commands of its own, line breaks, bidi marks, links. */
const COMMANDS = '::error::x ##[command]x ::stop-commands::t\n::warning::nl \u200e\u200f\u061c https://evil.example www.evil.example a@b.example #1 owner/repo#2 @someone';
const COMMANDS_YAML = JSON.stringify(COMMANDS);
const NOTES = '  ::error::note\r\n\u00a0::warning::note2 ##[group]n';
const SOURCE_NAME = '::error::src ##[warning]src @someone';
const QUOTE = '::error::quote\n##[error]q\r::warning::cr';
/** File names that are commands: one in each form, one with a line break. */
const COMMAND_FILES = ['::warning file=x::pwned.yaml', '##[error]legacy.yaml', 'claims/x\n::error::nl.yaml'];
const BAD_ID = '::error::id';

function commandProject(): string {
  return project({
    // The corpus is the whole project, so that file names start the text report's header lines.
    // publish: lets --format claimreview export (it is an error without).
    'claims.config.yaml': 'corpus: .\nparties: [rebels, government]\npublish: {organization: {name: Desk, url: "https://factcheck.example.org"}, base_url: "https://factcheck.example.org/claims/"}\n',
    'claims/base/sources.yaml': `${BASE['claims/base/sources.yaml']}  - id: hostile-source\n    name: ${JSON.stringify(SOURCE_NAME)}\n`,
    'claims/hostile/commands.yaml': [
      'claims:',
      '  - id: hostile-one',
      `    statement: ${COMMANDS_YAML}`,
      `    notes: ${JSON.stringify(NOTES)}`,
      '    assertions:',
      '      - source: hostile-source',
      '        stance: asserts',
      `        quotes: [{ document: doc-a, text: ${JSON.stringify(QUOTE)} }]`,
      '      - source: official',
      '        stance: denies',
      '        quotes: [{ document: doc-a, text: Officials denied that the bridge was taken. }]',
      '      - source: witness-one',
      '        stance: asserts',
      '        quotes: [{ document: doc-a, text: The fighters took the bridge at dawn. }]',
      `  - id: ${JSON.stringify(BAD_ID)}`,
      `    statement: ${JSON.stringify('##[error]id @someone')}`,
      '    assertions: []',
      '',
    ].join('\n'),
    ...Object.fromEntries(COMMAND_FILES.map((f) => [f, 'claims: [\n'])),
  });
}

interface RunnerCommand {
  name: string;
  /** The text between the command name and "::" (properties), for the `::` form. */
  info: string;
  data: string;
  line: string;
}

// .NET's char.IsWhiteSpace, which TrimStart uses (a superset: JavaScript's \s, U+0085, U+180E and U+001C-U+001F).
// eslint-disable-next-line no-control-regex
const NET_SPACE = /^[\s\u0085\u180e\u001c-\u001f]*/;

/**
 * A line read as the runner reads it (actions/runner ActionCommand.TryParseV2, then TryParse), stricter in one
 * way: every command name counts, not only the registered ones.
 */
function parseCommand(line: string): RunnerCommand | undefined {
  const t = line.replace(NET_SPACE, '');
  if (t.startsWith('::')) {
    const end = t.indexOf('::', 2);
    if (end >= 0) {
      const info = t.slice(2, end);
      const name = info.split(' ')[0]!;
      if (name !== '') return { name, info, data: t.slice(end + 2), line };
    }
  }
  const at = line.indexOf('##[');
  const close = at < 0 ? -1 : line.indexOf(']', at);
  if (close >= 0) {
    const info = line.slice(at + 3, close);
    const name = info.split(' ')[0]!;
    if (name !== '') return { name, info, data: line.slice(close + 1), line };
  }
  return undefined;
}

/** The runner's lines: it reads a step's output with ReadLine, which ends a line at CR, LF or CRLF. */
const runnerLines = (out: string) => out.split(/\r\n|\r|\n/);

/** Every line that would be a command if nothing stopped commands. */
const commandLines = (out: string) => runnerLines(out).flatMap((l) => parseCommand(l) ?? []);

/** What the runner would run: commands outside a stop-commands block, which only its own token ends. */
function runnerRuns(out: string): { ran: RunnerCommand[]; stoppedAtEnd: boolean } {
  const ran: RunnerCommand[] = [];
  let token: string | undefined;
  for (const line of runnerLines(out)) {
    const c = parseCommand(line);
    if (!c) continue;
    if (token !== undefined) {
      if (c.name.toLowerCase() === token.toLowerCase()) token = undefined;
    } else if (c.name.toLowerCase() === 'stop-commands') token = c.data;
    else ran.push(c);
  }
  return { ran, stoppedAtEnd: token !== undefined };
}

/** The text between a stop-commands line and its token's line, after checking the wrapper's shape. */
function unwrap(out: string): { token: string; inner: string } {
  const m = /^::stop-commands::([0-9a-f]{32})\n([\s\S]*)::\1::\n$/.exec(out);
  expect(m, out.slice(0, 200)).not.toBeNull();
  const [, token, inner] = m!;
  expect(inner!.includes(token!)).toBe(false);
  return { token: token!, inner: inner! };
}

/** xmllint's reading of an XPath string in a JUnit document (a real parser, so entities are decoded). */
function xpath(xml: string, expr: string): string {
  const r = spawnSync('xmllint', ['--xpath', `string(${expr})`, '-'], { input: xml, encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint could not run (${r.error.message}); install libxml2-utils (.ci/run does)`);
  return r.stdout;
}

const ACTIONS = { GITHUB_ACTIONS: 'true' };
// Every format there is, so that a new one is held to the same rule.
const FORMATS = FORMAT_NAMES;

describe('output printed in a GitHub Actions log runs no workflow command', () => {
  const dir = commandProject();
  const outputs = async (args: string[]) => [(await runCli(args, dir, { env: ACTIONS })).stdout, spawnCli(args, dir, ACTIONS).stdout];

  for (const format of FORMATS) {
    it(`--format ${format}, in-process and spawned`, async () => {
      for (const out of await outputs(['check', '--format', format])) {
        const { ran, stoppedAtEnd } = runnerRuns(out);
        expect(stoppedAtEnd).toBe(false);
        if (isHuman(format)) {
          // Wrapped, and nothing inside the wrapper would be a command even without it.
          expect(ran).toEqual([]);
          expect(commandLines(unwrap(out).inner)).toEqual([]);
        } else if (format === 'github') {
          // Only the annotations themselves, each with exactly its own properties.
          expect(ran.length).toBeGreaterThan(0);
          for (const c of ran) {
            expect(['error', 'warning', 'notice']).toContain(c.name);
            expect(c.info.slice(c.name.length + 1).split(',').map((p) => p.split('=')[0])).toEqual(['file', 'line', 'endLine', 'col', 'endColumn', 'title']);
          }
          expect(out).not.toContain('stop-commands::');
          // Each finding is one of them, its message read back whole (the runner unescapes %0D, %0A and %25).
          const json = JSON.parse((await runCli(['check', '--format', 'json'], dir)).stdout) as Report;
          const data = new Set(ran.map((c) => c.data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')));
          for (const f of json.findings) expect(data.has(f.message), f.message).toBe(true);
        } else {
          expect(commandLines(out)).toEqual([]);
          expect(out.startsWith('::')).toBe(false);
        }
      }
    });
  }

  it('each run wraps its report in a token of its own', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 3; i++) tokens.add(unwrap((await runCli(['check'], dir, { env: ACTIONS })).stdout).token);
    expect(tokens.size).toBe(3);
  });

  it('outside Actions the human formats are not wrapped, and still hold no command line', async () => {
    for (const format of ['text', 'markdown']) {
      const r = await runCli(['check', '--format', format], dir);
      expect(r.stdout).not.toMatch(/^::stop-commands::/m);
      expect(commandLines(r.stdout)).toEqual([]);
    }
  });

  it('a report written to a file is never wrapped (it is not the log), and is command-free too', async () => {
    const r = await runCli(['check', '-f', 'text', '-o', 'r.txt', '-f', 'markdown', '-o', 'r.md'], dir, { env: ACTIONS });
    expect(r.stdout).toBe('');
    for (const f of ['r.txt', 'r.md']) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      expect(text).not.toMatch(/^::stop-commands::/m);
      expect(commandLines(text)).toEqual([]);
    }
  });

  it('the text report shows what it escaped, visibly; file names that are commands start no line', async () => {
    const out = (await runCli(['check', '--no-color'], dir)).stdout;
    expect(out).toMatch(/^\\u003a:warning file=x::pwned\.yaml$/m);
    expect(out).toMatch(/^\\u0023#\[error\]legacy\.yaml$/m);
    expect(out).toContain('claims/x ::error::nl.yaml');
    expect(out).toContain('\\u003a:error::x \\u0023#[command]x ::stop-commands::t ::warning::nl');
    // The three bidi marks, like the other bidi controls.
    expect(out).toContain('\\u200e\\u200f\\u061c');
    expect(out).not.toMatch(/[\u200e\u200f\u061c]/);
  });

  it('JSON keeps the text exactly (a parser decodes \\u0023), and holds no "##["', async () => {
    for (const out of await outputs(['check', '--format', 'json'])) {
      expect(out).not.toContain('##[');
      const report = JSON.parse(out) as Report & { claims: Array<{ notes?: string }> };
      const claim = report.claims.find((c) => c.id === 'hostile-one')!;
      expect(claim.statement).toBe(COMMANDS);
      expect(claim.notes).toBe(NOTES);
      expect(report.claims.some((c) => c.id === BAD_ID)).toBe(true);
      expect(report.findings.map((f) => f.file)).toEqual(expect.arrayContaining(COMMAND_FILES));
      expect(report.findings.some((f) => f.message.includes(SOURCE_NAME))).toBe(true);
    }
  });

  it('SARIF is valid against its schema, holds no "##[", and keeps messages and file names exactly', async () => {
    for (const out of await outputs(['check', '--format', 'sarif', '--fail-on', 'denied'])) {
      expect(out).not.toContain('##[');
      const log = JSON.parse(out) as { runs: Array<{ results: Array<{ message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
      const validate = sarifValidator();
      expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
      const results = log.runs[0]!.results;
      expect(results.some((r) => r.message.text.includes(SOURCE_NAME))).toBe(true);
      expect(results.some((r) => r.message.text.includes(COMMANDS))).toBe(false);
      const uris = results.map((r) => decodeURIComponent(r.locations[0]!.physicalLocation.artifactLocation.uri));
      expect(uris).toEqual(expect.arrayContaining(COMMAND_FILES));
    }
  });

  it('JUnit: line breaks in text are character references, it passes the strict XSD (with the file, line and output of each case), and a parser reads the text back exactly', async () => {
    for (const out of await outputs(['check', '--format', 'junit', '--fail-on', 'denied'])) {
      expect(out).not.toContain('##[');
      // Every line of the document is markup, none is file text.
      for (const line of out.split(/\r\n|\r|\n/).filter(Boolean)) expect(line).toMatch(/^\s*</);
      const lint = xmllintJunit(out, junitCiXsd());
      expect(lint.status, lint.output).toBe(0);
      const body = xpath(out, '//testcase[@name="hostile-one"]/failure');
      expect(body).toContain(`Statement: ${COMMANDS}`);
      expect(xpath(out, `//testsuite[@name="claims/hostile/commands.yaml"]/testcase/system-out[contains(., "${SOURCE_NAME}")]`)).toContain(SOURCE_NAME);
      for (const f of COMMAND_FILES) expect(xpath(out, `count(//testsuite[@name="${f}"])`).trim(), f).toBe('1');
    }
  });

  it('claims show, text and JSON, in-process and spawned', async () => {
    for (const out of await outputs(['show', 'hostile-one'])) {
      expect(runnerRuns(out).ran).toEqual([]);
      const { inner } = unwrap(out);
      expect(commandLines(inner)).toEqual([]);
      expect(inner).toContain('\\u003a:error::quote \\u0023#[error]q\\u000d::warning::cr');
      expect(inner).toContain('\\u200e\\u200f\\u061c');
    }
    for (const out of await outputs(['show', 'hostile-one', '--format', 'json'])) {
      expect(commandLines(out)).toEqual([]);
      expect(out).not.toContain('##[');
      expect((JSON.parse(out) as { claim: { statement: string } }).claim.statement).toBe(COMMANDS);
    }
  });
});

describe('the Markdown report links and notifies nothing from file text (rendered as GitHub does)', () => {
  it('no autolink in GFM, no mention or reference outside code, and the words are still there', async () => {
    const { micromark } = await import('micromark');
    const { gfm, gfmHtml } = await import('micromark-extension-gfm');
    const dir = commandProject();
    const md = (await runCli(['check', '--format', 'markdown'], dir)).stdout;
    const html = micromark(md, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    // GFM's own autolinks (URLs, www., e-mail addresses): the renderer makes no link at all.
    expect(html).not.toMatch(/<a\b/);
    // GitHub finds @mentions and #1, owner/repo#1, GH-1 references in rendered text, except in code.
    const outsideCode = html.replace(/<code\b[^>]*>[\s\S]*?<\/code>/g, ' ').replace(/<[^>]+>/g, ' ');
    const decoded = outsideCode.replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
    expect(decoded).not.toMatch(/@[a-z0-9]/i);
    expect(decoded).not.toMatch(/#\d|\bgh-\d/i);
    // The words are kept, in code.
    for (const word of ['https://evil.example', 'www.evil.example', 'a@b.example', '@someone', 'owner/repo']) expect(html).toContain(`<code>${word}</code>`);
    // A control for the renderer: the same words, unescaped, do make links.
    expect(micromark('see https://evil.example and a@b.example', { extensions: [gfm()], htmlExtensions: [gfmHtml()] })).toMatch(/<a\b[\s\S]*<a\b/);
  });

  it('mdText: every linking word in code, "#" split out of code so that no "##[" is ever raw', () => {
    expect(mdText('see #12 and owner/repo#3, GH-4')).toBe('see #`12` and `owner/repo`#`3,` `GH-4`');
    expect(mdText('@someone##[command]x')).toBe('`@someone\\u0023`#`[command]x`');
    expect(mdText('::error::x')).toBe('\\\\u003a:error::x');
    expect(mdText('plain text, 100% sure')).toBe('plain text, 100% sure');
  });
});

describe('commandFree and inert', () => {
  it('escape "##[" anywhere and "::" at the start of any line (after .NET white space), nothing else', () => {
    expect(commandFree('a ##[x] ###[y]')).toBe('a \\u0023#[x] #\\u0023#[y]');
    expect(commandFree('::a::\n \t::b::\r::c::\r\n\u00a0\u3000::d:: x::e::')).toBe('\\u003a:a::\n \t\\u003a:b::\r\\u003a:c::\r\n\u00a0\u3000\\u003a:d:: x::e::');
    expect(commandFree(':x: ::')).toBe(':x: ::');
    expect(commandFree('##[', { hash: '&#35;', colon: '&#58;' })).toBe('&#35;#[');
    expect(commandFreeJson(JSON.stringify({ s: '\\##[x' }))).toBe('{"s":"\\\\\\u0023#[x"}');
    expect(JSON.parse(commandFreeJson(JSON.stringify({ s: '\\##[x' })))).toEqual({ s: '\\##[x' });
  });

  it('inert escapes LRM, RLM and ALM like the other bidi controls', () => {
    expect(inert('a\u200eb\u200fc\u061cd')).toBe('a\\u200eb\\u200fc\\u061cd');
  });

  it('handles long runs of white space and line breaks (each character scanned once)', () => {
    // U+2028 is white space to .NET but ends no line for the runner: "::" after it still starts the line.
    const big = ' '.repeat(2_000_000) + '\n'.repeat(2_000_000) + '\u2028'.repeat(2_000_000);
    const out = commandFree(`${big}::x:: ${'\n '.repeat(1_000_000)}`);
    expect(out.length).toBe(big.length + 6 + 5 + 2_000_000);
    expect(out.slice(big.length, big.length + 11) === '\\u003a:x:: ').toBe(true);
  });
});

describe('standard error is made inert too', () => {
  it('claims show: the "did you mean" ids from files are shown escaped', async () => {
    const dir = project({
      'claims/hostile/ids.yaml': 'claims:\n  - id: "one\\e]0;pwned\\a\\e[2J"\n    statement: s\n    assertions: []\n  - id: "two-one\\n::error::x ##[error]y"\n    statement: s\n    assertions: []\n',
    });
    const r = await runCli(['show', 'one'], dir, { env: ACTIONS });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('\\u001b]0;pwned\\u0007\\u001b[2J');
    expect(r.stderr).not.toMatch(CONTROLS);
    expect(r.stderr).not.toContain(ESC);
    expect(runnerLines(r.stderr).length).toBe(2);
    expect(commandLines(r.stderr)).toEqual([]);
  });

  it('configuration errors: no raw escape, no command line', async () => {
    const dir = project({ 'claims.config.yaml': 'corpus: claims\n"\\e]0;pwned\\a\\n::error::cfg ##[error]cfg": 1\n' });
    const r = await runCli(['check'], dir, { env: ACTIONS });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/configuration error/);
    expect(r.stderr).not.toMatch(CONTROLS);
    expect(commandLines(r.stderr)).toEqual([]);
  });
});
