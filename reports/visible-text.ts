/**
 * Names in images and manifests are chosen by whoever built the image, so a report must not let
 * them act on the reader's terminal or disguise themselves: an ESC sequence can retitle or clear a
 * terminal, a bidi override (U+202E) can make `evil.exe` read as `exe.live`. Such characters are
 * shown in a visible escaped form instead: `\x1b`, `\u202e`.
 */

// C0 controls except tab and line feed (which text reports use for layout), DEL, C1 controls; the
// bidi embeddings, overrides and isolates; line and paragraph separators; zero-width and BOM
// characters that hide text; and lone surrogates, which are what invalid UTF-16 decodes to.
/* eslint-disable no-control-regex -- matching control characters is this module's purpose */
const HIDDEN =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */

/** The text with every control, bidi or invisible character written as a visible escape. */
export function visibleText(text: string): string {
  return text.replace(HIDDEN, escapeOne);
}

/** As {@link visibleText}, and line breaks too: for one-line contexts such as an error line. */
export function visibleLine(text: string): string {
  return visibleText(text).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * The value with every string in it made a visible single line ({@link visibleLine}), objects and
 * arrays rebuilt only where something changed (so a large clean manifest costs one walk, no copy).
 * Reporters add their own line breaks for layout; a line break inside a name is data, and left as
 * is it would let a name forge a line of the report ("verdict: pass") or end a Markdown table.
 */
export function visibleStrings<T>(value: T): T {
  return visit(value) as T;
}

function visit(value: unknown): unknown {
  if (typeof value === 'string') return visibleLine(value);
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const seen = visit(item);
      if (seen !== item) (copy ??= value.slice())[i] = seen;
    }
    return copy ?? value;
  }
  if (value instanceof Map || value instanceof Set || value instanceof Date) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const seen = visit(item);
    if (seen !== item) (copy ??= { ...value })[key] = seen;
  }
  return copy ?? value;
}
