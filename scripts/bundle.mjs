#!/usr/bin/env node
// Build step (after tsc and the validators): the CLI bundled with esbuild into dist/bundle/, so that start-up
// reads and compiles one file instead of resolving and loading some two hundred modules of dist/ and node_modules.
//
// Input is tsc's output in dist/, so the bundle runs exactly the code tsc compiled, and `npm run build` always
// rebuilds it from the current sources. Output, side by side in dist/bundle/ (every file at the same depth):
// - claims.cjs: what bin/claims.js runs (it exports run and nodeIO), with every command, stage, formatter and
//   dependency in it; the lazily imported ones stay lazy (their code runs only when first imported);
// - one self-contained file per worker thread: every `new URL('./x.js', import.meta.url)` in dist/ that names
//   a module is a worker's entry, bundled as x.cjs, and the reference is rewritten to point at it.
// One file rather than code-split chunks: on the seeds corpus, loading the forty chunks a check needs cost more
// than compiling the whole file does (V8 compiles a function only when it first runs). CommonJS, so that the file
// is a plain script that bin/claims.js requires. A V8 code cache recorded from checks of the seeds was tried and
// dropped: the JSON report of a large broken corpus then peaked at 1,022 MiB against 695 MiB without it.
// Each module's uses of import.meta.url are rewritten to the URL that module has in dist/, so the paths made
// from it (schemas/, dist/validators/, package.json, the code fingerprint of the cache) stay the same.
// The dependencies are bundled in; Ajv is not, as the CLI loads it only when a schema must be compiled at run
// time (through createRequire, which esbuild leaves alone), and the precompiled validators in dist/validators/
// are loaded the same way (scripts/build-validators.mjs makes each one self-contained).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
export const BUNDLE_DIR = path.join(DIST, 'bundle');
/** The name that stands for import.meta.url in the bundle: the URL of the bundle file itself. */
const FILE_URL = '__bundleFileUrl';

const posix = (p) => p.split(path.sep).join('/');
const relUrl = (from, to) => {
  const r = posix(path.relative(from, to));
  return r.startsWith('.') ? r : `./${r}`;
};

/** Every .js file tsc wrote (the bundle's own folder and the validators left out). */
function distModules(dir = DIST, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (abs !== BUNDLE_DIR && abs !== path.join(DIST, 'validators')) distModules(abs, out);
    } else if (e.name.endsWith('.js')) out.push(abs);
  }
  return out;
}

// new URL('<relative>', import.meta.url), with the relative spec captured.
const URL_REF = /new URL\(\s*(['"])(\.{1,2}\/[^'"]*)\1\s*,\s*import\.meta\.url\s*\)/g;

/** The worker entries: modules of dist/ that another module names with new URL(..., import.meta.url). */
function workerEntries(modules) {
  const entries = new Map();
  for (const file of modules) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(URL_REF)) {
      const target = path.resolve(path.dirname(file), m[2]);
      if (!target.endsWith('.js') || !modules.includes(target)) continue;
      const name = path.basename(target, '.js');
      const other = entries.get(name);
      if (other !== undefined && other !== target) throw new Error(`two worker entries would both be bundled as ${name}.cjs: ${other} and ${target}`);
      entries.set(name, target);
    }
  }
  return entries;
}

/**
 * Dependencies whose module top level is costly and which a run seldom calls, each imported for its default export,
 * a function: string-width builds an Intl.Segmenter and compiles Unicode-property regular expressions (\p{RGI_Emoji})
 * as it loads, 40 to 60 ms of a check of the seeds, while the text report measures printable ASCII without it
 * (src/util/width.ts). In the bundle, an import of one of them from dist/ gets a stand-in function that loads the
 * module on its first call (esbuild keeps a required ES module's top level in a function run on the first require).
 */
const LAZY_DEFAULTS = ['string-width'];
const LAZY_NS = 'lazy-default';

function lazyDefaultsPlugin() {
  const escape = (n) => n.replace(/[.*+?^$()|[\]\\{}/-]/g, '\\$&');
  const names = new RegExp(`^(?:${LAZY_DEFAULTS.map(escape).join('|')})$`);
  return {
    name: 'lazy-defaults',
    setup(b) {
      b.onResolve({ filter: names }, (args) => {
        // The stand-in's own require, and any require, get the module itself.
        if (args.namespace === LAZY_NS || args.kind !== 'import-statement' || !args.importer.startsWith(DIST + path.sep)) return undefined;
        return { path: args.path, namespace: LAZY_NS, pluginData: { resolveDir: args.resolveDir } };
      });
      b.onLoad({ filter: /.*/, namespace: LAZY_NS }, (args) => ({
        contents: `let loaded;\nexport default function lazy(...args) {\n  loaded ??= require(${JSON.stringify(args.path)}).default;\n  return loaded(...args);\n}\n`,
        resolveDir: args.pluginData.resolveDir,
        loader: 'js',
      }));
    },
  };
}

/**
 * Rewrites of dependencies' code that loads, at start-up, modules a check never uses. Each is checked: the build
 * fails if the dependency's code no longer has what is rewritten, rather than bundling a changed dependency unseen.
 */
const PATCHES = [
  {
    // fdir (tinyglobby's folder walker) looks for picomatch with a require of its own (createRequire, which
    // esbuild leaves alone), which resolved and loaded a second, unbundled copy from node_modules on every run.
    // As an ordinary require, it is bundled: fdir gets the copy tinyglobby loads.
    file: /[\\/]node_modules[\\/]fdir[\\/]dist[\\/]index\.mjs$/,
    find: /__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);/,
    replace: 'pm = require("picomatch");',
  },
  {
    // commander spawns a process only to run a subcommand kept in an executable of its own, which claims has
    // none; its child_process, loaded at start-up, also loaded the network and datagram modules. Loaded on use.
    file: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/,
    find: /^const childProcess = require\('node:child_process'\);$/m,
    replace: "const childProcess = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
  },
];

function patchesPlugin() {
  return {
    name: 'patches',
    setup(b) {
      for (const { file, find, replace } of PATCHES) {
        b.onLoad({ filter: file }, (args) => {
          const text = readFileSync(args.path, 'utf8');
          if (!find.test(text)) throw new Error(`${args.path} no longer has what scripts/bundle.mjs rewrites (${find}); look at its code again`);
          return { contents: text.replace(find, replace), loader: 'js' };
        });
      }
    },
  };
}

/** Rewrites each module's import.meta.url, as described above. */
function metaUrlPlugin(workers) {
  const bundled = new Map([...workers].map(([name, file]) => [file, `./${name}.cjs`]));
  return {
    name: 'import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith(DIST + path.sep)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
        const own = `new URL(${JSON.stringify(relUrl(BUNDLE_DIR, args.path))}, ${FILE_URL}).href`;
        // A worker's URL is relative to the bundle file itself.
        const contents = text
          .replace(URL_REF, (whole, _q, spec) => {
            const entry = bundled.get(path.resolve(path.dirname(args.path), spec));
            return entry === undefined ? whole : `new URL(${JSON.stringify(entry)}, ${FILE_URL})`;
          })
          .replaceAll('import.meta.url', own);
        return { contents, loader: 'js' };
      });
    },
  };
}

export async function bundle() {
  const main = path.join(DIST, 'cli', 'run.js');
  if (!existsSync(main)) throw new Error('dist/ is not built: run tsc first (npm run build)');
  const modules = distModules();
  const workers = workerEntries(modules);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [{ in: 'claims-entry', out: 'claims' }, ...[...workers].map(([name, file]) => ({ in: file, out: name }))],
    plugins: [
      {
        name: 'entry',
        setup(b) {
          b.onResolve({ filter: /^claims-entry$/ }, () => ({ path: path.join(DIST, 'claims-entry.js'), namespace: 'claims-entry' }));
          b.onLoad({ filter: /.*/, namespace: 'claims-entry' }, () => ({
            contents: "export { run } from './cli/run.js';\nexport { nodeIO } from './cli/io.js';\n",
            resolveDir: DIST,
            loader: 'js',
          }));
        },
      },
      lazyDefaultsPlugin(),
      patchesPlugin(),
      metaUrlPlugin(workers),
    ],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Built-in modules are required, not imported: the file stays a plain script.
    supported: { 'dynamic-import': false },
    // The dependencies' own import.meta.url (fdir's createRequire) is the bundle file's.
    define: { 'import.meta.url': FILE_URL },
    banner: { js: `const ${FILE_URL} = require('node:url').pathToFileURL(__filename).href;` },
    outdir: BUNDLE_DIR,
    entryNames: '[name]',
    outExtension: { '.js': '.cjs' },
    legalComments: 'linked',
    logLevel: 'warning',
    metafile: true,
    write: false,
  });
  // Other processes may be running the CLI meanwhile (tests, a watch): each file is replaced whole, never seen
  // half-written or missing.
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const outputs = result.outputFiles.map((o) => ({ path: o.path, contents: o.path.endsWith('.cjs') ? asciiOnly(o.path, o.text) : o.contents }));
  for (const out of outputs) writeAtomic(out.path, out.contents);
  // The hash of the code that runs (the bundle's files and the validators), read by the cache's code fingerprint
  // (src/cache/cache.ts) instead of hashing megabytes of code on every run.
  writeAtomic(path.join(BUNDLE_DIR, CODE_ID), codeId(outputs));
  const keep = new Set([...outputs.map((o) => path.basename(o.path)), CODE_ID]);
  for (const name of readdirSync(BUNDLE_DIR)) if (!keep.has(name)) rmSync(path.join(BUNDLE_DIR, name), { recursive: true, force: true });
  return { result, workers };
}

/**
 * The bundle's text with every character outside ASCII written as a \uXXXX escape. esbuild escapes them in strings
 * but leaves them in comments and regular expressions, and one such character made the whole file a two-byte
 * string for V8: twice the memory, and a slower read and scan at every start. An escape means the same character
 * in a regular expression (with or without the u flag) and nothing in a comment; the cases where it would not
 * (after a backslash, or a line or paragraph separator, which ends a comment) stop the build instead.
 */
function asciiOnly(file, text) {
  const odd = /\\[\u0080-\uffff]|[\u2028\u2029]/.exec(text);
  if (odd) throw new Error(`${file}: cannot escape the character at offset ${odd.index} (${JSON.stringify(odd[0])}); see asciiOnly in scripts/bundle.mjs`);
  return Buffer.from(text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** The name of the code hash beside the bundle (src/cache/cache.ts reads it). */
const CODE_ID = 'code-id';

/** SHA-256 over each bundle file and each validator, name and bytes, in name order. */
function codeId(outputs) {
  const hash = createHash('sha256');
  const files = [...outputs.map((o) => [posix(path.relative(DIST, o.path)), o.contents])];
  const validators = path.join(DIST, 'validators');
  for (const name of existsSync(validators) ? readdirSync(validators) : []) files.push([`validators/${name}`, readFileSync(path.join(validators, name))]);
  files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [name, bytes] of files) hash.update(`${name}\0`).update(bytes);
  return `${hash.digest('hex')}\n`;
}

function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { result, workers } = await bundle();
  const outputs = result.outputFiles.filter((f) => f.path.endsWith('.cjs'));
  console.log(`bundled the CLI and ${workers.size} worker entr${workers.size === 1 ? 'y' : 'ies'} (${[...workers.keys()].join(', ')}) into ${outputs.length} files in ${posix(path.relative(ROOT, BUNDLE_DIR))}`);
}
