#!/usr/bin/env node
// Deterministic generator of a realistic claims corpus for the benchmark.
//
//   node bench/generate.mjs [--claims 10000] [--files F] [--out bench/corpus/10000] [--seed 42]
//
// Shape (for N claims): ~300 sources across 12 parties (plus independent witnesses), N/4 document
// text files (a few thousand at 10,000 claims) in 100-file folders, claim files of 20 claims spread
// over region/year folders, 2-5 assertions per claim, 1-2 quotes per assertion drawn from the texts
// (with typographic differences and elisions, so quote verification does real work), and a
// claims.config.yaml at the corpus root. Same seed and N, same bytes.
//
// With --files F, the "many small files" shape: the N claims are split over F event files
// (ledger/claims/<region>/<year>/event-NNNNN.yaml) of 3 to 8 claims each, plus one here and there
// to reach N (57,000 claims over 10,000 files is about 6 a file), as a ledger kept one file per
// event is. Each event is covered by 2 to 4 document texts, which most of its quotes come from;
// F/4 document texts in all. Same seed, N and F, same bytes.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Version of the generator's output; bump it when the shape changes so stale corpora are rebuilt. */
export const GENERATOR_VERSION = 1;

/** mulberry32: a tiny, fast, seedable PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PARTIES = [
  'taliban', 'afghan-government', 'pakistan-government', 'us-government', 'russia-government', 'iran-government',
  'china-government', 'un-agencies', 'nato', 'isis-k', 'northern-alliance', 'tajikistan-government',
];
const REGIONS = ['kandahar', 'herat', 'badghis', 'kunduz', 'balkh', 'helmand', 'nangarhar', 'kabul', 'ghazni', 'takhar', 'faryab', 'paktia'];
const PLACES = ['Spin Boldak', 'Wesh', 'Chaman', 'Islam Qala', 'Qala-e-Naw', 'Kunduz', 'Mazar-i-Sharif', 'Lashkar Gah', 'Jalalabad', 'Kabul', 'Ghazni', 'Taloqan', 'Maymana', 'Gardez', 'Herat', 'Torkham'];
const EN = (
  'the a of and to in fighters district border crossing government forces officials said reported attack convoy checkpoint province capital city town ' +
  'villagers trade trucks goods market police army commander spokesman statement ministry interior defence security control seized captured withdrew ' +
  'retreated surrendered negotiations agreement ceasefire talks civilians killed wounded displaced families refugees camp aid food prices customs revenue ' +
  'airstrike drone night morning evening week month day road highway bridge district centre headquarters offensive counter operation claim denied ' +
  'confirmed according sources local elders council governor deputy provincial national international observers journalists witnesses residents shops ' +
  'closed reopened fled returned hundreds thousands dozens several many few most some all none early late heavy fighting clashes gunfire shelling rockets'
).split(' ');
const FR = (
  'le la les de des du et à en dans un une combattants district frontière poste gouvernement forces responsables ont a déclaré selon attaque convoi ' +
  'province capitale ville habitants commerce camions marchandises marché police armée commandant porte-parole communiqué ministère intérieur défense ' +
  'sécurité contrôle pris saisi retiré repliés rendus négociations accord cessez-le-feu pourparlers civils tués blessés déplacés familles réfugiés camp ' +
  'aide prix douane recettes frappe drone nuit matin soir semaine mois jour route pont centre offensive opération affirmé démenti confirmé sources ' +
  'anciens conseil gouverneur adjoint observateurs journalistes témoins commerçants fermés rouverts fui revenus centaines milliers dizaines plusieurs'
).split(' ');
const FR_ELIDED = ['l’armée', 'l’accord', 'd’autres', 'qu’ils', 'aujourd’hui', 'l’ennemi', 'jusqu’à', 'n’avait'];
const NAMES = ['Ahmad', 'Mohammad', 'Abdul', 'Hamid', 'Karim', 'Nasir', 'Rahim', 'Zahir', 'Farid', 'Jamal', 'Omar', 'Yusuf', 'Sami', 'Habib', 'Qadir'];
const SURNAMES = ['Khan', 'Rahimi', 'Ahmadzai', 'Noori', 'Sultani', 'Karimi', 'Haqqani', 'Stanikzai', 'Popal', 'Wardak', 'Safi', 'Jalali', 'Durrani'];
const ROLES = ['spokesman', 'district chief', 'police commander', 'provincial council member', 'customs official', 'trader', 'elder', 'security official', 'aid worker', 'resident'];
const CHANNELS = ['statement', 'interview', 'sms', 'social-post', 'press-conference', 'observation'];
const STANCES = ['asserts', 'asserts', 'asserts', 'corroborates', 'corroborates', 'denies', 'disputes'];
const PUBLISHERS = ['AFP', 'Reuters', 'AP', 'France 24', 'Le Monde', 'Pajhwok', 'TOLOnews', 'BBC', 'Al Jazeera', 'Dawn'];

const pad = (n, w) => String(n).padStart(w, '0');

/** A YAML scalar: plain when it is obviously safe, double-quoted (JSON) otherwise. */
function scalar(s) {
  return /^[A-Za-z\u00c0-\u024f][^:#\n"'{}[\],&*!|>%@`]*$/.test(s) && !/\s$/.test(s) && !/^(true|false|null|yes|no|on|off)$/i.test(s) ? s : JSON.stringify(s);
}

/**
 * Write a corpus of N claims to `out`. Without `files`, claim files of 20 claims each; with `files`, the
 * many-small-files shape (N claims over that many event files). Returns the corpus's stamp.
 */
export function generate({ claims: N = 10_000, out, seed = 42, files: nEventFiles }) {
  const smallFiles = nEventFiles !== undefined;
  if (smallFiles && !(Number.isInteger(nEventFiles) && nEventFiles > 0 && nEventFiles <= N)) {
    throw new Error(`generate: files must be a whole number from 1 to the number of claims (${N}), not ${nEventFiles}`);
  }
  const rnd = prng(seed);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const write = (rel, text) => {
    const abs = path.join(out, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  };
  let bytes = 0;
  let files = 0;
  const writeCounted = (rel, text) => {
    write(rel, text);
    bytes += Buffer.byteLength(text);
    files++;
  };

  // Sources: ~300, grouped per party (one file each), plus independent witnesses without a party.
  const nSources = 300;
  const sources = [];
  const byParty = new Map(PARTIES.map((p) => [p, []]));
  const independents = [];
  for (let i = 0; i < nSources; i++) {
    const party = i % 5 === 4 ? null : PARTIES[i % PARTIES.length];
    const id = `${party ?? 'witness'}-${pick(NAMES).toLowerCase()}-${pad(i, 3)}`;
    const s = { id, name: `${pick(NAMES)} ${pick(SURNAMES)}`, role: pick(ROLES), kind: rnd() < 0.8 ? 'person' : 'institution', party, anonymous: rnd() < 0.15 };
    sources.push(s);
    (party ? byParty.get(party) : independents).push(s);
  }
  const sourceYaml = (list, comment) =>
    `# yaml-language-server: $schema=../../schemas/sources.schema.json\n# ${comment}\nsources:\n` +
    list
      .map(
        (s) =>
          `  - id: ${s.id}\n    name: ${scalar(s.name)}\n    role: ${scalar(s.role)}\n    kind: ${s.kind}\n` +
          (s.party ? `    party: ${s.party}\n` : '') +
          (s.anonymous ? '    anonymous: true\n' : '') +
          (rnd() < 0.5 ? `    reliability: ${pick(['A', 'B', 'C', 'D', 'F'])}\n` : ''),
      )
      .join('\n');
  for (const [party, list] of byParty) writeCounted(`ledger/sources/${party}.yaml`, sourceYaml(list, `Sources speaking for ${party}.`));
  writeCounted('ledger/sources/independent.yaml', sourceYaml(independents, 'Independent witnesses: each is a voice of its own.'));

  // Document texts: N/4, 100 per folder; French texts use curly apostrophes and « » quotation marks.
  const nDocs = Math.max(10, Math.round((smallFiles ? nEventFiles : N) / 4));
  const docs = [];
  for (let d = 0; d < nDocs; d++) {
    const lang = rnd() < 0.4 ? 'fr' : 'en';
    const vocab = lang === 'fr' ? FR : EN;
    const sentences = [];
    const nSent = int(18, 40);
    for (let k = 0; k < nSent; k++) {
      const words = [];
      const n = int(10, 26);
      for (let w = 0; w < n; w++) {
        if (lang === 'fr' && rnd() < 0.06) words.push(pick(FR_ELIDED));
        else if (rnd() < 0.05) words.push(pick(PLACES));
        else if (rnd() < 0.03) words.push(String(int(2, 900)));
        else words.push(pick(vocab));
      }
      words[0] = words[0][0].toUpperCase() + words[0].slice(1);
      if (rnd() < 0.15) words.splice(int(1, n - 1), 0, lang === 'fr' ? '—' : '–');
      sentences.push(words);
    }
    // Paragraphs of 3-6 sentences, lines wrapped at ~90 characters as in a saved article.
    const paras = [];
    for (let k = 0; k < sentences.length; ) {
      const m = int(3, 6);
      const text = sentences
        .slice(k, k + m)
        .map((ws) => (rnd() < 0.1 ? (lang === 'fr' ? `« ${ws.join(' ')} »` : `“${ws.join(' ')}”`) : `${ws.join(' ')}.`))
        .join(' ');
      k += m;
      const lines = [];
      let line = '';
      for (const w of text.split(' ')) {
        if (line.length + w.length + 1 > 90) {
          lines.push(line);
          line = w;
        } else line = line ? `${line} ${w}` : w;
      }
      if (line) lines.push(line);
      paras.push(lines.join('\n'));
    }
    const id = `doc-${pad(d, 6)}`;
    const rel = `texts/${pad(Math.floor(d / 100), 4)}/${id}.txt`;
    const published = `20${int(19, 23)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`;
    const title = `${pick(PUBLISHERS)} report ${d} from ${pick(PLACES)}`;
    const text = `${title}\ndate ${published}\n\n${paras.join('\n\n')}\n`;
    write(rel, text);
    docs.push({ id, rel, lang, published, sentences, publisher: pick(PUBLISHERS), title, sha256: createHash('sha256').update(text).digest('hex') });
  }
  // Document records, 250 per file.
  for (let k = 0; k < docs.length; k += 250) {
    const chunk = docs.slice(k, k + 250);
    writeCounted(
      `ledger/documents/documents-${pad(k / 250, 3)}.yaml`,
      '# yaml-language-server: $schema=../../schemas/documents.schema.json\ndocuments:\n' +
        chunk
          .map(
            (d) =>
              `  - id: ${d.id}\n    path: ${d.rel}\n    title: ${scalar(d.title)}\n    publisher: ${scalar(d.publisher)}\n    language: ${d.lang}\n    published: ${d.published}\n` +
              (rnd() < 0.3 ? `    url: https://example.org/news/${d.id}\n` : '') +
              `    sha256: ${d.sha256}\n`,
          )
          .join('\n'),
    );
  }

  // A quote from a document: a run of words from one sentence, sometimes elided, sometimes typed with
  // straight apostrophes; a few in a thousand are misquoted (not found), as happens in real ledgers.
  const quoteFrom = (d) => {
    const ws = d.sentences[int(0, d.sentences.length - 1)];
    const len = Math.min(ws.length, int(6, 16));
    const start = int(0, ws.length - len);
    let words = ws.slice(start, start + len);
    if (len >= 12 && rnd() < 0.2) words = [...words.slice(0, 4), '(...)', ...words.slice(7)];
    let text = words.join(' ');
    if (rnd() < 0.5) text = text.replace(/’/g, "'");
    if (rnd() < 0.002) text = text.replace(/ (\S+)$/, ' zzz$1');
    return text;
  };

  // One claim's lines; `pickDoc` chooses the document each quote comes from.
  const claimLines = (lines, claimNo, region, year, pickDoc) => {
    const statement = `${pick(['Fighters', 'Government forces', 'Officials', 'Residents', 'Traders'])} in ${pick(PLACES)} ${pick(['seized', 'lost', 'reopened', 'closed', 'left', 'defended'])} the ${pick(['border crossing', 'district centre', 'market', 'highway', 'checkpoint'])} (event ${claimNo}).`;
    lines.push(`  - id: claim-${region}-${pad(claimNo, 6)}`, `    statement: ${scalar(statement)}`);
    if (rnd() < 0.9) {
      lines.push('    event:', `      date: ${year}-${pad(int(1, 12), 2)}`);
      if (rnd() < 0.8) lines.push(`      places: [${[pick(PLACES), pick(PLACES)].map(scalar).join(', ')}]`);
    }
    if (rnd() < 0.5) lines.push(`    tags: [${region}, ${pick(['trade', 'security', 'humanitarian', 'politics'])}]`);
    if (rnd() < 0.1) lines.push(`    notes: ${scalar('Editor note: check with the desk before publishing')}`);
    lines.push('    assertions:');
    const nA = int(2, 5);
    for (let a = 0; a < nA; a++) {
      const s = sources[int(0, sources.length - 1)];
      lines.push(`      - source: ${s.id}`, `        stance: ${pick(STANCES)}`);
      const nQ = rnd() < 0.25 ? 2 : 1;
      const qs = [];
      for (let q = 0; q < nQ; q++) qs.push(pickDoc());
      // Date the assertion no later than the earliest document quoting it.
      const earliest = qs.map((d) => d.published).sort()[0];
      if (rnd() < 0.7) lines.push(`        date: ${earliest.slice(0, 7)}`);
      lines.push(`        channel: ${pick(CHANNELS)}`, '        quotes:');
      for (const d of qs) {
        lines.push(`          - document: ${d.id}`, `            lang: ${d.lang}`, `            text: ${JSON.stringify(quoteFrom(d))}`);
        if (d.lang === 'fr' && rnd() < 0.7) lines.push(`            translation: ${scalar('The English rendering of the quote by the editor')}`);
      }
    }
    lines.push('');
  };
  const anyDoc = () => docs[int(0, docs.length - 1)];

  if (!smallFiles) {
    // Claims: 20 per file, files in ledger/claims/<region>/<year>/.
    const perFile = 20;
    let claimNo = 0;
    for (let f = 0; claimNo < N; f++) {
      const region = REGIONS[f % REGIONS.length];
      const year = 2019 + (Math.floor(f / REGIONS.length) % 5);
      const lines = ['# yaml-language-server: $schema=../../../../schemas/claims.schema.json', `# Claims about ${region}, ${year}.`, 'claims:'];
      for (let c = 0; c < perFile && claimNo < N; c++, claimNo++) claimLines(lines, claimNo, region, year, anyDoc);
      writeCounted(`ledger/claims/${region}/${year}/claims-${pad(f, 5)}.yaml`, `${lines.join('\n')}\n`);
    }
  } else {
    // Many small files: 3 to 8 claims per event file, then one more in files drawn at random until there are N
    // (or one fewer, never under 1, when there are more than N).
    const counts = Array.from({ length: nEventFiles }, () => int(3, 8));
    let total = counts.reduce((a, b) => a + b, 0);
    while (total < N) {
      counts[int(0, nEventFiles - 1)]++;
      total++;
    }
    while (total > N) {
      const f = int(0, nEventFiles - 1);
      if (counts[f] > 1) {
        counts[f]--;
        total--;
      }
    }
    let claimNo = 0;
    for (let f = 0; f < nEventFiles; f++) {
      const region = REGIONS[f % REGIONS.length];
      const year = 2019 + (Math.floor(f / REGIONS.length) % 5);
      // The texts that covered this event: nine quotes in ten come from them.
      const covering = Array.from({ length: int(2, 4) }, anyDoc);
      const eventDoc = () => (rnd() < 0.9 ? pick(covering) : anyDoc());
      const lines = ['# yaml-language-server: $schema=../../../../schemas/claims.schema.json', `# Claims about one event in ${region}, ${year}.`, 'claims:'];
      for (let c = 0; c < counts[f]; c++, claimNo++) claimLines(lines, claimNo, region, year, eventDoc);
      writeCounted(`ledger/claims/${region}/${year}/event-${pad(f, 5)}.yaml`, `${lines.join('\n')}\n`);
    }
  }

  writeFileSync(
    path.join(out, 'claims.config.yaml'),
    `# Generated benchmark corpus (${N} claims, seed ${seed}).\ncorpus: ledger\ncorroboration:\n  threshold: 2\nparties:\n${PARTIES.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  const stamp = {
    generator: GENERATOR_VERSION,
    shape: smallFiles ? 'small-files' : 'default',
    claims: N,
    ...(smallFiles ? { claimFiles: nEventFiles } : {}),
    seed,
    yamlFiles: files,
    yamlBytes: bytes,
    documents: docs.length,
    sources: sources.length,
  };
  writeFileSync(path.join(out, '.stamp.json'), `${JSON.stringify(stamp)}\n`);
  return stamp;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(`--${name}`);
    return i === -1 ? dflt : args[i + 1];
  };
  const N = Number(opt('claims', '10000'));
  const seed = Number(opt('seed', '42'));
  const filesArg = opt('files', undefined);
  const nFiles = filesArg === undefined ? undefined : Number(filesArg);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const out = path.resolve(opt('out', path.join(here, 'corpus', nFiles === undefined ? String(N) : `files-${nFiles}-${N}`)));
  const t0 = performance.now();
  const stamp = generate({ claims: N, out, seed, files: nFiles });
  console.log(`generated ${out}: ${JSON.stringify(stamp)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
