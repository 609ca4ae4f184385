/**
 * Text from images and manifests (package, unit and file names) placed into GitHub-flavoured
 * Markdown: a name containing `|` would otherwise split a table row, and a backtick would end a
 * code span early.
 */

/**
 * Prose or a name as a table cell: backslashes, pipes and `*` escaped, backticks replaced, `&`
 * and `<` written as entities so that a name cannot open an HTML tag in a rendered comment.
 */
export function markdownCell(text: string): string {
  return flattenLines(text)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\*/g, '\\*')
    .replace(/`/g, "'")
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;');
}

/**
 * A name as inline code inside a table cell: `` `a\|b` ``. A code span shows its text as is (no
 * escapes, no HTML), but GFM splits table rows on pipes before it reads spans, so a pipe is
 * escaped there; a backtick, which would end the span, is replaced.
 */
export function markdownCode(text: string): string {
  return `\`${flattenLines(text).replace(/\|/g, '\\|').replace(/`/g, "'")}\``;
}

/**
 * A name as inline code in a heading or a list item, outside tables: there `\|` would show its
 * backslash, so only a backtick is replaced.
 */
export function markdownInlineCode(text: string): string {
  return `\`${flattenLines(text).replace(/`/g, "'")}\``;
}

/** One table row from cells that are already Markdown: `| a | b |`. */
export function markdownRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** A line break inside a name would end a table row or a heading: it becomes a space. */
function flattenLines(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ');
}

/**
 * A version as inline code in a table cell, or nothing when there is none: versions come from the
 * same untrusted metadata as names, so they get the same treatment (no HTML, no mentions, no links).
 */
export function markdownVersion(version: string | undefined): string {
  return version === undefined || version === '' ? '' : markdownCode(version);
}
