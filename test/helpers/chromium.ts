// A small Chrome DevTools Protocol client over --remote-debugging-pipe, for tests that render a page in Debian's
// headless Chromium: messages are JSON, each ended by a NUL byte, written to the browser's fd 3 and read from its fd 4.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { inflateSync } from 'node:zlib';

export const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';

type Params = Record<string, unknown>;
interface Message {
  id?: number;
  method?: string;
  params?: Params;
  result?: Params;
  error?: { message: string };
  sessionId?: string;
}
type Listener = (params: Params, sessionId: string | undefined) => void;

export class Browser {
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: Params) => void; reject: (e: Error) => void; method: string }>();
  private listeners = new Map<string, Set<Listener>>();
  private stderr = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly input: Writable,
    output: Readable,
    private readonly profile: string,
  ) {
    let buffer = Buffer.alloc(0);
    output.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let end = buffer.indexOf(0); end !== -1; end = buffer.indexOf(0)) {
        const text = buffer.subarray(0, end).toString('utf8');
        buffer = buffer.subarray(end + 1);
        this.dispatch(JSON.parse(text) as Message);
      }
    });
    child.stderr?.on('data', (d: Buffer) => void (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`Chromium exited (code ${code}) during ${p.method}: ${this.stderr}`));
      this.pending.clear();
    });
  }

  /** Start headless Chromium with a fresh profile; a clear error when it is not installed (.ci/run installs it). */
  static async launch(): Promise<Browser> {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}: the HTML report is tested in a real browser. Install Debian's "chromium" package (bash .ci/run does), or set CHROMIUM to its path.`);
    }
    const profile = mkdtempSync(path.join(os.tmpdir(), 'claims-chromium-'));
    const args = [
      '--headless',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      // The tests run as root in a container, where Chromium's sandbox cannot start.
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--mute-audio',
      '--hide-scrollbars',
      '--force-color-profile=srgb',
      'about:blank',
    ];
    const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    const browser = new Browser(child, child.stdio[3] as Writable, child.stdio[4] as Readable, profile);
    await browser.send('Browser.getVersion');
    return browser;
  }

  private dispatch(m: Message): void {
    if (m.id !== undefined) {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(new Error(`${p.method}: ${m.error.message}`));
      else p.resolve(m.result ?? {});
      return;
    }
    if (m.method) for (const l of this.listeners.get(m.method) ?? []) l(m.params ?? {}, m.sessionId);
  }

  send(method: string, params: Params = {}, sessionId?: string): Promise<Params> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId && { sessionId }) })}\0`);
    });
  }

  on(method: string, listener: Listener): () => void {
    const set = this.listeners.get(method) ?? new Set();
    set.add(listener);
    this.listeners.set(method, set);
    return () => set.delete(listener);
  }

  /** A new tab, attached, with the page, runtime, log and network domains on, so that nothing it does goes unseen. */
  async newPage(width = 1280, height = 900): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const page = new Page(this, sessionId);
    await Promise.all(['Page.enable', 'Runtime.enable', 'Log.enable', 'Network.enable'].map((m) => this.send(m, {}, sessionId)));
    await page.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    return page;
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    this.send('Browser.close').catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  /** Every request the page made, by URL. */
  readonly requests: string[] = [];
  /** Console errors, uncaught exceptions and browser log errors (a blocked load, a CSP violation). */
  readonly errors: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly sessionId: string,
  ) {
    const mine = (l: (p: Params) => void) => (p: Params, s: string | undefined) => void (s === sessionId && l(p));
    browser.on('Network.requestWillBeSent', mine((p) => this.requests.push(String((p['request'] as { url: string }).url))));
    browser.on('Runtime.consoleAPICalled', mine((p) => {
      if (p['type'] === 'error' || p['type'] === 'assert') this.errors.push(`console.${String(p['type'])}: ${JSON.stringify(p['args'])}`);
    }));
    browser.on('Runtime.exceptionThrown', mine((p) => this.errors.push(`exception: ${JSON.stringify(p['exceptionDetails'])}`)));
    browser.on('Log.entryAdded', mine((p) => {
      const e = p['entry'] as { level: string; text: string; url?: string };
      if (e.level === 'error') this.errors.push(`log: ${e.text}${e.url ? ` (${e.url})` : ''}`);
    }));
  }

  send(method: string, params: Params = {}): Promise<Params> {
    return this.browser.send(method, params, this.sessionId);
  }

  /** Navigate and wait for the load event. */
  async goto(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => {
      const off = this.browser.on('Page.loadEventFired', (_p, s) => {
        if (s === this.sessionId) {
          off();
          resolve();
        }
      });
    });
    const r = (await this.send('Page.navigate', { url })) as { errorText?: string };
    if (r.errorText) throw new Error(`navigation to ${url} failed: ${r.errorText}`);
    await loaded;
  }

  /** The value of a JavaScript expression evaluated in the page (awaited when it is a promise). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  /** A PNG of the viewport, or of the whole page. */
  async screenshot(fullPage = false): Promise<Buffer> {
    const params: Params = { format: 'png' };
    if (fullPage) {
      const { cssContentSize } = (await this.send('Page.getLayoutMetrics')) as { cssContentSize: { width: number; height: number } };
      params['captureBeyondViewport'] = true;
      params['clip'] = { x: 0, y: 0, width: cssContentSize.width, height: Math.min(cssContentSize.height, 16000), scale: 1 };
    }
    const { data } = (await this.send('Page.captureScreenshot', params)) as { data: string };
    return Buffer.from(data, 'base64');
  }

  /** Press a key (Tab, Enter) as the keyboard would. */
  async press(key: 'Tab' | 'Enter'): Promise<void> {
    const code = { Tab: 9, Enter: 13 }[key];
    const base = { key, code: key, windowsVirtualKeyCode: code, nativeVirtualKeyCode: code, ...(key === 'Enter' && { text: '\r' }) };
    await this.send('Input.dispatchKeyEvent', { type: 'keyDown', ...base });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base });
  }
}

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  rgba: Uint8Array;
}

/** Decode an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are). */
export function decodePng(png: Buffer): Pixels {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      if (depth !== 8 || interlace !== 0 || (colour !== 2 && colour !== 6)) throw new Error(`unsupported PNG (depth ${depth}, colour type ${colour}, interlace ${interlace})`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rgba = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const predictor = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      cur[i] = (line[i]! + predictor) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      rgba.set([cur[x * channels]!, cur[x * channels + 1]!, cur[x * channels + 2]!, channels === 4 ? cur[x * channels + 3]! : 255], (y * width + x) * 4);
    }
    prev = cur;
  }
  return { width, height, rgba };
}
