// Terminal manners and the small CLI options people expect: -o making its folders, --cache, --help, display widths.
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run.js';
import { copyBroken } from './ci/helpers.js';

describe('-o creates the folders it needs', () => {
  it('inside the project, however deep', async () => {
    const dir = copyBroken();
    const r = await runCli(['check', '--format', 'sarif', '-o', 'reports/ci/claims.sarif'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'reports', 'ci', 'claims.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
  });

  it('outside the project, where the user named it', async () => {
    const dir = copyBroken();
    const outside = mkdtempSync(path.join(os.tmpdir(), 'claims-out-'));
    const r = await runCli(['check', '--format', 'json', '-o', path.join(outside, 'a', 'b', 'report.json')], dir);
    expect(r.stderr).toBe('');
    expect(existsSync(path.join(outside, 'a', 'b', 'report.json'))).toBe(true);
  });

  it('never through a folder link that leads out of the project: nothing is made outside, and it says why', async () => {
    const dir = copyBroken();
    const outside = mkdtempSync(path.join(os.tmpdir(), 'claims-out-'));
    symlinkSync(outside, path.join(dir, 'reports'));
    const r = await runCli(['check', '--format', 'sarif', '-o', 'reports/new/deeper/claims.sarif'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^claims: --output: reports\/new\/deeper\/claims.sarif leads outside the project folder through a symbolic link/);
    expect(readdirSync(outside)).toEqual([]);
  });
});
