import { inert } from '../util/text.js';

/** A usage problem found after parsing (bad format name, missing path...): exit 2 with this message. */
export class UsageError extends Error {}

/**
 * A message for standard error, which may hold text from files (the configuration, ids, paths): made inert like
 * every other output, so it cannot act on the terminal or on a CI log. Line breaks are kept only when asked for
 * (a list of missing paths), and then no line can start a workflow command either.
 */
export function errorLine(message: string, { keepNewlines = false } = {}): string {
  return `claims: ${inert(message, { keepNewlines })}\n`;
}
