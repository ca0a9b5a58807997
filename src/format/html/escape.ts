// Text from claim files and document texts, made inert for HTML: nothing in it can open a tag, close an
// attribute, reorder the text around it or, printed in a CI log, start a workflow command.
import { inert } from '../../util/text.js';

const HTML_SPECIAL = /[&<>"']/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * File text for element content or a quoted attribute value: control and bidi characters as visible escapes
 * (inert), the five HTML specials as entities, and the "#" of "##[" and the first ":" of "::" as entities (a
 * browser shows the same characters; a CI runner reading the file as a log finds no command in it).
 */
export function esc(text: string): string {
  return inert(text, { commands: false })
    .replace(HTML_SPECIAL, (ch) => ENTITY[ch]!)
    .replace(/##\[/g, '&#35;#[')
    .replace(/:(?=:)/g, '&#58;');
}

/** The address of a link, or undefined unless it is an absolute http(s) URL (no javascript:, data: or file:). */
export function httpUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
}

// A BCP 47 language tag, as far as a lang attribute needs: letters, digits and hyphens in short subtags.
const LANG_TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,6}$/;

/** ` lang="…"` for a well-formed language tag, else nothing (the text then takes the page's language). */
export function langAttr(lang: string | undefined): string {
  return lang !== undefined && LANG_TAG.test(lang) ? ` lang="${lang}"` : '';
}
