import type { Formatter } from './types.js';

export type { Formatter, FormatOptions } from './types.js';

/** Every output format, loaded only when asked for so that start-up stays fast. */
export const FORMATS = {
  text: async () => (await import('./text.js')).formatText,
  json: async () => (await import('./json.js')).formatJson,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  junit: async () => (await import('./junit.js')).formatJunit,
  github: async () => (await import('./github.js')).formatGithub,
  gitlab: async () => (await import('./gitlab.js')).formatGitlab,
  compact: async () => (await import('./compact.js')).formatCompact,
  markdown: async () => (await import('./markdown.js')).formatMarkdown,
  html: async () => (await import('./html.js')).formatHtml,
  claimreview: async () => (await import('./claimreview.js')).formatClaimReview,
} satisfies Record<string, () => Promise<Formatter>>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.prototype.hasOwnProperty.call(FORMATS, name);
}

/** Formats written for people (wrapped when printed in a CI log); the others are parsed by programs. */
export function isHuman(name: FormatName): boolean {
  return name === 'text' || name === 'markdown';
}

export async function loadFormatter(name: FormatName): Promise<Formatter> {
  return FORMATS[name]();
}
