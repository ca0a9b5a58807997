// The HTML report (claims check --format html): the page as text, then rendered in a real headless Chromium
// (Debian's chromium, installed by .ci/run), where it must load nothing, log no error, draw something, pass an
// axe-core audit, work from the keyboard and in print, lay out Arabic right to left, and show hostile text as text.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_DETAILED_CLAIMS, formatHtml } from '../src/format/html.js';
import { esc, httpUrl } from '../src/format/html/escape.js';
import type { Report } from '../src/report/types.js';
import { Browser, decodePng, type Page } from './helpers/chromium.js';
import { BASE_FILES, makeProject } from './helpers/project.js';
import { ROOT, runCli } from './helpers/run.js';

/** Pages and screenshots are kept where a person can look at them: CLAIMS_SCREENSHOTS, else a temp folder. */
const OUT = process.env['CLAIMS_SCREENSHOTS'] ?? mkdtempSync(path.join(os.tmpdir(), 'claims-html-'));

const HOSTILE_STATEMENT = 'Evil <script>window.__pwned = 1</script>"><img src=x onerror="window.__pwned = 2"> ::error::owned ##[group]x';

// A small desk: an Arabic document, a contested claim, a provisional one (a quote not in its text) and a hostile one.
const AR_TEXT = 'قال المتحدث إن المقاتلين سيطروا على الجسر عند الفجر. وأضاف أن السكان فروا من المدينة.\n';
// The common test project (its config, docs/a.txt and sources), with an Arabic text and two more sources.
const DESK: Record<string, string> = {
  ...BASE_FILES,
  'docs/ar.txt': AR_TEXT,
  'claims/documents.yaml': [
    'documents:',
    '  - id: doc-a',
    '    path: docs/a.txt',
    '    title: Wire report on the bridge',
    '    url: https://example.org/bridge?a=1&b=2',
    '    publisher: Wire',
    '    language: en',
    '  - id: doc-ar',
    '    path: docs/ar.txt',
    '    url: "javascript:alert(document.domain)"',
    '    publisher: "<iframe src=https://evil.example/></iframe>"',
    '    language: ar',
    '',
  ].join('\n'),
  'claims/sources.yaml': `${BASE_FILES['claims/sources.yaml']}  - id: hostile-witness\n    name: "<b onmouseover=alert(1)>Witness</b> One"\n  - id: arabic-speaker\n    name: المتحدث\n`,
  'claims/claims.yaml': [
    'claims:',
    '  - id: bridge-taken',
    '    statement: The fighters took the bridge on 2021-07-14.',
    '    assertions:',
    '      - source: rebel-spokesman',
    '        stance: asserts',
    '        quotes:',
    '          - document: doc-a',
    '            text: The fighters took the bridge at dawn.',
    '      - source: arabic-speaker',
    '        stance: corroborates',
    '        quotes:',
    '          - document: doc-ar',
    '            lang: ar',
    '            text: سيطروا على الجسر عند الفجر',
    '            translation: took the bridge at dawn',
    '      - source: official',
    '        stance: denies',
    '        quotes:',
    '          - document: doc-a',
    '            text: Officials denied that the bridge was taken.',
    '  - id: residents-fled',
    '    statement: Residents fled the town.',
    '    assertions:',
    '      - source: hostile-witness',
    '        stance: asserts',
    '        quotes:',
    '          - document: doc-a',
    '            text: the residents ran away',
    '  - id: hostile',
    `    statement: ${JSON.stringify(HOSTILE_STATEMENT)}`,
    '    assertions:',
    '      - source: hostile-witness',
    '        stance: asserts',
    '        quotes:',
    '          - document: doc-a',
    '            text: the bridge fell at dawn',
    '',
  ].join('\n'),
};

async function htmlOf(cwd: string, name: string): Promise<{ file: string; html: string; code: number }> {
  const file = path.join(OUT, `${name}.html`);
  const r = await runCli(['check', '--no-cache', '--format', 'html', '--output', file], cwd);
  expect(r.stderr.includes('internal error'), r.stderr).toBe(false);
  return { file, html: readFileSync(file, 'utf8'), code: r.code };
}

describe('the HTML page as text', () => {
  it('escapes file text: entities for markup, http(s) links only, no workflow command on any line', async () => {
    const { html } = await htmlOf(makeProject(DESK), 'desk-text');
    expect(html).not.toMatch(/<script|<img|<iframe|<b onmouseover/i);
    expect(html).toContain('Evil &lt;script&gt;window.__pwned = 1&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;');
    expect(html).not.toMatch(/href="javascript/i);
    expect(html).toContain('href="https://example.org/bridge?a=1&amp;b=2"');
    // The runner's parser: "::" after leading white space at a line start, or "##[" anywhere.
    for (const line of html.split(/\r\n|\r|\n/)) {
      expect(line).not.toMatch(/^[\s\u0085\u180e]*::/);
      expect(line).not.toContain('##[');
    }
  });

  it('esc() and httpUrl() on their own', () => {
    expect(esc(`a<b>&"'c`)).toBe('a&lt;b&gt;&amp;&quot;&#39;c');
    expect(esc('\u202Eevil')).toBe('\\u202eevil');
    expect(esc('::x ##[y')).toBe('&#58;:x &#35;#[y');
    expect(httpUrl('javascript:alert(1)')).toBeUndefined();
    expect(httpUrl(' JAVASCRIPT:alert(1)')).toBeUndefined();
    expect(httpUrl('data:text/html,<script>')).toBeUndefined();
    expect(httpUrl('file:///etc/passwd')).toBeUndefined();
    expect(httpUrl('//evil.example/')).toBeUndefined();
    expect(httpUrl('https://example.org/a b')).toBe('https://example.org/a%20b');
  });

  it('orders the overview contested first, then provisional, then the other statuses', async () => {
    const { html } = await htmlOf(makeProject(DESK), 'desk-order');
    const at = (s: string) => html.indexOf(s);
    expect(at('id="group-contested"')).toBeGreaterThan(-1);
    expect(at('id="group-contested"')).toBeLessThan(at('id="group-provisional"'));
    expect(at('id="group-provisional"')).toBeLessThan(at('id="group-single-source"'));
    // The provisional claim is listed once, under provisional, with its reason.
    expect(html.match(/href="#claim-residents-fled"/g)).toHaveLength(1);
    expect(html).toMatch(/Provisional:<\/strong> this verdict rests on evidence with errors/);
  });

  it('shows each quote in its sentence, the match marked, with its document, path and line, and its language', async () => {
    const { html } = await htmlOf(makeProject(DESK), 'desk-quotes');
    expect(html).toContain('<blockquote lang="en" dir="auto"><mark>The fighters took the bridge at dawn.</mark> Residents said');
    expect(html).toContain('Residents said &quot;<mark>the bridge fell at dawn</mark>&quot; and fled.');
    expect(html).toContain('<code>docs/a.txt:1</code>');
    expect(html).toContain('<blockquote lang="ar" dir="auto">قال المتحدث إن المقاتلين <mark>سيطروا على الجسر عند الفجر</mark>.');
    expect(html).toContain('&#10007; NOT FOUND in the document');
  });

  it('without the documents and sentences (the formatter given the report alone) still shows every quote', () => {
    const report = JSON.parse(readFileSync(path.join(ROOT, 'test', 'golden', 'verdict-model-json', 'expected.stdout'), 'utf8')) as Report;
    const html = formatHtml(report, { color: false, failOn: [], quiet: false });
    const quotes = report.claims.flatMap((c) => c.assertions.flatMap((a) => a.quotes));
    expect(html.match(/<figure class="quote">/g)?.length ?? 0).toBe(quotes.length);
    expect(html).toContain('<!doctype html>');
  });

  it('draws at most MAX_DETAILED_CLAIMS claims in full, contested first, and lists the rest in the overview without dead links', () => {
    const report = JSON.parse(readFileSync(path.join(ROOT, 'test', 'golden', 'seed-corpus-json', 'expected.stdout'), 'utf8')) as Report;
    const base = report.claims.find((c) => c.status === 'single-source')!;
    const contested = report.claims.find((c) => c.status === 'contested')!;
    const n = MAX_DETAILED_CLAIMS + 500;
    const claims = Array.from({ length: n }, (_, i) => ({ ...(i === n - 1 ? contested : base), id: `claim-${i}` }));
    const findings = [{ ...report.findings[0]!, claimId: `claim-${n - 2}`, message: 'A finding about a claim that is not drawn in full.' }];
    const html = formatHtml({ ...report, claims, findings }, { color: false, failOn: [], quiet: false });
    expect(html.match(/<article /g)?.length).toBe(MAX_DETAILED_CLAIMS);
    expect(html).toContain(`id="claim-claim-${n - 1}"`); // the contested claim, last in the file, is drawn
    expect(html).not.toContain(`id="claim-claim-${n - 2}"`);
    expect(html).toContain('500 more claims are listed in the overview only');
    const targets = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const dead = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]).filter((t) => !targets.has(t));
    expect(dead).toEqual([]);
    expect(html).toContain('A finding about a claim that is not drawn in full.');
  });
});

describe('the HTML report in headless Chromium', () => {
  // One browser for the file, started by the first test that needs it: without Chromium each test fails with the
  // launch error (a failing beforeAll would only mark them skipped).
  let launched: Promise<Browser> | undefined;
  const browser = (): Promise<Browser> => (launched ??= Browser.launch());
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  afterAll(async () => {
    await (await launched?.catch(() => undefined))?.close();
  });

  /** Load a report, check it loaded nothing and logged nothing, and keep its screenshot. */
  async function open(file: string, shot: string): Promise<{ page: Page; png: Buffer }> {
    const page = await (await browser()).newPage();
    const url = pathToFileURL(file).href;
    await page.goto(url);
    expect(page.errors, 'console errors').toEqual([]);
    expect(page.requests.filter((r) => r !== url && !r.startsWith('data:')), 'requests besides the page itself').toEqual([]);
    const png = await page.screenshot();
    writeFileSync(path.join(OUT, `${shot}.png`), png);
    return { page, png };
  }

  /** The axe-core audit's serious and critical violations, after checking that it did audit the page. */
  async function seriousViolations(page: Page): Promise<Array<{ id: string; impact: string; help: string; nodes: string[] }>> {
    await page.evaluate<unknown>(`${axeSource};0`);
    const r = await page.evaluate<{ passes: number; violations: Array<{ id: string; impact: string; help: string; nodes: string[] }> }>(
      `axe.run(document).then((r) => ({ passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })) }))`,
    );
    expect(r.passes, 'axe rules that passed').toBeGreaterThan(15);
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  it('the bundled corpus: renders styled, draws something, loads nothing, no console error, no serious accessibility violation', { timeout: 120_000 }, async () => {
    const { file, code } = await htmlOf(ROOT, 'seed');
    expect(code).toBe(0);
    const { page, png } = await open(file, 'claims-html-seed');
    // Not blank: many colours, and a good share of the viewport is not the white page.
    const { width, height, rgba } = decodePng(png);
    expect([width, height]).toEqual([1280, 900]);
    const colours = new Set<number>();
    let ink = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      colours.add((rgba[i]! << 16) | (rgba[i + 1]! << 8) | rgba[i + 2]!);
      if (rgba[i]! < 200 || rgba[i + 1]! < 200 || rgba[i + 2]! < 200) ink++;
    }
    expect(colours.size).toBeGreaterThan(20);
    expect(ink / (width * height)).toBeGreaterThan(0.02);
    // The stylesheet applied (the policy allows it by its hash); headings in order; a diagram per claim.
    const facts = await page.evaluate<{ h1: number; markBg: string; claims: number; svgs: number; skips: boolean; scripts: number }>(`({
      h1: document.querySelectorAll('h1').length,
      markBg: getComputedStyle(document.querySelector('mark')).backgroundColor,
      claims: document.querySelectorAll('article.claim').length,
      svgs: document.querySelectorAll('figure.voices svg[role=img]').length,
      skips: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].every((h, i, all) => i === 0 || Number(h.tagName[1]) <= Number(all[i - 1].tagName[1]) + 1),
      scripts: document.scripts.length,
    })`);
    expect(facts).toEqual({ h1: 1, markBg: 'rgb(255, 227, 110)', claims: 23, svgs: 23, skips: true, scripts: 0 });
    // The contested claim, scrolled to, for the screenshot of a diagram and its quotes.
    await page.evaluate<void>(`location.hash = '#claim-spin-boldak-crossing-seized'`);
    writeFileSync(path.join(OUT, 'claims-html-seed-claim.png'), await page.screenshot());
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('keyboard: the first Tab reaches a visible skip link, Enter moves to the claims; print hides it and makes a PDF', { timeout: 60_000 }, async () => {
    const { file } = await htmlOf(ROOT, 'seed-keys');
    const { page } = await open(file, 'claims-html-keys');
    await page.press('Tab');
    const focused = await page.evaluate<{ cls: string; top: number; outline: string }>(
      `(() => { const e = document.activeElement; const r = e.getBoundingClientRect(); return { cls: e.className, top: r.top, outline: getComputedStyle(e).outlineStyle }; })()`,
    );
    expect(focused.cls).toBe('skip');
    expect(focused.top).toBeGreaterThanOrEqual(0);
    expect(focused.outline).toBe('solid');
    writeFileSync(path.join(OUT, 'claims-html-focus.png'), await page.screenshot());
    await page.press('Enter');
    expect(await page.evaluate<string>('location.hash')).toBe('#claims');
    // Every overview link leads to a claim of the page.
    expect(await page.evaluate<boolean>(`[...document.querySelectorAll('a[href^="#"]')].every((a) => document.getElementById(a.getAttribute('href').slice(1)))`)).toBe(true);
    await page.send('Emulation.setEmulatedMedia', { media: 'print' });
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('.skip')).display`)).toBe('none');
    const { data } = (await page.send('Page.printToPDF', { printBackground: true })) as { data: string };
    expect(Buffer.from(data, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('hostile text shows as text: no element injected, no script run, no javascript: link; Arabic laid out right to left', { timeout: 120_000 }, async () => {
    const { file, code } = await htmlOf(makeProject(DESK), 'desk');
    expect(code).toBe(1);
    const { page } = await open(file, 'claims-html-desk');
    const facts = await page.evaluate<{ injected: number; pwned: string; jsLinks: number; statement: string; arDir: string; arMark: string; enDir: string }>(`({
      injected: document.querySelectorAll('script, img, iframe, object, embed, b, [onerror], [onmouseover]').length,
      pwned: typeof window.__pwned,
      jsLinks: [...document.querySelectorAll('a')].filter((a) => !/^(https?:|#)/.test(a.getAttribute('href'))).length,
      statement: document.querySelector('#claim-hostile h3').textContent,
      arDir: getComputedStyle(document.querySelector('blockquote[lang=ar]')).direction,
      arMark: document.querySelector('blockquote[lang=ar] mark').textContent,
      enDir: getComputedStyle(document.querySelector('blockquote[lang=en]')).direction,
    })`);
    expect(facts).toEqual({
      injected: 0,
      pwned: 'undefined',
      jsLinks: 0,
      statement: HOSTILE_STATEMENT,
      arDir: 'rtl',
      arMark: 'سيطروا على الجسر عند الفجر',
      enDir: 'ltr',
    });
    await page.evaluate<void>(`location.hash = '#claim-bridge-taken'`);
    writeFileSync(path.join(OUT, 'claims-html-desk-claim.png'), await page.screenshot());
    expect(await seriousViolations(page)).toEqual([]);
  });
});
