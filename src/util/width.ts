// Terminal columns measured in display cells, not UTF-16 units: a CJK character takes two cells, a combining
// mark or a zero-width character none, and ANSI colour codes none (string-width knows the Unicode tables).
import stringWidth from 'string-width';

// Printable ASCII (no escape sequence, no control character) takes one cell a character: most of a report.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** How many terminal cells a text takes. */
export const cells = (s: string): number => (PRINTABLE_ASCII.test(s) ? s.length : stringWidth(s));

/** A text padded with spaces to `width` cells (never cut). */
export function padCells(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - cells(s)));
}

/** A text cut to at most `max` cells, whole characters, an ellipsis when cut. */
export function truncateCells(s: string, max: number): string {
  if (cells(s) <= max) return s;
  let out = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter().segment(s)) {
    const w = cells(segment);
    if (used + w > max - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/**
 * `prefix` then `text` word-wrapped so that no line is wider than `width` cells, each further line indented to
 * where the text began (a hanging indent). No width (output piped to a program or a file): one whole line.
 */
export function hang(prefix: string, text: string, width: number | undefined): string {
  // No width (piped, or to a file): nothing to measure.
  if (width === undefined) return prefix + text;
  const indent = cells(prefix);
  const room = width - indent;
  if (cells(text) <= room) return prefix + text;
  // Too little room after the prefix (under a third of the terminal, 20 cells, or its longest word): the text goes
  // under the prefix, indented 4.
  const longest = text.split(' ').reduce((m, w) => Math.max(m, cells(w)), 0);
  if (room < Math.max(20, width / 3, longest)) return width - 4 >= 20 && indent > 4 ? `${prefix.trimEnd()}\n${hang('    ', text, width)}` : prefix + text;
  const lines: string[] = [];
  const [first = '', ...rest] = text.split(' ');
  let line = first;
  let used = cells(first);
  for (const word of rest) {
    const w = cells(word);
    if (used > 0 && used + 1 + w > room) {
      lines.push(line);
      line = word;
      used = w;
    } else {
      line = `${line} ${word}`;
      used += 1 + w;
    }
  }
  lines.push(line);
  return prefix + lines.join(`\n${' '.repeat(indent)}`);
}

/**
 * Every line of a text no wider than `width` cells: a longer line is wrapped at its spaces under its own indent.
 * No width (piped or to a file): the text as it is.
 */
export function fitLines(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  return text
    .split('\n')
    .map((line) => {
      if (cells(line) <= width) return line;
      const indent = /^ */.exec(line)![0];
      return hang(indent, line.slice(indent.length), width);
    })
    .join('\n');
}
