/** Text safe inside a GFM table cell: backslashes and pipes escaped, line breaks flattened. */
export function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ');
}

/** A name as a code span in a table cell: a backtick inside would end the span, so it is replaced. */
export function markdownCode(text: string): string {
  return `\`${markdownCell(text).replace(/`/g, "'")}\``;
}
