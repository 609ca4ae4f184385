/**
 * A small s-expression reader for the files dune writes (`dune-package`): atoms, quoted strings with
 * OCaml-style escapes, `;` line comments, `#;` datum comments and `#| |#` block comments. Every node
 * keeps its line and column so that errors in the files that use it can point at the spot.
 */
import { UserError } from '../../analyzer/model/user-error.js';

/** An atom (quoted or not) or a list, with its 1-based position. */
export type Sexp =
  | { kind: 'atom'; value: string; line: number; column: number }
  | { kind: 'list'; items: Sexp[]; line: number; column: number };

/** Nesting deeper than this is refused rather than risking the stack on hostile input. */
const MAX_DEPTH = 200;

/**
 * Reads every top-level s-expression of `text`.
 * @throws UserError `META_BAD` with line and column on unbalanced parentheses or a bad string.
 */
export function readSexp(text: string): Sexp[] {
  const r: Reader = { text, i: 0, line: 1, lineStart: 0 };
  const top: Sexp[] = [];
  for (;;) {
    skipBlank(r);
    if (r.i >= text.length) return top;
    if (text[r.i] === ')')
      throw new UserError('META_BAD', 'unexpected ")"', { line: r.line, column: r.i - r.lineStart + 1 });
    const node = readNode(r, 0);
    if (node) top.push(node);
  }
}

/** Reads one expression at `r.i` (blanks already skipped); undefined for a `#;` datum comment. */
function readNode(r: Reader, depth: number): Sexp | undefined {
  const line = r.line;
  const column = r.i - r.lineStart + 1;
  const ch = r.text[r.i];
  if (ch === '#' && r.text[r.i + 1] === ';') {
    r.i += 2;
    skipBlank(r);
    if (r.i >= r.text.length || r.text[r.i] === ')')
      throw new UserError('META_BAD', '"#;" with nothing after it', { line, column });
    // A run of `#;` nests like lists do (each comments out the next datum): count it as depth.
    if (depth >= MAX_DEPTH)
      throw new UserError('META_BAD', '"#;" comments nested too deeply', { line, column });
    readNode(r, depth + 1);
    return undefined;
  }
  if (ch === '"') return { kind: 'atom', value: readQuotedAtom(r, line, column), line, column };
  if (ch !== '(') {
    const value = readBareAtom(r);
    // A character that ends atoms but is no blank (\v, U+00A0, U+2028...) would otherwise be read as
    // an empty atom again and again, without moving on, until memory runs out.
    if (value === '')
      throw new UserError(
        'META_BAD',
        `unexpected character U+${ch?.codePointAt(0)?.toString(16).padStart(4, '0')}`,
        {
          line,
          column,
        },
      );
    return { kind: 'atom', value, line, column };
  }
  if (depth >= MAX_DEPTH) throw new UserError('META_BAD', 'lists nested too deeply', { line, column });
  r.i++;
  const items: Sexp[] = [];
  for (;;) {
    skipBlank(r);
    if (r.i >= r.text.length)
      throw new UserError('META_BAD', 'list not closed before the end of the file', { line, column });
    if (r.text[r.i] === ')') {
      r.i++;
      return { kind: 'list', items, line, column };
    }
    const item = readNode(r, depth + 1);
    if (item) items.push(item);
  }
}

interface Reader {
  text: string;
  i: number;
  line: number;
  lineStart: number;
}

function skipBlank(r: Reader): void {
  while (r.i < r.text.length) {
    const ch = r.text[r.i];
    if (ch === '\n') {
      r.line++;
      r.lineStart = ++r.i;
    } else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f') r.i++;
    else if (ch === ';') while (r.i < r.text.length && r.text[r.i] !== '\n') r.i++;
    else if (ch === '#' && r.text[r.i + 1] === '|') skipBlockComment(r);
    else return;
  }
}

function skipBlockComment(r: Reader): void {
  const line = r.line;
  const column = r.i - r.lineStart + 1;
  const end = r.text.indexOf('|#', r.i + 2);
  if (end < 0) throw new UserError('META_BAD', 'block comment not closed', { line, column });
  for (let k = r.i; k < end; k++) {
    if (r.text[k] === '\n') {
      r.line++;
      r.lineStart = k + 1;
    }
  }
  r.i = end + 2;
}

function readBareAtom(r: Reader): string {
  const start = r.i;
  while (r.i < r.text.length && !/[\s()";]/.test(r.text[r.i] ?? '')) r.i++;
  return r.text.slice(start, r.i);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  '\\': '\\',
  '"': '"',
  "'": "'",
  ' ': ' ',
};

function readQuotedAtom(r: Reader, line: number, column: number): string {
  let out = '';
  r.i++;
  while (r.i < r.text.length) {
    const ch = r.text[r.i] ?? '';
    if (ch === '"') {
      r.i++;
      return out;
    }
    if (ch === '\n') {
      r.line++;
      r.lineStart = r.i + 1;
    }
    if (ch !== '\\') {
      out += ch;
      r.i++;
      continue;
    }
    out += readEscape(r, line, column);
  }
  throw new UserError('META_BAD', 'string without closing quote', { line, column });
}

/** `\n`, `\\`, `\"`, `\DDD`, `\xHH`, and backslash-newline (skips the next line's indentation). */
function readEscape(r: Reader, line: number, column: number): string {
  const next = r.text[r.i + 1] ?? '';
  if (next === '\n') {
    r.i += 2;
    r.line++;
    r.lineStart = r.i;
    while (r.text[r.i] === ' ' || r.text[r.i] === '\t') r.i++;
    return '';
  }
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) {
    r.i += 2;
    return simple;
  }
  const dec = /^[0-9]{3}/.exec(r.text.slice(r.i + 1, r.i + 4));
  if (dec) {
    r.i += 4;
    return String.fromCharCode(Number(dec[0]));
  }
  const hex = /^x([0-9a-fA-F]{2})/.exec(r.text.slice(r.i + 1, r.i + 4));
  if (hex) {
    r.i += 4;
    return String.fromCharCode(parseInt(hex[1] ?? '0', 16));
  }
  throw new UserError('META_BAD', `unknown escape "\\${next}" in a string`, { line, column });
}
