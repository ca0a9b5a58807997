// The configuration read by the fast YAML path equals the one the `yaml` Document gives, and a configuration with
// anything wrong is reported as the `yaml` path reports it (located), whichever path was tried first.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configOfText, ConfigError } from '../src/config/config.js';
import { fastParseYaml } from '../src/load/fast-yaml.js';
import { makeProject } from './helpers/project.js';
import { ROOT } from './helpers/run.js';

/** Configurations that use every setting, in the styles people write (comments, flow and block lists, quotes). */
const VALID: Record<string, string> = {
  bundled: readFileSync(path.join(ROOT, 'claims.config.yaml'), 'utf8'),
  minimal: 'corpus: claims\n',
  'corpus list': '# two folders\ncorpus:\n  - claims\n  - more/claims # the second\n',
  everything: [
    'corpus: [claims, "extra"]',
    'ignore:',
    '  - claims/drafts/',
    "  - '**/*.example.yaml'",
    'corroboration:',
    '  threshold: 3',
    '  count_unverified: true',
    '  fold_aligned: false',
    'parties:',
    '  - taliban',
    '  - id: turkey',
    '    name: Turkey',
    '    aligned_with: [syrian-national-army]',
    '  - id: syrian-national-army',
    '    aligned_with:',
    '      - turkey',
    '',
    'documents:',
    '  exclude: [private/, "*.key"]',
    'publish:',
    '  organization:',
    '    name: Example Newsroom Fact Check',
    '    url: https://factcheck.example.org',
    '  base_url: https://factcheck.example.org/claims/',
    '  date_published: 2021-07-20',
    'limits:',
    '  maxFileBytes: 2048',
    '  maxFindingsPerFile: 7',
    '',
  ].join('\n'),
  'block scalar name': 'parties:\n  - id: a-party\n    name: >-\n      A party with\n      a long name\n',
};

/** Valid configurations the fast path declines (flow maps, anchors, tabs): the `yaml` path reads them. */
const DECLINED: Record<string, string> = {
  'publish in flow style': 'publish: {organization: {name: Newsroom, url: "https://n.example"}, base_url: https://n.example/c/}\n',
  anchors: 'corpus: &c claims\nignore: [*c]\n',
  tabs: 'corroboration:\n  threshold:\t3\n',
};

/** Configurations with something wrong: the error must be the `yaml` path's, located. */
const INVALID: Record<string, string> = {
  'unknown key': 'corroboration:\n  treshold: 2\n',
  'wrong type': 'corroboration:\n  threshold: two\n',
  'duplicate key': 'corpus: claims\ncorpus: other\n',
  'outside the project': 'corpus: ../elsewhere\n',
  'absolute corpus': 'corpus:\n  - claims\n  - /etc\n',
  'bad party': 'parties:\n  - Not A Slug\n',
  'not a map': '- claims\n',
  'syntax error': 'corpus: [claims\n',
};

function outcome(dir: string, text: string, fast: boolean): unknown {
  try {
    return configOfText(path.join(dir, 'claims.config.yaml'), 'claims.config.yaml', text, fast);
  } catch (err) {
    if (err instanceof ConfigError) return { error: err.message };
    throw err;
  }
}

describe('the configuration through the fast YAML path', () => {
  const dir = makeProject({ 'claims/.keep': '', 'extra/.keep': '', 'more/claims/.keep': '' });

  it.each(Object.entries(VALID))('%s: the fast path reads it, and gives what the yaml Document gives', (_name, text) => {
    expect(fastParseYaml(text)).toBeDefined();
    const fast = outcome(dir, text, true);
    expect(fast).not.toHaveProperty('error');
    expect(fast).toEqual(outcome(dir, text, false));
  });

  it.each(Object.entries(DECLINED))('%s: declined by the fast path, read by the yaml path', (_name, text) => {
    expect(fastParseYaml(text)).toBeUndefined();
    expect(outcome(dir, text, true)).not.toHaveProperty('error');
    expect(outcome(dir, text, true)).toEqual(outcome(dir, text, false));
  });

  it('the located values come from the fast path\'s positions: publish and aligned_with point where they are written', () => {
    const config = configOfText(path.join(dir, 'claims.config.yaml'), 'claims.config.yaml', VALID['everything']!);
    // publish's value (its map) starts at its first key, on the line after `publish:`.
    expect(config.publish).toMatchObject({ line: 21, column: 3 });
    expect(config.alignment?.map((a) => a.locs.map((l) => [l.line, l.column]))).toEqual([[[13, 20]], [[16, 9]]]);
  });

  it.each(Object.entries(INVALID))('%s: the same located configuration error either way', (_name, text) => {
    const fast = outcome(dir, text, true);
    expect(fast).toHaveProperty('error');
    expect((fast as { error: string }).error).toMatch(/^claims\.config\.yaml:\d+:\d+: /);
    expect(fast).toEqual(outcome(dir, text, false));
  });
});
