/**
 * Parser for the opam file format (opam manual, section "File format"), written by hand.
 * Produces a typed AST with a 1-based line and column on every node. Used for opam files,
 * `opam switch export` files, opam-monorepo lock files and `.changes` files.
 */
import { UserError } from '../../analyzer/model/user-error.js';
import { lexOpam } from './opam-lexer.js';
import type { OpamToken, OpamTokenKind } from './opam-lexer.js';

/** Where a node starts in the text. */
export interface OpamPos {
  line: number;
  column: number;
}

/** Relational operators of opam formulas. */
export type OpamRelop = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** An opam value. `%{var}%` interpolations stay as text inside `string` nodes. */
export type OpamValue =
  | ({ type: 'string'; value: string; triple: boolean } & OpamPos)
  | ({ type: 'ident'; name: string } & OpamPos)
  | ({ type: 'int'; value: number } & OpamPos)
  | ({ type: 'bool'; value: boolean } & OpamPos)
  | ({ type: 'list'; items: OpamValue[] } & OpamPos)
  /** `value { filter or constraint ... }`. */
  | ({ type: 'option'; value: OpamValue; options: OpamValue[] } & OpamPos)
  | ({ type: 'relop'; op: OpamRelop; left: OpamValue; right: OpamValue } & OpamPos)
  /** Prefix form: `>= "1.0"` inside a version constraint. */
  | ({ type: 'prefix-relop'; op: OpamRelop; value: OpamValue } & OpamPos)
  | ({ type: 'logop'; op: '&' | '|'; left: OpamValue; right: OpamValue } & OpamPos)
  | ({ type: 'not'; value: OpamValue } & OpamPos)
  /** `?var`: true when the variable is defined. */
  | ({ type: 'defined'; value: OpamValue } & OpamPos)
  /** `( ... )`: parentheses, which may hold several values. */
  | ({ type: 'group'; items: OpamValue[] } & OpamPos)
  /** Environment update, `VAR += "x"` (setenv, build-env). */
  | ({ type: 'env'; name: string; op: string; value: OpamValue } & OpamPos);

/** `name: value`. */
export interface OpamField extends OpamPos {
  type: 'field';
  name: string;
  value: OpamValue;
}

/** `kind "label" { items }` (`url { ... }`, `package "lwt" { ... }`). */
export interface OpamSection extends OpamPos {
  type: 'section';
  kind: string;
  label?: string;
  items: OpamItem[];
}

/** A top-level or section item. */
export type OpamItem = OpamField | OpamSection;

/** A parsed opam file. */
export interface OpamFile {
  /** The file name given to the parser, for messages. */
  file?: string;
  items: OpamItem[];
}

/** Parses opam-format text; throws `UserError('OPAM_SYNTAX')` naming file, line and column. */
export function parseOpam(text: string, file?: string): OpamFile {
  const parser = new OpamParser(lexOpam(text, file), file);
  const items = parser.parseItems('eof');
  return file === undefined ? { items } : { file, items };
}

const TOKEN_NAMES: Record<OpamTokenKind, string> = {
  string: 'a string',
  ident: 'an identifier',
  int: 'an integer',
  bool: 'a boolean',
  colon: '":"',
  lbracket: '"["',
  rbracket: '"]"',
  lbrace: '"{"',
  rbrace: '"}"',
  lparen: '"("',
  rparen: '")"',
  relop: 'an operator',
  and: '"&"',
  or: '"|"',
  not: '"!"',
  defined: '"?"',
  envop: 'an operator',
  eof: 'the end of the file',
};

// Real opam files nest a few levels (a list of packages, each with a filter formula). Every nesting
// level, and every operator of a `&`/`|` chain (each makes the tree one level deeper), costs a stack
// frame here and in every reader that walks the values, so a hostile file could otherwise overflow the
// stack; past this depth the file is refused as a syntax error instead.
const MAX_NESTING = 200;

class OpamParser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: OpamToken[],
    private readonly file: string | undefined,
  ) {}

  private peek(ahead = 0): OpamToken {
    // The token list always ends with `eof`, so clamping keeps every read in range.
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] as OpamToken;
  }

  private next(): OpamToken {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private fail(what: string, token: OpamToken): never {
    throw new UserError('OPAM_SYNTAX', what, { file: this.file, line: token.line, column: token.column });
  }

  /** Counts `levels` more nesting levels (undone by `leave`); refuses the file past MAX_NESTING. */
  private enter(token: OpamToken, levels = 1): void {
    this.depth += levels;
    if (this.depth > MAX_NESTING)
      this.fail(`values or sections nested deeper than ${MAX_NESTING} levels`, token);
  }

  private leave(levels = 1): void {
    this.depth -= levels;
  }

  private describe(token: OpamToken): string {
    return token.kind === 'eof'
      ? TOKEN_NAMES.eof
      : `${TOKEN_NAMES[token.kind]} ${JSON.stringify(token.text)}`;
  }

  private expect(kind: OpamTokenKind, context: string, opener?: OpamToken): OpamToken {
    const token = this.peek();
    if (token.kind !== kind) {
      const open = opener
        ? ` (for the ${TOKEN_NAMES[opener.kind]} at line ${opener.line}, column ${opener.column})`
        : '';
      this.fail(`expected ${TOKEN_NAMES[kind]} ${context}${open}, found ${this.describe(token)}`, token);
    }
    return this.next();
  }

  /** Items until `end`: fields `name: value` and sections `kind "label"? { items }`. */
  parseItems(end: 'eof' | 'rbrace', opener?: OpamToken): OpamItem[] {
    const items: OpamItem[] = [];
    while (this.peek().kind !== end) {
      const name = this.peek();
      if (name.kind === 'eof') this.expect(end, 'to close the section', opener);
      if (name.kind !== 'ident')
        this.fail(`expected a field name or a section, found ${this.describe(name)}`, name);
      this.next();
      if (this.peek().kind === 'colon') {
        this.next();
        items.push({
          type: 'field',
          name: name.text,
          value: this.parseValue(),
          line: name.line,
          column: name.column,
        });
        continue;
      }
      const label = this.peek().kind === 'string' ? this.next().text : undefined;
      const open = this.expect('lbrace', `after the section name "${name.text}" (or ":" after a field name)`);
      this.enter(open);
      const body = this.parseItems('rbrace', open);
      this.leave();
      this.next();
      const section: OpamSection = {
        type: 'section',
        kind: name.text,
        items: body,
        line: name.line,
        column: name.column,
      };
      if (label !== undefined) section.label = label;
      items.push(section);
    }
    return items;
  }

  /** Lowest precedence first: `|`, then `&`, then prefix `!`/`?`/relop, then infix relop, then `{ }`. */
  private parseValue(): OpamValue {
    this.enter(this.peek());
    let chain = 0;
    let left = this.parseAnd();
    while (this.peek().kind === 'or') {
      this.enter(this.next());
      chain++;
      left = { type: 'logop', op: '|', left, right: this.parseAnd(), line: left.line, column: left.column };
    }
    this.leave(chain + 1);
    return left;
  }

  private parseAnd(): OpamValue {
    let chain = 0;
    let left = this.parseUnary();
    while (this.peek().kind === 'and') {
      this.enter(this.next());
      chain++;
      left = { type: 'logop', op: '&', left, right: this.parseUnary(), line: left.line, column: left.column };
    }
    this.leave(chain);
    return left;
  }

  private parseUnary(): OpamValue {
    const token = this.peek();
    if (token.kind === 'not') {
      this.next();
      this.enter(token);
      const value = this.parseUnary();
      this.leave();
      return { type: 'not', value, line: token.line, column: token.column };
    }
    if (token.kind === 'defined') {
      this.next();
      return { type: 'defined', value: this.parseOptioned(), line: token.line, column: token.column };
    }
    if (token.kind === 'relop') {
      this.next();
      return {
        type: 'prefix-relop',
        op: token.text as OpamRelop,
        value: this.parseOptioned(),
        line: token.line,
        column: token.column,
      };
    }
    return this.parseRelation();
  }

  private parseRelation(): OpamValue {
    const left = this.parseOptioned();
    const token = this.peek();
    if (token.kind === 'relop') {
      this.next();
      return {
        type: 'relop',
        op: token.text as OpamRelop,
        left,
        right: this.parseOptioned(),
        line: left.line,
        column: left.column,
      };
    }
    if (token.kind === 'envop' && left.type === 'ident') {
      this.next();
      return {
        type: 'env',
        name: left.name,
        op: token.text,
        value: this.parseOptioned(),
        line: left.line,
        column: left.column,
      };
    }
    return left;
  }

  private parseOptioned(): OpamValue {
    let chain = 0;
    let value = this.parseAtom();
    while (this.peek().kind === 'lbrace') {
      const open = this.next();
      this.enter(open);
      chain++;
      const options = this.parseValuesUntil('rbrace', open);
      value = { type: 'option', value, options, line: value.line, column: value.column };
    }
    this.leave(chain);
    return value;
  }

  private parseValuesUntil(end: 'rbracket' | 'rbrace' | 'rparen', open: OpamToken): OpamValue[] {
    const values: OpamValue[] = [];
    while (this.peek().kind !== end) {
      const token = this.peek();
      // A field name inside brackets means the bracket was never closed: point at the opener.
      if (token.kind === 'eof' || (token.kind === 'ident' && this.peek(1).kind === 'colon')) {
        const found =
          token.kind === 'eof' ? TOKEN_NAMES.eof : `the field "${token.text}:" at line ${token.line}`;
        this.fail(`unclosed ${TOKEN_NAMES[open.kind]}: expected ${TOKEN_NAMES[end]} before ${found}`, open);
      }
      values.push(this.parseValue());
    }
    this.next();
    return values;
  }

  private parseAtom(): OpamValue {
    const token = this.next();
    const pos = { line: token.line, column: token.column };
    switch (token.kind) {
      case 'string':
        return { type: 'string', value: token.text, triple: token.triple === true, ...pos };
      case 'ident':
        return { type: 'ident', name: token.text, ...pos };
      case 'int':
        return { type: 'int', value: Number(token.text), ...pos };
      case 'bool':
        return { type: 'bool', value: token.text === 'true', ...pos };
      case 'lbracket':
        return { type: 'list', items: this.parseValuesUntil('rbracket', token), ...pos };
      case 'lparen':
        return { type: 'group', items: this.parseValuesUntil('rparen', token), ...pos };
      default:
        return this.fail(`expected a value, found ${this.describe(token)}`, token);
    }
  }
}
