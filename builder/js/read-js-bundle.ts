import { Node, Project, ts, type SourceFile, type Statement } from 'ts-morph';
import { UserError } from '../../analyzer/model/user-error.js';
import { decodeJsText } from './decode-js-text.js';
import { buildJsAttribution, JsRunList, type JsUnitSpec } from './js-run-list.js';
import type { JsReadResult } from './read-js-source-map.js';
import type { Diagnostic } from '../../analyzer/model/manifest.js';

/** Options for {@link readJsBundle}; all optional. */
export interface JsBundleOptions {
  /** The bundle's name as the user gave it, for error messages. */
  file?: string;
  /** Package for the js_of_ocaml runtime; default `js_of_ocaml`. */
  runtimePackage?: string;
}

/** The parse-based attribution, plus the runtime primitives recognised by name. */
export interface JsBundleResult extends JsReadResult {
  /** Names of `caml_*` function declarations, sorted (empty for a minified bundle). */
  runtimePrimitives: string[];
}

const [WS, GLUE, RUNTIME, COMPILED] = [0, 1, 2, 3];
const UNIT_SPECS: readonly JsUnitSpec[] = [
  {
    name: '[whitespace/comments]',
    package: '[whitespace/comments]',
    language: 'metadata',
    evidence: 'js-parse',
    evidenceDetail: 'trivia between statements',
    code: false,
  },
  {
    name: '[glue]',
    package: '[glue]',
    language: 'JS',
    evidence: 'js-parse',
    evidenceDetail: 'wrapper, polyfill and shared constant table js_of_ocaml generates',
    code: true,
  },
  {
    name: '[js_of_ocaml runtime]',
    package: 'js_of_ocaml',
    library: 'runtime',
    language: 'JS',
    evidence: 'js-parse',
    evidenceDetail: 'caml_* declarations and the statements before the first caml_callN helper',
    code: true,
  },
  {
    name: '[compiled OCaml]',
    package: '[compiled OCaml]',
    language: 'OCaml',
    evidence: 'js-parse',
    evidenceDetail: 'code from the first caml_callN helper on (no source map: packages unknown)',
    code: true,
  },
];

// js_of_ocaml emits arity helpers `caml_callN(f, a0..) { return f.length == N ? f(..) : caml_call_gen(f, [..]) }`
// right after the runtime; they survive minification in shape, so they mark where compiled code starts.
const CALL_HELPER =
  /^function\s+([\w$]+)\s*\(\s*([\w$]+)\s*,[^)]*\)\s*\{\s*return\s+\2\.length\s*===?\s*\d+\s*\?/;

/**
 * Attributes every byte of a js_of_ocaml bundle without a source map, by parsing it with ts-morph:
 * top-level statements, and inside the main IIFE its statements, each become leaves named after the
 * function or variables they declare. Statements before the first `caml_callN` helper (or named
 * `caml_*`) are the runtime; from it on, compiled OCaml; the wrapper, polyfill and js_of_ocaml's
 * shared-constant table are glue; trivia between statements is whitespace/comments.
 */
export function readJsBundle(bytes: Uint8Array, options: JsBundleOptions = {}): JsBundleResult {
  try {
    return attributeParsedBundle(bytes, options);
  } catch (error) {
    // The TypeScript parser and ts-morph's tree walks recurse once per nesting level and have no depth
    // limit of their own: a bundle nested a few thousand levels deep (the fuzzer's `((((…`) overflows
    // the stack inside them. No real js_of_ocaml output nests like that, so it is refused as input.
    if (error instanceof RangeError && /call stack/i.test(error.message))
      throw new UserError('JS_BAD', 'nested too deeply to parse (the parser ran out of stack)', {
        file: options.file,
      });
    throw error;
  }
}

function attributeParsedBundle(bytes: Uint8Array, options: JsBundleOptions): JsBundleResult {
  const { text, ascii } = decodeJsText(bytes, options.file);
  const sf = parseJs(text, options.file);
  const toByte = makeByteMapper(text, ascii);
  const runs = new JsRunList();
  const diagnostics: Diagnostic[] = [];
  const primitives = new Set<string>();
  const add = (from: number, to: number, unit: number, name?: string): void => {
    const a = toByte(from);
    runs.add(a, toByte(to) - a, unit, name);
  };

  const top = sf.getStatements();
  const main = findMainIife(top);
  let pos = 0;
  for (const st of top) {
    add(pos, st.getStart(), WS);
    if (st === main?.statement) walkIifeBody(main.statement, main.body, add, primitives, diagnostics);
    else add(st.getStart(), st.getEnd(), GLUE, leafName(st));
    pos = st.getEnd();
  }
  add(pos, text.length, WS);
  const specs = UNIT_SPECS.map((s, i) =>
    i === RUNTIME && options.runtimePackage ? { ...s, package: options.runtimePackage } : s,
  );
  return {
    attribution: buildJsAttribution(specs, runs, bytes.length),
    diagnostics,
    runtimePrimitives: [...primitives].sort(),
  };
}

function parseJs(text: string, file: string | undefined): SourceFile {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { allowJs: true, noLib: true, noResolve: true, target: ts.ScriptTarget.ES2022 },
  });
  const sf = project.createSourceFile('/bundle.js', text, { overwrite: true });
  const diag = project.getProgram().getSyntacticDiagnostics(sf)[0];
  if (diag) {
    const start = diag.getStart() ?? 0;
    const { line, column } = sf.getLineAndColumnAtPos(start);
    const message = diag.getMessageText();
    throw new UserError(
      'JS_BAD',
      `does not parse as JavaScript: ${typeof message === 'string' ? message : message.getMessageText()}`,
      { file, line, column },
    );
  }
  return sf;
}

/** The largest top-level `(function(..){..}(..))` or `(function(..){..})(..)`: js_of_ocaml's program wrapper. */
function findMainIife(top: Statement[]): { statement: Statement; body: Statement[] } | undefined {
  let best: { statement: Statement; body: Statement[] } | undefined;
  for (const st of top) {
    if (!Node.isExpressionStatement(st)) continue;
    let e: Node = st.getExpression();
    while (Node.isParenthesizedExpression(e)) e = e.getExpression();
    if (!Node.isCallExpression(e)) continue;
    let callee: Node = e.getExpression();
    while (Node.isParenthesizedExpression(callee)) callee = callee.getExpression();
    if (!Node.isFunctionExpression(callee)) continue;
    if (!best || st.getWidth() > best.statement.getWidth())
      best = { statement: st, body: callee.getStatements() };
  }
  return best;
}

type AddRun = (from: number, to: number, unit: number, name?: string) => void;

function walkIifeBody(
  iife: Statement,
  body: Statement[],
  add: AddRun,
  primitives: Set<string>,
  diagnostics: Diagnostic[],
): void {
  const boundary = findCompiledStart(body);
  if (boundary === undefined) {
    diagnostics.push({
      code: 'js-runtime-boundary-unknown',
      severity: 'warning',
      message: 'no caml_callN helper or caml_* declaration found: all of the bundle counted as compiled code',
    });
  }
  let seenFunction = false;
  let pos = iife.getStart();
  body.forEach((st, i) => {
    add(pos, st.getStart(), i === 0 ? GLUE : WS, i === 0 ? '[wrapper]' : undefined);
    const name = leafName(st);
    if (Node.isFunctionDeclaration(st)) {
      seenFunction = true;
      if (name.startsWith('caml_')) primitives.add(name);
    }
    for (const f of st.getDescendantsOfKind(ts.SyntaxKind.FunctionDeclaration)) {
      const inner = f.getName();
      if (inner?.startsWith('caml_')) primitives.add(inner);
    }
    const runtime = boundary !== undefined && i < boundary;
    const isDirective = i === 0 && Node.isExpressionStatement(st) && Node.isStringLiteral(st.getExpression());
    if (isDirective) add(st.getStart(), st.getEnd(), GLUE, '[wrapper]');
    else if (!seenFunction && Node.isVariableStatement(st) && isConstantTable(st))
      add(st.getStart(), st.getEnd(), GLUE, '[shared constants]');
    else add(st.getStart(), st.getEnd(), runtime ? RUNTIME : COMPILED, name);
    pos = st.getEnd();
  });
  add(pos, iife.getEnd(), GLUE, '[wrapper]');
}

/** Index of the first compiled statement: the first `caml_callN` helper, else after the last `caml_*` declaration. */
function findCompiledStart(body: Statement[]): number | undefined {
  let lastCaml: number | undefined;
  for (let i = 0; i < body.length; i++) {
    const st = body[i]!;
    if (!Node.isFunctionDeclaration(st)) continue;
    if (st.getWidth() < 400 && CALL_HELPER.test(st.getText())) return i;
    if (st.getName()?.startsWith('caml_')) lastCaml = i + 1;
  }
  return lastCaml;
}

/** js_of_ocaml's minified output hoists shared literals into one leading `var` of literal initialisers. */
function isConstantTable(st: Statement): boolean {
  if (!Node.isVariableStatement(st)) return false;
  const decls = st.getDeclarations();
  return (
    decls.length > 1 &&
    decls.every((d) => {
      let init = d.getInitializer();
      if (init && Node.isPrefixUnaryExpression(init)) init = init.getOperand();
      return (
        init !== undefined &&
        (Node.isStringLiteral(init) ||
          Node.isNumericLiteral(init) ||
          Node.isNoSubstitutionTemplateLiteral(init))
      );
    })
  );
}

/** A leaf's name: the function, or the variables it declares, or `[statements]`. */
function leafName(st: Statement): string {
  if (Node.isFunctionDeclaration(st)) return st.getName() ?? '[function]';
  if (Node.isVariableStatement(st)) {
    const decls = st.getDeclarations();
    const first = decls[0]?.getName() ?? '';
    return decls.length > 1 ? `var ${first} (+${decls.length - 1})` : `var ${first}`;
  }
  return '[statements]';
}

/** UTF-16 position → byte offset; queries come in increasing order, so a cursor walks the text once. */
function makeByteMapper(text: string, ascii: boolean): (pos: number) => number {
  if (ascii) return (pos) => pos;
  let cPos = 0;
  let cByte = 0;
  return (pos) => {
    if (pos < cPos) {
      cPos = 0;
      cByte = 0;
    }
    while (cPos < pos) {
      const c = text.charCodeAt(cPos);
      if (c < 0x80) cByte += 1;
      else if (c < 0x800) cByte += 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        cByte += 4;
        cPos++;
      } else cByte += 3;
      cPos++;
    }
    return cByte;
  };
}
