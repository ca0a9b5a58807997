// The project's lint: typescript-eslint's recommended rules (without type information, which costs too
// much time on a small machine) and the stage direction of src/: no stage imports a later one.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

// The stages of src/, earliest first: each may import itself and the parts of src/ its entry names, nothing
// else from src/ (a folder added to src/ is closed to every stage until it is placed here). Type-only imports,
// re-exports and lazy import() count too. src/cli is the top: it may import anything. `target` names the files of
// a stage (a folder, a file or a glob), `own` the part of src/ that is the stage itself (default: `target`).
const util = ['util', 'version.ts'];
const kernel = [...util, 'report'];
const stages = [
  { target: ['util'], may: [] },
  { target: ['version.ts'], may: [] },
  { target: ['types'], may: [] },
  { target: ['report'], may: util },
  // The configuration's shape and pure rules; its loader, config.ts, reads YAML and checks a schema, so it
  // comes after validate (and only stages after validate may import it: see `loaderLater`).
  { target: ['config/!(config).ts'], own: ['config'], may: kernel },
  { target: ['load'], may: [...kernel, 'config'] },
  { target: ['validate'], may: [...kernel, 'config', 'load'] },
  { target: ['config/config.ts'], own: ['config'], may: [...kernel, 'load', 'validate'] },
  { target: ['analyse'], may: [...kernel, 'config', 'load', 'validate'] },
  { target: ['cache', 'parallel'], may: [...kernel, 'config', 'load', 'validate', 'analyse'] },
  { target: ['ledger', 'check.ts'], may: [...kernel, 'config', 'load', 'validate', 'analyse', 'cache', 'parallel'] },
  { target: ['format'], may: [...kernel, 'config'] },
  { target: ['edit'], may: [...kernel, 'config', 'load'] },
  {
    target: ['diff'],
    may: [...kernel, 'config', 'load', 'validate', 'analyse', 'cache', 'parallel', 'ledger', 'check.ts', 'format', 'edit'],
  },
];

/** One zone per stage: its files may import from src/ only itself and what its entry allows. */
const stageZones = stages.map(({ target, own = target, may }) => ({
  target: target.map((part) => `./src/${part}`),
  from: './src',
  except: [...own, ...may].map((part) => `./${part}`),
  message: `Stage direction: src/${target.join(' and src/')} may import ${
    may.length === 0 ? 'nothing else from src/' : `only ${may.map((part) => `src/${part}`).join(', ')}`
  } (see ARCHITECTURE.md).`,
}));

/** The configuration loader is later than the stages that may import the rest of src/config. */
const loaderLater = {
  target: ['./src/config/!(config).ts', './src/load', './src/validate'],
  from: './src/config/config.ts',
  message: 'Stage direction: the configuration loader (src/config/config.ts) comes after validate; import the configuration\'s shape from src/config/settings.ts (see ARCHITECTURE.md).',
};

const zones = [...stageZones, loaderLater];

// import-x/no-restricted-paths looks at import and export declarations and import() calls, not at a type written
// as `import('../x.js').T`; this rule gives those to it too, with the same zones, so no import escapes the stages.
const restrictedPaths = importX.rules['no-restricted-paths'];
const stagePlugin = {
  rules: {
    'import-types': {
      meta: { ...restrictedPaths.meta, docs: { description: 'Stage direction for inline import types.' } },
      create(context) {
        const visitors = restrictedPaths.create(context);
        return { TSImportType: (node) => visitors.ImportDeclaration(node) };
      },
    },
  },
};

// What Node.js provides beyond the language's own globals, for the plain JavaScript files (bin/, scripts/, bench/);
// TypeScript files are checked against @types/node by tsc instead.
const nodeGlobals = Object.fromEntries(
  [
    'AbortController', 'AbortSignal', 'Blob', 'Buffer', 'BroadcastChannel', 'MessageChannel', 'TextDecoder',
    'TextEncoder', 'URL', 'URLSearchParams', 'WebAssembly', 'clearImmediate', 'clearInterval', 'clearTimeout',
    'console', 'crypto', 'global', 'performance', 'process', 'queueMicrotask', 'setImmediate',
    'setInterval', 'setTimeout', 'structuredClone',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig([
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'bench/corpus/**',
      'bench/.tmp/**',
      '.claims-cache/**',
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
    plugins: { 'import-x': importX, stage: stagePlugin },
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
      'import-x/no-restricted-paths': ['error', { zones, basePath: root }],
      'stage/import-types': ['error', { zones, basePath: root }],
      'import-x/no-unresolved': ['error', { ignore: ['^node:'] }],
    },
  },
]);
