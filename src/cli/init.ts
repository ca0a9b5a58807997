import { promises as fsp, type Stats } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from '../config/config.js';
import { writeFileAtomic, relPosix, isInside, WriteRefused } from '../util/fs.js';
import { hasControl } from '../util/text.js';
import { SCHEMA_DIR } from '../validate/schemas.js';
import { VERSION } from '../version.js';
import type { IO } from './io.js';
import { UsageError } from './errors.js';
import { addDevDependency } from '../edit/package-json.js';

/** Where the schemas sit once claims is installed in the ledger's own node_modules (npm install, from package.json). */
const INSTALLED_SCHEMAS = 'node_modules/claims/schemas';

function modeline(fromDir: string, kind: string): string {
  const rel = path.posix.relative(fromDir, `${INSTALLED_SCHEMAS}/${kind}.schema.json`);
  return `# yaml-language-server: $schema=${rel.startsWith('.') ? rel : `./${rel}`}`;
}

/**
 * The GitHub Actions workflow. It installs exactly what package.json and package-lock.json pin (`npm ci`), runs the
 * installed binary only (`npx --no` never downloads a package of that name), and reads no cache: a pull request
 * could commit one.
 */
const WORKFLOW = `# Checks the claims ledger on every push and pull request. Findings appear as annotations on the
# pull request and as a summary on the run page; the SARIF upload shows them in code scanning.
# On a pull request, a comment says what it changes in the verdicts (claims diff).
name: claims
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
  security-events: write # to upload SARIF to code scanning
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v7
        with:
          persist-credentials: false
      - uses: actions/setup-node@v7
        with:
          node-version: 24
      # Installs the claims pinned in package.json and package-lock.json (run "npm install" once and commit both).
      - run: npm ci
      # --no: run the installed claims, never download one. --no-cache: a pull request could commit a cache.
      # Annotations on stdout; the nth --output goes with the nth --format, so SARIF goes to claims.sarif.
      - run: npx --no claims check --no-cache --format github --format sarif --output - --output claims.sarif
      - uses: github/codeql-action/upload-sarif@v4
        if: \${{ !cancelled() }}
        with:
          sarif_file: claims.sarif
          category: claims
  diff:
    # On a pull request: what it does to the verdicts, as a comment on it (updated on each push).
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write # to post the comment
    steps:
      - uses: actions/checkout@v7
        with:
          persist-credentials: false
          fetch-depth: 0 # the base branch too: the diff reads it from git
      - uses: actions/setup-node@v7
        with:
          node-version: 24
      - run: npm ci
      # The base branch's name reaches the command through the environment, never the script's text.
      - run: npx --no claims diff "origin/$BASE" --no-cache --format markdown --output claims-diff.md
        env:
          BASE: \${{ github.base_ref }}
      - run: cat claims-diff.md >> "$GITHUB_STEP_SUMMARY"
      # A pull request from a fork has a read-only token: its diff is on the run page only.
      - if: github.event.pull_request.head.repo.full_name == github.repository
        run: gh pr comment "$PR" --repo "$GITHUB_REPOSITORY" --edit-last --create-if-none --body-file claims-diff.md
        env:
          GH_TOKEN: \${{ github.token }}
          PR: \${{ github.event.pull_request.number }}
`;

/** The files of a new ledger, by path relative to its folder. Each passes `claims check` as written. */
export function scaffold(): Array<[string, string]> {
  return [
    [
      CONFIG_FILE,
      `${modeline('.', 'config')}
# Configuration of this claims ledger. Paths are relative to this folder.
corpus: claims
corroboration:
  # How many independent supporting voices make a claim corroborated.
  threshold: 2
# List the parties your sources speak for, so that a misspelt party is an error
# instead of a separate voice:
# parties:
#   - taliban
#   - afghan-government
`,
    ],
    [
      'claims/sources.yaml',
      `${modeline('claims', 'sources')}
# Who speaks. Sources of one party count as one voice; a source without a party is its own voice.
sources: []
# Replace [] above with entries like:
# sources:
#   - id: zabihullah-mujahid
#     name: Zabihullah Mujahid
#     role: Taliban spokesman
#     kind: person
#     party: taliban
`,
    ],
    [
      'claims/documents.yaml',
      `${modeline('claims', 'documents')}
# Where assertions were published: a local text file (path, relative to the project folder) and/or a URL.
documents: []
# Replace [] above with entries like:
# documents:
#   - id: afp-spin-boldak-fr
#     path: seeds/afp-spin-boldak-fr.txt
#     publisher: AFP
#     language: fr
#     published: 2021-07-14
`,
    ],
    [
      'claims/example.yaml',
      `${modeline('claims', 'claims')}
# One checkable proposition per claim. Each assertion is a source taking a stance
# (asserts, corroborates, denies or disputes), proved by a verbatim quote.
claims:
  - id: example-border-crossing-seized
    statement: The Taliban seized the Spin Boldak border crossing with Pakistan on 2021-07-14.
    event:
      date: 2021-07-14
      places: [Spin Boldak]
    assertions: []
    # Once the source and the document are recorded, replace [] above with:
    # assertions:
    #   - source: zabihullah-mujahid
    #     stance: asserts
    #     date: 2021-07-14
    #     channel: statement
    #     quotes:
    #       - document: afp-spin-boldak-fr
    #         lang: fr
    #         text: "ont affirmé mercredi s'être emparés d'un poste-frontière clé"
    #         translation: claimed on Wednesday to have seized a key border post
`,
    ],
    ['.github/workflows/claims.yml', WORKFLOW],
  ];
}

/** Where package.json goes; it is added to, not overwritten, when it exists. */
const PACKAGE_JSON = 'package.json';

/**
 * Why writing `rel` under `root` is refused, or undefined: a symbolic link (dangling or not) at the path or at any
 * folder between it and `root`, a folder in the way of a file, or something other than a folder on the way.
 * Nothing under `root` is ever written through a link, with or without --force.
 */
async function refusal(root: string, rel: string): Promise<string | undefined> {
  const parts = rel.split('/');
  let at = root;
  for (let i = 0; i < parts.length; i++) {
    at = path.join(at, parts[i]!);
    const shown = parts.slice(0, i + 1).join('/');
    const st: Stats | undefined = await fsp.lstat(at).catch(() => undefined);
    if (st === undefined) return undefined;
    if (st.isSymbolicLink()) return `${shown} is a symbolic link`;
    const last = i === parts.length - 1;
    if (!last && !st.isDirectory()) return `${shown} is not a folder`;
    if (last && !st.isFile()) return `${shown} is ${st.isDirectory() ? 'a folder' : 'not a regular file'}`;
  }
  return undefined;
}

/** Make the folders of `rel` under `root` one at a time, refusing any that turns out to be a link. */
async function makeFolders(root: string, rel: string): Promise<void> {
  const parts = rel.split('/').slice(0, -1);
  let at = root;
  for (const part of parts) {
    at = path.join(at, part);
    await fsp.mkdir(at).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    const st = await fsp.lstat(at);
    if (st.isSymbolicLink() || !st.isDirectory()) throw new UsageError(`${relPosix(root, at)} became a symbolic link or a file while claims init was writing; stopped.`);
  }
}

/**
 * `claims init [dir]`: scaffold a ledger, with claims pinned as a devDependency in package.json for the workflow's
 * `npm ci`. Refuses, writing nothing, to overwrite any existing file unless --force, and always refuses a path
 * that is or goes through a symbolic link.
 */
export async function initCommand(dir: string | undefined, opts: Record<string, unknown>, io: IO): Promise<number> {
  const root = path.resolve(io.cwd, dir ?? '.');
  const st = await fsp.stat(root).catch(() => undefined);
  if (st && !st.isDirectory()) throw new UsageError(`${dir} exists and is not a folder.`);
  const force = Boolean(opts['force']);
  const given = opts['packageSpec'] as string | undefined;
  if (given !== undefined && (given.trim() === '' || hasControl(given))) throw new UsageError('--package-spec needs a package spec such as 0.1.0, github:owner/claims#v0.1.0 or file:vendor/claims-0.1.0.tgz.');
  const spec = given ?? VERSION;
  const files = scaffold();
  const show = (rel: string) => relPosix(io.cwd, path.join(root, rel));

  const refused: string[] = [];
  for (const rel of [...files.map(([f]) => f), PACKAGE_JSON]) {
    const why = await refusal(root, rel);
    if (why !== undefined) refused.push(`${show('.') === '.' ? '' : `${show('.')}/`}${why}`);
  }
  if (refused.length > 0) {
    const links = refused.some((r) => r.endsWith('symbolic link'));
    const advice = links ? 'Remove the link (a link in a repository could send the files anywhere); --force does not follow links either.' : 'Move it away and run claims init again.';
    throw new UsageError(`not writing: ${refused.join(', ')}; nothing was written. ${advice}`);
  }
  const exists = async (rel: string) => (await fsp.lstat(path.join(root, rel)).catch(() => undefined)) !== undefined;
  const existing: string[] = [];
  for (const [rel] of files) if (await exists(rel)) existing.push(show(rel));
  const pkgBefore = (await exists(PACKAGE_JSON)) ? await fsp.readFile(path.join(root, PACKAGE_JSON), 'utf8') : undefined;
  const pkg = addDevDependency(pkgBefore, { spec, explicit: given !== undefined, force });
  if ('error' in pkg) throw new UsageError(`${show(PACKAGE_JSON)}: ${pkg.error} Nothing was written.`);
  if (existing.length > 0 && !force) {
    throw new UsageError(`not overwriting ${existing.join(', ')}: nothing was written. Use --force to overwrite.`);
  }

  // The folder named on the command line is the user's to choose; only what is made inside it is checked.
  await fsp.mkdir(root, { recursive: true });
  // A link that appears while writing (the checks above found none) stops the command: never written through.
  const write = async (rel: string, text: string) => {
    await makeFolders(root, rel);
    try {
      await writeFileAtomic(path.join(root, rel), text, { root });
    } catch (err) {
      if (err instanceof WriteRefused) throw new UsageError(`${err.message} Stopped.`);
      throw err;
    }
  };
  for (const [rel, text] of files) {
    await write(rel, text);
    io.stdout(`${existing.includes(show(rel)) ? 'overwrote' : 'created'} ${show(rel)}\n`);
  }
  if (pkg.text !== pkgBefore) await write(PACKAGE_JSON, pkg.text);
  io.stdout(`${pkg.message.replace('package.json', show(PACKAGE_JSON))}\n`);
  const install = pkg.text !== pkgBefore ? `run "npm install" in ${show('.')} and commit package.json and package-lock.json (the workflow installs with "npm ci"), ` : '';
  io.stdout(`\nNext: ${install}record sources, documents and claims in ${show('claims')}/, then run "npx claims check".\n`);
  if (!isInside(path.join(root, INSTALLED_SCHEMAS), SCHEMA_DIR.replace(/[\\/]$/, ''))) {
    io.stderr(`claims: note: the "# yaml-language-server" lines point at ${INSTALLED_SCHEMAS}/; once "npm install" has run in ${show('.')}, editors find the schemas there.\n`);
  }
  return 0;
}
