// A report is the same on every machine, whatever its locale: orderings and "did you mean" ties are by code
// units, never by the process's language (LANG / LC_ALL), so a laptop set to Danish and a CI runner on C.UTF-8
// print the same words, and a run cached under one locale is right under another.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySeedProject } from './helpers/project.js';
import { spawnCli } from './helpers/run.js';

/** The bundled corpus with two sources whose ids tie as hints for an unknown one ("mabc"). */
function tiedHints(): string {
  const dir = copySeedProject();
  appendFileSync(path.join(dir, 'claims/sources.yaml'), '\n  - id: aabc\n    name: Aabc\n    kind: person\n\n  - id: zabc\n    name: Zabc\n    kind: person\n');
  const file = path.join(dir, 'claims/spin-boldak.yaml');
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf('      - source: taliban\n');
  expect(at).toBeGreaterThan(-1);
  writeFileSync(file, `${text.slice(0, at)}      - source: mabc\n${text.slice(at + '      - source: taliban\n'.length)}`);
  return dir;
}

const hint = (stdout: string) => /No source has the id "mabc"\. Did you mean "([a-z]+)"\?/.exec(stdout)?.[1];

describe('the locale never changes a report', () => {
  it('Danish (which sorts "aa" after "z") and English give the same hint, cached or not', () => {
    const dir = tiedHints();
    const da = spawnCli(['check', '--no-cache'], dir, { LC_ALL: 'da_DK.UTF-8', LANG: 'da_DK.UTF-8' });
    const en = spawnCli(['check', '--no-cache'], dir, { LC_ALL: 'en_US.UTF-8', LANG: 'en_US.UTF-8' });
    expect(hint(en.stdout)).toBe('aabc');
    expect(da.stdout).toBe(en.stdout);
    // A run cached under Danish, replayed under English, is the English run.
    spawnCli(['check'], dir, { LC_ALL: 'da_DK.UTF-8', LANG: 'da_DK.UTF-8' });
    expect(spawnCli(['check'], dir, { LC_ALL: 'en_US.UTF-8', LANG: 'en_US.UTF-8' }).stdout).toBe(en.stdout);
  });
});
