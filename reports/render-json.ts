/**
 * The JSON reporters: the result itself, so `--json` output is the data the other reporters
 * render, and scripts never parse text.
 */

/** One document on one line (what most commands print with `--json`). */
export function renderJson(result: unknown): string {
  return JSON.stringify(result) + '\n';
}

/** One document, indented by two spaces (what `ingest --json` has always printed). */
export function renderIndentedJson(result: unknown): string {
  return JSON.stringify(result, null, 2) + '\n';
}
