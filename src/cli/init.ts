import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from '../config/config.js';
import { writeFileAtomic, relPosix, isInside } from '../util/fs.js';
import { SCHEMA_DIR } from '../validate/schemas.js';
import { VERSION } from '../version.js';
import type { IO } from './io.js';
import { UsageError } from './errors.js';

/** Where the schemas sit once claims is installed in the ledger's own node_modules (npm install --save-dev claims). */
const INSTALLED_SCHEMAS = 'node_modules/claims/schemas';

function modeline(fromDir: string, kind: string): string {
  const rel = path.posix.relative(fromDir, `${INSTALLED_SCHEMAS}/${kind}.schema.json`);
  return `# yaml-language-server: $schema=${rel.startsWith('.') ? rel : `./${rel}`}`;
}

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
    [
      '.github/workflows/claims.yml',
      `# Checks the claims ledger on every push and pull request. Findings appear as annotations on the
# pull request and as a summary on the run page; the SARIF upload shows them in code scanning.
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
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      # If your repository has a package.json listing claims, run "npm ci" instead.
      - run: npm install --no-save claims@${VERSION}
      # Annotations on stdout; the nth --output goes with the nth --format, so SARIF goes to claims.sarif.
      - run: npx claims check --format github --format sarif --output - --output claims.sarif
      - uses: github/codeql-action/upload-sarif@v3
        if: \${{ !cancelled() }}
        with:
          sarif_file: claims.sarif
          category: claims
`,
    ],
  ];
}

/** `claims init [dir]`: scaffold a ledger; refuses to overwrite any existing file unless --force. */
export async function initCommand(dir: string | undefined, opts: Record<string, unknown>, io: IO): Promise<number> {
  const root = path.resolve(io.cwd, dir ?? '.');
  const st = await fsp.stat(root).catch(() => undefined);
  if (st && !st.isDirectory()) throw new UsageError(`${dir} exists and is not a folder.`);
  const files = scaffold();
  const show = (rel: string) => relPosix(io.cwd, path.join(root, rel));
  const existing = files.filter(([rel]) => existsSync(path.join(root, rel))).map(([rel]) => show(rel));
  if (existing.length > 0 && !opts['force']) {
    throw new UsageError(`not overwriting ${existing.join(', ')}: nothing was written. Use --force to overwrite.`);
  }
  for (const [rel, text] of files) {
    const target = path.join(root, rel);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, text);
    io.stdout(`${existing.includes(show(rel)) ? 'overwrote' : 'created'} ${show(rel)}\n`);
  }
  io.stdout(`\nNext: record sources, documents and claims in ${show('claims')}/, then run "npx claims check".\n`);
  if (!isInside(path.join(root, INSTALLED_SCHEMAS), SCHEMA_DIR.replace(/[\\/]$/, ''))) {
    io.stderr(`claims: note: the "# yaml-language-server" lines point at ${INSTALLED_SCHEMAS}/; run "npm install --save-dev claims" in ${show('.')} so that editors find the schemas.\n`);
  }
  return 0;
}
