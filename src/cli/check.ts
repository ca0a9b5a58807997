import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { runCheck } from '../check.js';
import { FORMAT_NAMES, isFormatName, loadFormatter } from '../format/index.js';
import { STATUSES, type Report, type Status } from '../report/types.js';
import { listWords } from '../util/text.js';
import { useColor, type IO } from './io.js';
import { UsageError } from './errors.js';

export function parseFailOn(value: unknown): Status[] {
  if (value === undefined) return [];
  const names = String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) {
    if (!(STATUSES as readonly string[]).includes(n)) throw new UsageError(`--fail-on: "${n}" is not a status. Use ${listWords([...STATUSES], 'or')}.`);
  }
  return names as Status[];
}

/** Exit 1 when there are errors, or a claim has a status named by --fail-on. */
export function exitCodeFor(report: Report, failOn: readonly Status[]): number {
  if (report.summary.errors > 0) return 1;
  if (report.claims.some((c) => failOn.includes(c.status))) return 1;
  return 0;
}

export async function checkCommand(paths: string[], opts: Record<string, unknown>, io: IO): Promise<number> {
  const format = String(opts['format'] ?? 'text');
  if (!isFormatName(format)) throw new UsageError(`unknown format "${format}". Use one of: ${FORMAT_NAMES.join(', ')}.`);
  const failOn = parseFailOn(opts['failOn']);
  const config = loadConfig(io.cwd, opts['config'] as string | undefined);
  let stdin: { name: string; bytes: Uint8Array } | undefined;
  if (paths.includes('-')) {
    const name = String(opts['stdinFilename'] ?? '<stdin>');
    stdin = { name: name === '<stdin>' ? name : path.relative(config.root, path.resolve(io.cwd, name)).split(path.sep).join('/'), bytes: await io.readStdin() };
  }
  const result = await runCheck({ config, cwd: io.cwd, paths, ...(stdin && { stdin }) });
  if (result.missing.length > 0) {
    throw new UsageError(`${result.missing.map((m) => `no such file or folder: ${path.relative(io.cwd, m) || m}`).join('\n')}`);
  }
  const formatter = await loadFormatter(format);
  const color = format === 'text' && useColor(opts['color'] as boolean | undefined, io.env, io.stdoutIsTTY);
  io.stdout(formatter(result.report, { color, failOn, quiet: Boolean(opts['quiet']) }));
  return exitCodeFor(result.report, failOn);
}
