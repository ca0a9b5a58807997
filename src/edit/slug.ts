// Readable ids for new entries: the words of a statement or a name, as the schemas' slug pattern wants them.

/** Longest slug made from text (the schemas allow 120; ids are typed and read, so they stay short). */
export const MAX_SLUG = 60;

/**
 * "Les talibans s'emparent de Spin Boldak" → "les-talibans-s-emparent-de-spin-boldak": accents folded to ASCII
 * (NFKD without the marks, and the few letters that do not decompose), lower case, every other run of characters
 * one hyphen, cut at a word boundary to MAX_SLUG characters. Empty when nothing ASCII is left (Arabic, CJK).
 */
export function slugify(text: string, max = MAX_SLUG): string {
  const folded = text
    .replace(/[ßæœøłđðþ]/gi, (c) => ({ ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th' })[c.toLowerCase() as 'ß'] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (folded.length <= max) return folded;
  const cut = folded.slice(0, max + 1);
  const at = cut.lastIndexOf('-');
  return (at > max / 2 ? cut.slice(0, at) : folded.slice(0, max)).replace(/-+$/, '');
}

/** `base`, or `base-2`, `base-3`… : the first that no entry uses yet. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}-${n}`;
    if (!taken.has(id)) return id;
  }
}
