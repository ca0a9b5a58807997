// The project's lint (eslint.config.js) holds over every source file, and its stage rule really bites.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

/** One line per problem, `file:line:col rule message`, so that a failure names every place to fix. */
function problems(results: ESLint.LintResult[]): string[] {
  return results.flatMap((r) =>
    r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? '(parse)'} ${m.message}`),
  );
}

/** The lint problems of a source text as if it were the file at `filePath` (which need not exist). */
async function lintAs(filePath: string, code: string): Promise<Array<{ ruleId: string | null; line: number; message: string }>> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).map(({ ruleId, line, message }) => ({ ruleId, line, message }));
}

const STAGE_RULE = 'import-x/no-restricted-paths';

describe('lint', () => {
  it('finds no problem in src/, test/, bin/, scripts/, bench/ and the configs', { timeout: 300_000 }, async () => {
    const results = await eslint.lintFiles(['.']);
    const linted = results.map((r) => path.relative(root, r.filePath).split(path.sep).join('/'));
    // The run covers every part of the project that holds code, and none that is generated or data.
    for (const file of ['src/check.ts', 'src/cli/run.ts', 'test/lint.test.ts', 'bin/claims.js', 'scripts/build-validators.mjs', 'bench/run.mjs', 'vitest.config.ts', 'eslint.config.js']) {
      expect(linted).toContain(file);
    }
    expect(linted.filter((f) => f.startsWith('dist/') || f.startsWith('node_modules/') || f.startsWith('test/golden/'))).toEqual([]);
    expect(problems(results).join('\n')).toBe('');
  });

  it('refuses an import of a later stage: load importing a formatter', async () => {
    const found = await lintAs('src/load/x.ts', "import { voiceCounts } from '../format/text.js';\nexport const f = voiceCounts;\n");
    expect(found).toEqual([expect.objectContaining({ ruleId: STAGE_RULE, line: 1 })]);
    expect(found[0]!.message).toContain('src/load may import only src/util, src/version.ts, src/report, src/config');
  });

  it('counts type-only imports, re-exports, lazy imports and inline import types too', async () => {
    const found = await lintAs(
      'src/report/x.ts',
      [
        "import { buildCorpus } from '../validate/refs.js';",
        "export type { FormatOptions } from '../format/types.js';",
        "export const later = () => import('../analyse/verdict.js');",
        "export type P = import('../analyse/verdict.js').Policy;",
        'export const c = buildCorpus;',
        '',
      ].join('\n'),
    );
    expect(found.map((m) => [m.ruleId, m.line])).toEqual([[STAGE_RULE, 1], [STAGE_RULE, 2], [STAGE_RULE, 3], ['stage/import-types', 4]]);
    expect(await lintAs('src/report/x.ts', "export type T = typeof import('../util/text.js');\n")).toEqual([]);
  });

  it.each([
    ['src/util/x.ts', '../report/types.js'],
    ['src/validate/x.ts', '../check.js'],
    ['src/format/x.ts', '../analyse/verdict.js'],
    ['src/cache/x.ts', '../format/index.js'],
    ['src/edit/x.ts', '../validate/refs.js'],
    ['src/config/x.ts', '../load/yaml.js'],
    ['src/validate/x.ts', '../config/config.js'],
  ])('refuses %s importing %s', async (file, target) => {
    const found = await lintAs(file, `import type * as later from '${target}';\nexport type T = typeof later;\n`);
    expect(found.map((m) => m.ruleId)).toEqual([STAGE_RULE]);
  });

  it('places the configuration loader after validate, and its shape before load', async () => {
    const code = (target: string) => `import type * as m from '${target}';\nexport type T = typeof m;\n`;
    expect(await lintAs('src/config/config.ts', code('../validate/schemas.js'))).toEqual([]);
    expect(await lintAs('src/validate/x.ts', code('../config/settings.js'))).toEqual([]);
    expect(await lintAs('src/cache/x.ts', code('../config/config.js'))).toEqual([]);
    expect((await lintAs('src/config/config.ts', code('../analyse/verdict.js'))).map((m) => m.ruleId)).toEqual([STAGE_RULE]);
  });

  it('lets a stage import the earlier ones, and the CLI import anything', async () => {
    expect(await lintAs('src/load/x.ts', "import { plural } from '../util/text.js';\nimport type { Finding } from '../report/types.js';\nexport const f = (x: Finding) => plural(1, x.ruleId);\n")).toEqual([]);
    expect(await lintAs('src/cli/x.ts', "import { runCheck } from '../check.js';\nimport { FORMATS } from '../format/index.js';\nexport const f = [runCheck, FORMATS];\n")).toEqual([]);
  });

  it('refuses an import it cannot resolve, which the stage rule could not see', async () => {
    const found = await lintAs('src/load/x.ts', "import { nothing } from '../format/no-such-file.js';\nexport const f = nothing;\n");
    expect(found).toEqual([expect.objectContaining({ ruleId: 'import-x/no-unresolved', line: 1 })]);
  });
});
