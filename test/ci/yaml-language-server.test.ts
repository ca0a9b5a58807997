// The real editor path: yaml-language-server (what VS Code's YAML extension runs) over stdio, speaking LSP
// JSON-RPC with Content-Length framing, follows each file's `# yaml-language-server: $schema=…` modeline.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
  source?: string;
}
interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: unknown;
}

const SERVER = path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const YAML_SETTINGS = { validate: true, hover: true, completion: true, format: { enable: false }, schemaStore: { enable: false }, schemas: {} };

/** A minimal LSP client: requests with ids, notifications, and answers to the server's own requests. */
class LspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, (m: Message) => void>();
  private listeners: Array<(m: Message) => void> = [];
  readonly stderr: string[] = [];

  constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    proc.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    proc.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`bad LSP header: ${header}`);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(m: Message): void {
    if (m.id !== undefined && m.method === undefined) {
      this.pending.get(m.id as number)?.(m);
      this.pending.delete(m.id as number);
      return;
    }
    if (m.id !== undefined && m.method !== undefined) {
      // A request from the server: settings for workspace/configuration, null for the rest.
      const result = m.method === 'workspace/configuration' ? ((m.params as { items: Array<{ section?: string }> }).items ?? []).map((i) => (i.section === 'yaml' ? YAML_SETTINGS : i.section?.startsWith('yaml.') ? null : {})) : null;
      this.send({ jsonrpc: '2.0', id: m.id, result });
      return;
    }
    for (const l of this.listeners) l(m);
  }

  private send(m: Message): void {
    const body = Buffer.from(JSON.stringify(m), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result)));
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Open a document and collect the diagnostics published for it, settling once they stop changing. */
  async diagnostics(file: string, text: string, settleMs = 1000, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const uri = pathToFileURL(file).href;
    return new Promise((resolve, reject) => {
      let latest: Diagnostic[] | undefined;
      let settle: NodeJS.Timeout | undefined;
      const done = (err?: Error) => {
        clearTimeout(timeout);
        clearTimeout(settle);
        this.listeners = this.listeners.filter((l) => l !== listener);
        if (err) reject(err);
        else resolve(latest ?? []);
      };
      const timeout = setTimeout(() => done(latest ? undefined : new Error(`no diagnostics published for ${uri}; server stderr: ${this.stderr.join('')}`)), timeoutMs);
      const listener = (m: Message) => {
        if (m.method !== 'textDocument/publishDiagnostics') return;
        const p = m.params as { uri: string; diagnostics: Diagnostic[] };
        if (p.uri !== uri) return;
        latest = p.diagnostics;
        clearTimeout(settle);
        settle = setTimeout(() => done(), settleMs);
      };
      this.listeners.push(listener);
      this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    });
  }

  async stop(): Promise<void> {
    await this.request('shutdown', null).catch(() => undefined);
    this.notify('exit', null);
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.proc.kill();
        resolve();
      }, 2000);
      this.proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

describe('yaml-language-server follows the schema modelines', () => {
  let client: LspClient;

  beforeAll(async () => {
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    client = new LspClient(proc);
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(ROOT).href,
      workspaceFolders: [{ uri: pathToFileURL(ROOT).href, name: 'claims' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: {}, hover: { contentFormat: ['plaintext'] } } },
    });
    client.notify('initialized', {});
    client.notify('workspace/didChangeConfiguration', { settings: { yaml: YAML_SETTINGS } });
  });
  afterAll(async () => {
    await client?.stop();
  });

  it('reports a misspelt stance on its line, in a claim file whose first line is a relative modeline', async () => {
    const text = [
      '# yaml-language-server: $schema=../schemas/claims.schema.json',
      'claims:',
      '  - id: bridge-taken',
      '    statement: The fighters took the bridge.',
      '    assertions:',
      '      - source: rebel-spokesman',
      '        stance: assertz',
      '',
    ].join('\n');
    const diags = await client.diagnostics(path.join(ROOT, 'claims', 'lsp-misspelt-stance.yaml'), text);
    expect(diags.length, JSON.stringify(diags)).toBeGreaterThan(0);
    const onStance = diags.filter((d) => d.range.start.line === 6);
    expect(onStance.length, JSON.stringify(diags)).toBeGreaterThan(0);
    expect(onStance.map((d) => d.message).join(' ')).toMatch(/asserts/);
  });

  it('reports an unknown field, found through the modeline of a sources file', async () => {
    const text = ['# yaml-language-server: $schema=../schemas/sources.schema.json', 'sources:', '  - id: a', '    name: A', '    partty: x', ''].join('\n');
    const diags = await client.diagnostics(path.join(ROOT, 'claims', 'lsp-unknown-field.yaml'), text);
    expect(diags.filter((d) => d.range.start.line === 4).length, JSON.stringify(diags)).toBeGreaterThan(0);
  });

  it('reports a modeline that points nowhere, so silence on a good file means its schema was found', async () => {
    const text = ['# yaml-language-server: $schema=../schemas/no-such.schema.json', 'claims: []', ''].join('\n');
    const diags = await client.diagnostics(path.join(ROOT, 'claims', 'lsp-bad-modeline.yaml'), text);
    expect(diags.map((d) => d.message).join(' '), JSON.stringify(diags)).toMatch(/schema/i);
  });

  const bundled = ['claims.config.yaml', ...readdirSync(path.join(ROOT, 'claims')).filter((f) => f.endsWith('.yaml')).map((f) => `claims/${f}`)];
  for (const rel of bundled) {
    it(`gives no diagnostics for the bundled ${rel}`, async () => {
      const file = path.join(ROOT, rel);
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith('# yaml-language-server: $schema=')).toBe(true);
      const diags = await client.diagnostics(file, text);
      expect(diags, JSON.stringify(diags)).toEqual([]);
    });
  }

  it('shows the schema description on hover, so the schema really was loaded for a good file', async () => {
    const file = path.join(ROOT, 'claims', 'spin-boldak.yaml');
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => /^\s+stance: /.test(l));
    const character = lines[line]!.indexOf('stance') + 2;
    const hover = (await client.request('textDocument/hover', { textDocument: { uri: pathToFileURL(file).href }, position: { line, character } })) as { contents: unknown } | null;
    expect(JSON.stringify(hover?.contents ?? '')).toMatch(/What the source says about the claim/);
  });
});
