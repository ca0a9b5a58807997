// Links in the checkout that lead corpus files, the configuration or ignore files to .git/config, and a claim file
// named as its own evidence: refused, and the credential in .git/config is printed by no output format.
import { symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';
import { project, writeFiles } from './project.js';

const TOKEN = 'U0VDUkVUVE9LRU5MSU5LU0VDUkVUUw';
const GIT_CONFIG = `[core]\n\trepositoryformatversion = 0\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${TOKEN}\n`;
const FORMATS = ['text', 'json', 'sarif', 'junit', 'github', 'markdown'] as const;

/** Every format's stdout and stderr of `claims check` in `dir`, with each run's exit code. */
async function everyFormat(dir: string): Promise<Array<{ format: string; code: number; out: string }>> {
  const runs = [];
  for (const format of FORMATS) {
    const r = await runCli(['check', '--no-cache', '--format', format], dir);
    runs.push({ format, code: r.code, out: `${r.stdout}\n${r.stderr}` });
  }
  return runs;
}

describe('links to .git/config are never read as corpus, configuration or ignore patterns', () => {
  it('a corpus file that is a link to .git/config: file/excluded in every format, the header in none', async () => {
    const dir = project();
    writeFiles(dir, { '.git/config': GIT_CONFIG });
    symlinkSync('../.git/config', path.join(dir, 'claims', 'zz.yaml'));
    for (const { format, code, out } of await everyFormat(dir)) {
      expect(code, format).toBe(1);
      expect(out, format).not.toContain(TOKEN);
      expect(out, format).not.toContain('AUTHORIZATION');
      expect(out, format).toContain('file/excluded');
    }
    const json = JSON.parse((await runCli(['check', '--no-cache', '--format', 'json'], dir)).stdout) as { findings: Array<{ ruleId: string; file: string; message: string }> };
    const f = json.findings.find((x) => x.ruleId === 'file/excluded');
    expect(f?.file).toBe('claims/zz.yaml');
    expect(f?.message).toMatch(/leads to \.git\/config.*hidden name/);
  }, 60_000);

  it('a corpus file inside a hidden folder named on the command line is refused by its name', async () => {
    const dir = project();
    writeFiles(dir, { 'claims/.private/x.yaml': `claims: []\n# ${TOKEN}\n` });
    const r = await runCli(['check', '--no-cache', '--format', 'json', 'claims/.private/x.yaml'], dir);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(r.stdout).toContain('file/excluded');
  }, 60_000);

  it('claims.config.yaml that is a link to .git/config: a configuration error (2) that prints none of it, in every format', async () => {
    const dir = project();
    writeFiles(dir, { '.git/config': GIT_CONFIG });
    unlinkSync(path.join(dir, 'claims.config.yaml'));
    symlinkSync('.git/config', path.join(dir, 'claims.config.yaml'));
    for (const { format, code, out } of await everyFormat(dir)) {
      expect(code, format).toBe(2);
      expect(out, format).not.toContain(TOKEN);
      expect(out, format).not.toContain('AUTHORIZATION');
      expect(out, format).toMatch(/configuration file is a symbolic link to \.git\/config, which was not read/);
    }
  }, 60_000);

  it('a .gitignore that is a link to .git/config: its lines are not taken as patterns (nor quoted in findings)', async () => {
    const dir = project({ 'docs/leak.txt': 'text\n' });
    // A line of the config that names a document path would otherwise exclude it and be quoted as "the pattern".
    writeFiles(dir, { '.git/config': `${GIT_CONFIG}docs/a.txt\n` });
    symlinkSync('.git/config', path.join(dir, '.gitignore'));
    for (const { format, out } of await everyFormat(dir)) expect(out, format).not.toContain(TOKEN);
    const json = JSON.parse((await runCli(['check', '--no-cache', '--format', 'json'], dir)).stdout) as { findings: Array<{ ruleId: string }> };
    expect(json.findings.filter((f) => f.ruleId === 'document/excluded')).toEqual([]);
  }, 60_000);
});

describe('a claim file is never its own evidence', () => {
  const selfQuoting = (docPath: string): Record<string, string> => ({
    'claims/self/documents.yaml': `documents:\n  - id: self\n    path: ${docPath}\n    publisher: Wire\n    language: en\n    published: 2021-07-14\n`,
    'claims/self/claims.yaml': [
      'claims:',
      '  - id: self-proof',
      '    statement: The bridge was taken.',
      '    assertions:',
      '      - source: witness-two',
      '        stance: asserts',
      '        quotes:',
      '          - document: self',
      '            text: The bridge was taken.',
      '',
    ].join('\n'),
  });

  it('a document whose path is a claim file of the corpus: document/not-evidence in every format, the quote not verified', async () => {
    const dir = project(selfQuoting('claims/self/claims.yaml'));
    for (const { format, code, out } of await everyFormat(dir)) {
      expect(code, format).toBe(1);
      expect(out, format).toContain('document/not-evidence');
    }
    const json = JSON.parse((await runCli(['check', '--no-cache', '--format', 'json'], dir)).stdout) as { findings: Array<{ ruleId: string; file: string; line: number }> };
    expect(json.findings.filter((f) => f.ruleId === 'document/not-evidence').map((f) => [f.file, f.line])).toEqual([['claims/self/documents.yaml', 3]]);
  }, 60_000);

  it('a text link to a claim file, the configuration or a JSON file: refused by where it leads', async () => {
    for (const target of ['../claims/self/claims.yaml', '../claims.config.yaml', 'data.json']) {
      const dir = project(selfQuoting('docs/evidence.txt'));
      writeFiles(dir, { 'docs/data.json': '{"text": "The bridge was taken."}\n' });
      symlinkSync(target, path.join(dir, 'docs', 'evidence.txt'));
      const r = await runCli(['check', '--no-cache', '--format', 'json'], dir);
      const found = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string }> }).findings.filter((f) => f.ruleId === 'document/not-evidence');
      expect(found.map((f) => f.message), target).toEqual([expect.stringMatching(/^The document path "docs\/evidence\.txt" leads to .*\.(yaml|json), which is a YAML or JSON file/)]);
    }
  }, 60_000);
});
