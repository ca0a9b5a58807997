// The project's lint: typescript-eslint's recommended rules (without type information, which costs too
// much time on a small machine) and the stage direction of src/: no stage imports a later one.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The stages of src/, earliest first. A stage may import the ones its entry allows, never the others;
// type-only imports count too.
const stages = [
  { target: 'src/util', may: [] },
  { target: 'src/version.ts', may: [] },
  { target: 'src/types', may: [] },
  { target: 'src/report', may: ['src/util', 'src/version.ts'] },
  { target: 'src/config', may: ['src/util', 'src/version.ts', 'src/report'] },
  { target: 'src/load', may: ['src/util', 'src/version.ts', 'src/report', 'src/config'] },
  { target: 'src/validate', may: ['src/util', 'src/version.ts', 'src/report', 'src/config', 'src/load'] },
  {
    target: 'src/analyse',
    may: ['src/util', 'src/version.ts', 'src/report', 'src/config', 'src/load', 'src/validate'],
  },
  {
    target: ['src/cache', 'src/parallel'],
    may: [
      'src/util', 'src/version.ts', 'src/report', 'src/config', 'src/load', 'src/validate', 'src/analyse',
      'src/cache', 'src/parallel',
    ],
  },
  {
    target: ['src/ledger', 'src/check.ts'],
    may: [
      'src/util', 'src/version.ts', 'src/report', 'src/config', 'src/load', 'src/validate', 'src/analyse',
      'src/cache', 'src/parallel', 'src/ledger', 'src/check.ts',
    ],
  },
  { target: 'src/format', may: ['src/util', 'src/version.ts', 'src/report', 'src/config', 'src/format'] },
  { target: 'src/edit', may: ['src/util', 'src/version.ts', 'src/report', 'src/config', 'src/load', 'src/edit'] },
  {
    target: 'src/diff',
    may: [
      'src/util', 'src/version.ts', 'src/report', 'src/config', 'src/load', 'src/validate', 'src/analyse',
      'src/cache', 'src/parallel', 'src/ledger', 'src/check.ts', 'src/format', 'src/edit', 'src/diff',
    ],
  },
];

// Everything under src/ that a stage may import from; src/cli is the top and imports anything.
const allStages = [
  'src/util', 'src/version.ts', 'src/types', 'src/report', 'src/config', 'src/load', 'src/validate',
  'src/analyse', 'src/cache', 'src/parallel', 'src/ledger', 'src/check.ts', 'src/format', 'src/edit',
  'src/diff', 'src/cli',
];

/** One zone per stage: its files may not import any part of src/ outside its own list (and itself). */
const zones = stages.map(({ target, may }) => {
  const own = [target].flat();
  const allowed = new Set([...own, ...may]);
  return {
    target: own.map((path) => `./${path}`),
    from: allStages.filter((path) => !allowed.has(path)).map((path) => `./${path}`),
    message: `Stage direction: ${own.join(' and ')} may import only ${
      may.length === 0 ? 'nothing else from src/' : may.join(', ')
    } (see ARCHITECTURE.md).`,
  };
});

// The runtime's own globals (process, Buffer, URL, timers...) for the plain JavaScript files; TypeScript
// files are checked against @types/node by tsc instead.
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));

export default defineConfig([
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'bench/corpus/**',
      'coverage/**',
      'test/golden/**',
      'test/hostile/fixtures/**',
      'test/reference/**',
      'seeds/**',
      'claims/**',
    ],
  },
  {
    files: ['**/*.{ts,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // An unused binding is dead code, with no `_` escape: a parameter before a used one may go unused
      // (callbacks are called positionally), a caught error that is not used is not bound (`catch {`).
      '@typescript-eslint/no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'all', ignoreRestSiblings: false }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Imports name the compiled `.js` file; the resolver finds the `.ts` source beside it, so every
      // relative import resolves and none escapes the zones unseen.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js', '.json', '.node'],
          extensionAlias: { '.js': ['.ts', '.js'] },
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones, basePath: import.meta.dirname }],
      'import-x/no-unresolved': ['error', { ignore: ['^node:'] }],
    },
  },
]);
