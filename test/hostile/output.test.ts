// Output safety: text from claim files (statements, ids, unknown keys, file names) can never act on the
// terminal or break the syntax of a machine format, whatever the format and the colour setting.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/run.js';
import { project, writeFiles } from './project.js';

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
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
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
    expect(r.stdout).not.toMatch(/(^|[^\u2060])@octocat/);
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
