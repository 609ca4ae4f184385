/**
 * Reads a findlib `META` file: per (sub)package its version, description, requirements and archives,
 * with the predicates each assignment is conditioned on. The archives are how an archive member in a
 * linker map (`lwt_unix.a(lwt_main.o)`) is traced back to a findlib package and so to an opam package.
 * Grammar: `var = "v"`, `var(p,-q) = "v"`, `var += "v"`, `package "sub" ( ... )`, `#` comments.
 */
import { UserError } from '../../analyzer/model/user-error.js';

/** One assignment as written, with its predicates (`-p` for a negated one). */
export interface FindlibAssignment {
  variable: string;
  predicates: string[];
  /** True for `+=`. */
  append: boolean;
  value: string;
}

/** One package of a META file (the top one, or a `package "sub"` inside it). */
export interface FindlibPackage {
  /** Full dotted name: `lwt`, `lwt.unix`. */
  name: string;
  version?: string;
  description?: string;
  /** `requires` without predicates (appends included), split into package names. */
  requires: string[];
  /** Every `archive(...)` assignment: its predicates and file names. */
  archives: { predicates: string[]; files: string[]; append?: boolean }[];
  directory?: string;
  /** Every assignment of the package, for the variables not lifted above (`exists_if`, `linkopts`, conditional `requires`). */
  assignments: FindlibAssignment[];
}

/** The packages a META file defines, the top package first. */
export interface FindlibMeta {
  packages: FindlibPackage[];
}

type Token = { kind: 'name' | 'string' | 'punct'; text: string; line: number; column: number };

/** Subpackage nesting accepted before the file is refused (each level is one recursive call). */
const MAX_SUBPACKAGE_DEPTH = 100;

/**
 * Parses a META file. `packageName` is the top package's name, which the file itself does not state
 * (findlib takes it from the directory, or from the `META.<name>` file name).
 * @throws UserError `META_BAD` with line and column on a syntax error.
 */
export function readFindlibMeta(text: string, packageName: string): FindlibMeta {
  const tokens = tokenizeMeta(text);
  const packages: FindlibPackage[] = [];
  const state = { i: 0 };
  readPackageBody(tokens, state, packageName, packages, undefined);
  return { packages };
}

/** Reads assignments up to the end of the file, or up to the `)` matching `opener` for a subpackage. */
function readPackageBody(
  tokens: Token[],
  state: { i: number },
  name: string,
  out: FindlibPackage[],
  opener: Token | undefined,
): void {
  const pkg: FindlibPackage = { name, requires: [], archives: [], assignments: [] };
  out.push(pkg);
  for (;;) {
    const t = tokens[state.i];
    if (t === undefined) {
      if (opener) throw bad(`package ${JSON.stringify(name)} opened here is not closed by ")"`, opener);
      return;
    }
    if (t.kind === 'punct' && t.text === ')') {
      if (!opener) throw bad('unexpected ")"', t);
      state.i++;
      return;
    }
    if (t.kind === 'name' && t.text === 'package' && tokens[state.i + 1]?.kind === 'string') {
      const sub = tokens[state.i + 1]?.text ?? '';
      expectPunct(tokens, state.i + 2, '(');
      state.i += 3;
      // One stack frame per level: real META files nest subpackages two or three deep.
      if (name.split('.').length > MAX_SUBPACKAGE_DEPTH)
        throw bad(`subpackages nested deeper than ${MAX_SUBPACKAGE_DEPTH} levels`, tokens[state.i - 1]);
      readPackageBody(tokens, state, `${name}.${sub}`, out, tokens[state.i - 1]);
      continue;
    }
    applyAssignment(pkg, readAssignment(tokens, state));
  }
}

function readAssignment(tokens: Token[], state: { i: number }): FindlibAssignment {
  const nameToken = tokens[state.i];
  if (nameToken?.kind !== 'name')
    throw bad(`expected a variable name, found ${describe(nameToken)}`, nameToken);
  state.i++;
  const predicates: string[] = [];
  if (tokens[state.i]?.text === '(' && tokens[state.i]?.kind === 'punct') {
    state.i++;
    for (;;) {
      const p = tokens[state.i];
      if (p?.kind !== 'name') throw bad(`expected a predicate, found ${describe(p)}`, p);
      predicates.push(p.text);
      state.i++;
      const sep = tokens[state.i];
      state.i++;
      if (sep?.kind === 'punct' && sep.text === ')') break;
      if (sep?.kind !== 'punct' || sep.text !== ',')
        throw bad(`expected "," or ")", found ${describe(sep)}`, sep);
    }
  }
  const op = tokens[state.i];
  if (op?.kind !== 'punct' || (op.text !== '=' && op.text !== '+='))
    throw bad(`expected "=" or "+=", found ${describe(op)}`, op);
  const value = tokens[state.i + 1];
  if (value?.kind !== 'string') throw bad(`expected a quoted value, found ${describe(value)}`, value ?? op);
  state.i += 2;
  return { variable: nameToken.text, predicates, append: op.text === '+=', value: value.text };
}

function applyAssignment(pkg: FindlibPackage, a: FindlibAssignment): void {
  pkg.assignments.push(a);
  const unconditional = a.predicates.length === 0;
  if (a.variable === 'archive') {
    const entry: FindlibPackage['archives'][number] = { predicates: a.predicates, files: splitList(a.value) };
    if (a.append) entry.append = true;
    pkg.archives.push(entry);
  } else if (a.variable === 'requires' && unconditional) {
    pkg.requires = a.append ? [...pkg.requires, ...splitList(a.value)] : splitList(a.value);
  } else if (unconditional && !a.append) {
    if (a.variable === 'version') pkg.version = a.value;
    else if (a.variable === 'description') pkg.description = a.value;
    else if (a.variable === 'directory') pkg.directory = a.value;
  }
}

/** Findlib lists are separated by blanks or commas. */
function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter((s) => s.length > 0);
}

/**
 * The value findlib gives `variable` of `pkg` under `predicates`: the `=` assignment whose predicates
 * all hold and that has the most of them, then every `+=` whose predicates hold, in order.
 */
export function resolveFindlibVariable(
  pkg: FindlibPackage,
  variable: string,
  predicates: readonly string[],
): string | undefined {
  const holds = (ps: string[]): boolean =>
    ps.every((p) => (p.startsWith('-') ? !predicates.includes(p.slice(1)) : predicates.includes(p)));
  let best: FindlibAssignment | undefined;
  for (const a of pkg.assignments) {
    if (a.variable !== variable || a.append || !holds(a.predicates)) continue;
    if (!best || a.predicates.length > best.predicates.length) best = a;
  }
  const appends = pkg.assignments
    .filter((a) => a.variable === variable && a.append && holds(a.predicates))
    .map((a) => a.value);
  if (!best && appends.length === 0) return undefined;
  return [best?.value ?? '', ...appends].filter((v) => v.length > 0).join(' ');
}

function tokenizeMeta(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    const column = i - lineStart + 1;
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
      i++;
    } else if (/\s/.test(ch)) i++;
    else if (ch === '#') while (i < text.length && text[i] !== '\n') i++;
    else if (ch === '"') {
      const s = readQuoted(text, i, line, column);
      tokens.push({ kind: 'string', text: s.value, line, column });
      for (let k = i; k < s.end; k++) {
        if (text[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      }
      i = s.end;
    } else if (ch === '+' && text[i + 1] === '=') {
      tokens.push({ kind: 'punct', text: '+=', line, column });
      i += 2;
    } else if ('()=,'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, line, column });
      i++;
    } else {
      const m = /^[A-Za-z0-9_.-]+/.exec(text.slice(i, i + 256));
      if (!m) throw new UserError('META_BAD', `unexpected character ${JSON.stringify(ch)}`, { line, column });
      tokens.push({ kind: 'name', text: m[0], line, column });
      i += m[0].length;
    }
  }
  return tokens;
}

/** A double-quoted string; findlib knows only `\"` and `\\` as escapes. */
function readQuoted(
  text: string,
  start: number,
  line: number,
  column: number,
): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') return { value, end: i + 1 };
    if (ch === '\\' && i + 1 < text.length) {
      i++;
      value += text[i];
    } else value += ch;
  }
  throw new UserError('META_BAD', 'string without closing quote', { line, column });
}

function expectPunct(tokens: Token[], i: number, text: string): void {
  const t = tokens[i];
  if (t?.kind !== 'punct' || t.text !== text)
    throw bad(`expected "${text}", found ${describe(t)}`, t ?? tokens[i - 1]);
}

function describe(t: Token | undefined): string {
  // JSON quoting keeps a value's newlines and quotes inside the one message line.
  return t === undefined ? 'the end of the file' : JSON.stringify(t.text);
}

function bad(detail: string, at: Token | undefined): UserError {
  return new UserError('META_BAD', detail, at ? { line: at.line, column: at.column } : {});
}
