import { loadConfig } from '../config/config.js';
import { runCheck } from '../check.js';
import { buildEvidence } from '../analyse/evidence.js';
import { formatShowJson, formatShowText } from '../format/show.js';
import { closest } from '../util/text.js';
import { errorLine, UsageError } from './errors.js';
import { forLog, terminalWidth, useColor, type IO } from './io.js';

/** `claims show <id>`: the evidence behind one claim. Exit 1 when the id is unknown. */
export async function showCommand(id: string, paths: string[], opts: Record<string, unknown>, io: IO): Promise<number> {
  const format = String(opts['format'] ?? 'text');
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}" for show. Use text or json.`);
  const config = loadConfig(io.cwd, opts['config'] as string | undefined);
  const result = await runCheck({ config, cwd: io.cwd, paths });
  const claim = result.report.claims.find((c) => c.id === id);
  if (!claim) {
    const ids = result.report.claims.map((c) => c.id);
    const near = closest(id, ids, 3);
    const partial = ids.filter((x) => x.includes(id) && !near.includes(x)).slice(0, 3 - near.length);
    const hints = [...near, ...partial];
    io.stderr(errorLine(`no claim has the id "${id}".${hints.length ? ` Did you mean ${hints.map((h) => `"${h}"`).join(', ')}?` : ''}`));
    return 1;
  }
  const ev = buildEvidence(claim, result.texts, result.report.findings);
  const color = format === 'text' && useColor(opts['color'] as boolean | undefined, io.env, io.stdoutIsTTY);
  io.stdout(format === 'json' ? formatShowJson(ev) : forLog(formatShowText(ev, { color, ...(terminalWidth(io) !== undefined && { width: terminalWidth(io) }) }), true, io.env));
  return ev.findings.some((f) => f.severity === 'error') ? 1 : 0;
}
