/**
 * Lexer for the opam file format (opam manual, section "File format"): strings (plain and
 * triple-quoted, with escapes), idents and `pkg:var` variables, ints, bools, brackets, braces,
 * parentheses, relational, logical and environment-update operators; `#` line comments and nested
 * `(* *)` block comments are skipped. Positions are 1-based line and column.
 */
import { UserError } from '../../analyzer/model/user-error.js';

/** The kinds of token the opam parser sees. */
export type OpamTokenKind =
  | 'string'
  | 'ident'
  | 'int'
  | 'bool'
  | 'colon'
  | 'lbracket'
  | 'rbracket'
  | 'lbrace'
  | 'rbrace'
  | 'lparen'
  | 'rparen'
  | 'relop'
  | 'and'
  | 'or'
  | 'not'
  | 'defined'
  | 'envop'
  | 'eof';

/** One token with its decoded text and where it starts. */
export interface OpamToken {
  kind: OpamTokenKind;
  /** Decoded string contents, identifier, integer digits, operator, or `true`/`false`. */
  text: string;
  /** True for `"""..."""` strings. */
  triple?: boolean;
  line: number;
  column: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[A-Za-z0-9_+-]/;
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  '"': '"',
  "'": "'",
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  ' ': ' ',
};

/** Splits opam text into tokens; throws `OPAM_SYNTAX` with line and column on bad input. */
export function lexOpam(text: string, file?: string): OpamToken[] {
  return new OpamLexer(text, file).run();
}

class OpamLexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly tokens: OpamToken[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string | undefined,
  ) {}

  run(): OpamToken[] {
    for (;;) {
      this.skipBlanks();
      if (this.pos >= this.text.length) break;
      this.readToken();
    }
    this.tokens.push({ kind: 'eof', text: '', line: this.line, column: this.column() });
    return this.tokens;
  }

  private column(at = this.pos): number {
    return at - this.lineStart + 1;
  }

  private fail(what: string, line = this.line, column = this.column()): never {
    throw new UserError('OPAM_SYNTAX', what, { file: this.file, line, column });
  }

  /** Advances one character, keeping line accounting right. */
  private advance(): string {
    const ch = this.text[this.pos++] ?? '';
    if (ch === '\n') {
      this.line++;
      this.lineStart = this.pos;
    }
    return ch;
  }

  private skipBlanks(): void {
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') this.advance();
      else if (ch === '#') while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.advance();
      else if (ch === '(' && this.text[this.pos + 1] === '*') this.skipBlockComment();
      else return;
    }
  }

  /** `(* ... *)` comments nest, as in OCaml. */
  private skipBlockComment(): void {
    const line = this.line;
    const column = this.column();
    let depth = 0;
    while (this.pos < this.text.length) {
      if (this.text.startsWith('(*', this.pos)) {
        depth++;
        this.advance();
        this.advance();
      } else if (this.text.startsWith('*)', this.pos)) {
        depth--;
        this.advance();
        this.advance();
        if (depth === 0) return;
      } else this.advance();
    }
    this.fail('unterminated comment "(*"', line, column);
  }

  private push(kind: OpamTokenKind, text: string, line: number, column: number, triple?: boolean): void {
    this.tokens.push(triple ? { kind, text, triple, line, column } : { kind, text, line, column });
  }

  private readToken(): void {
    const line = this.line;
    const column = this.column();
    const ch = this.text[this.pos] ?? '';
    const two = this.text.slice(this.pos, this.pos + 2);
    const three = this.text.slice(this.pos, this.pos + 3);
    const punct: Record<string, OpamTokenKind> = {
      '[': 'lbracket',
      ']': 'rbracket',
      '{': 'lbrace',
      '}': 'rbrace',
      '(': 'lparen',
      ')': 'rparen',
      '&': 'and',
      '|': 'or',
    };
    if (ch === '"') return this.readString(line, column);
    if (punct[ch]) {
      this.advance();
      return this.push(punct[ch], ch, line, column);
    }
    const op =
      three === '=+=' ? three : ['+=', '=+', ':=', '=:', '!=', '<=', '>='].includes(two) ? two : undefined;
    if (op) {
      this.advance();
      this.advance();
      if (op.length === 3) this.advance();
      return this.push(['!=', '<=', '>='].includes(op) ? 'relop' : 'envop', op, line, column);
    }
    if (ch === '=' || ch === '<' || ch === '>') {
      this.advance();
      return this.push('relop', ch, line, column);
    }
    if (ch === '!' || ch === '?' || ch === ':') {
      this.advance();
      return this.push(ch === '!' ? 'not' : ch === '?' ? 'defined' : 'colon', ch, line, column);
    }
    if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(this.text[this.pos + 1] ?? '')))
      return this.readInt(line, column);
    if (IDENT_START.test(ch)) return this.readIdent(line, column);
    this.fail(`unexpected character ${JSON.stringify(ch)}`);
  }

  private readInt(line: number, column: number): void {
    const start = this.pos;
    this.advance();
    while (/[0-9]/.test(this.text[this.pos] ?? '')) this.advance();
    this.push('int', this.text.slice(start, this.pos), line, column);
  }

  /** Idents may carry `pkg:var` and `pkg1+pkg2:var` forms; `name:` followed by a blank is a field. */
  private readIdent(line: number, column: number): void {
    const start = this.pos;
    while (IDENT_CHAR.test(this.text[this.pos] ?? '')) this.advance();
    while (this.text[this.pos] === ':' && IDENT_START.test(this.text[this.pos + 1] ?? '')) {
      this.advance();
      while (IDENT_CHAR.test(this.text[this.pos] ?? '')) this.advance();
    }
    const word = this.text.slice(start, this.pos);
    this.push(word === 'true' || word === 'false' ? 'bool' : 'ident', word, line, column);
  }

  private readString(line: number, column: number): void {
    const triple = this.text.startsWith('"""', this.pos);
    const quote = triple ? '"""' : '"';
    for (let i = 0; i < quote.length; i++) this.advance();
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail(`unterminated string (opened with ${quote})`, line, column);
      if (this.text.startsWith(quote, this.pos)) {
        for (let i = 0; i < quote.length; i++) this.advance();
        return this.push('string', out, line, column, triple);
      }
      const ch = this.advance();
      out += ch === '\\' ? this.readEscape() : ch;
    }
  }

  /** Escapes as in OCaml strings; `%{var}%` interpolations are plain text and stay as written. */
  private readEscape(): string {
    const line = this.line;
    const column = this.column() - 1;
    const ch = this.text[this.pos] ?? '';
    if (SIMPLE_ESCAPES[ch] !== undefined) {
      this.advance();
      return SIMPLE_ESCAPES[ch];
    }
    if (ch === '\n' || (ch === '\r' && this.text[this.pos + 1] === '\n')) {
      // Backslash-newline joins lines and drops the next line's leading blanks.
      if (ch === '\r') this.advance();
      this.advance();
      while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.advance();
      return '';
    }
    const dec = /^[0-9]{3}/.exec(this.text.slice(this.pos, this.pos + 3));
    if (dec && Number(dec[0]) <= 255) {
      this.pos += 3;
      return String.fromCharCode(Number(dec[0]));
    }
    const hex = /^x[0-9a-fA-F]{2}/.exec(this.text.slice(this.pos, this.pos + 3));
    if (hex) {
      this.pos += 3;
      return String.fromCharCode(parseInt(hex[0].slice(1), 16));
    }
    this.fail(`invalid escape "\\${ch}" in string`, line, column);
  }
}
