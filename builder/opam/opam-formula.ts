/**
 * opam package formulas (`depends`, `depopts`): the and/or tree of atoms, the evaluation of their
 * filters and version constraints, the edge kind each atom stands for, and resolution against a
 * set of installed (or locked) versions.
 */
import type { EdgeKind } from '../../analyzer/model/manifest.js';
import { compareOpamVersions } from './compare-opam-versions.js';
import { formatOpamValue } from './format-opam-value.js';
import type { OpamPos, OpamRelop, OpamValue } from './parse-opam.js';

/** One package named in a formula, with the option braces that filter and constrain it. */
export interface FormulaAtom extends OpamPos {
  type: 'atom';
  name: string;
  /** The braces' contents (`build & >= "1.0"`), several values joined with `&`; absent without braces. */
  condition?: OpamValue;
  /** The braces' contents as written, for edges' `constraint`. */
  constraintText?: string;
}

/** A dependency formula: atoms joined with `&` (a list) and `|` (alternatives). */
export type DependencyFormula = FormulaAtom | { type: 'and' | 'or'; items: DependencyFormula[] };

/** Values the filters may read: `os`, `arch`, `os-family`, `version`, ...; absent ones are unknown. */
export type FilterVariables = Record<string, string | boolean>;

/** The variables that select an edge kind, in the order tried: the first that lets the atom hold wins. */
const KIND_FLAGS: [EdgeKind, string[]][] = [
  ['runtime', []],
  ['build', ['build']],
  ['post', ['post']],
  ['test', ['with-test']],
  ['doc', ['with-doc']],
  ['dev', ['dev', 'with-dev-setup']],
];
const ALL_FLAGS = new Set(KIND_FLAGS.flatMap(([, flags]) => flags));

/** Reads a `depends`/`depopts` value (a list of atoms, alternatives and groups) into a formula. */
export function readDependencyFormula(value: OpamValue): DependencyFormula {
  switch (value.type) {
    case 'list':
      return { type: 'and', items: value.items.map(readDependencyFormula) };
    case 'group':
      return value.items.length === 1 && value.items[0]
        ? readDependencyFormula(value.items[0])
        : { type: 'and', items: value.items.map(readDependencyFormula) };
    case 'logop':
      return {
        type: value.op === '&' ? 'and' : 'or',
        items: [readDependencyFormula(value.left), readDependencyFormula(value.right)],
      };
    case 'option': {
      const inner = readDependencyFormula(value.value);
      const condition = joinConditions(value.options);
      return condition ? attachCondition(inner, condition) : inner;
    }
    case 'string':
      return { type: 'atom', name: value.value, line: value.line, column: value.column };
    default:
      // Anything else (an ident, a number) names no package: keep it as an atom that never resolves.
      return { type: 'atom', name: formatOpamValue(value), line: value.line, column: value.column };
  }
}

/**
 * The options of one `{ }` joined by `&`, as a balanced tree: `&` is associative and prints the same
 * either way, and a balanced tree is log₂(n) deep where a left-leaning chain was n deep — thousands
 * of options in one pair of braces overflowed the stack of every reader that walks the condition.
 */
function joinConditions(options: readonly OpamValue[]): OpamValue | undefined {
  if (options.length <= 1) return options[0];
  const half = Math.ceil(options.length / 2);
  const left = joinConditions(options.slice(0, half)) as OpamValue;
  const right = joinConditions(options.slice(half)) as OpamValue;
  return { type: 'logop', op: '&', left, right, line: left.line, column: left.column };
}

/** `("a" | "b") {build}` puts the braces on each package of the group. */
function attachCondition(formula: DependencyFormula, condition: OpamValue): DependencyFormula {
  if (formula.type !== 'atom')
    return { type: formula.type, items: formula.items.map((item) => attachCondition(item, condition)) };
  const joined: OpamValue = formula.condition
    ? {
        type: 'logop',
        op: '&',
        left: formula.condition,
        right: condition,
        line: condition.line,
        column: condition.column,
      }
    : condition;
  return { ...formula, condition: joined, constraintText: formatOpamValue(joined) };
}

/** Every atom of a formula, in order. */
export function listFormulaAtoms(formula: DependencyFormula): FormulaAtom[] {
  return formula.type === 'atom' ? [formula] : formula.items.flatMap(listFormulaAtoms);
}

type Tri = boolean | undefined;

interface EvalContext {
  flags: Set<string>;
  vars: FilterVariables;
  /** The dependency's version, for prefix constraints; undefined skips them (treated as holding). */
  targetVersion?: string;
}

/** Evaluates a condition in three-valued logic: an unknown variable makes its comparison unknown. */
function evaluate(value: OpamValue, ctx: EvalContext): Tri {
  switch (value.type) {
    case 'bool':
      return value.value;
    case 'ident': {
      if (ALL_FLAGS.has(value.name)) return ctx.flags.has(value.name);
      const v = ctx.vars[value.name];
      return typeof v === 'boolean' ? v : undefined;
    }
    case 'defined':
      return value.value.type === 'ident' && (ALL_FLAGS.has(value.value.name) || value.value.name in ctx.vars)
        ? true
        : undefined;
    case 'not': {
      const inner = evaluate(value.value, ctx);
      return inner === undefined ? undefined : !inner;
    }
    case 'logop':
      return combine(value.op, evaluate(value.left, ctx), evaluate(value.right, ctx));
    case 'group':
      return value.items.reduce<Tri>((acc, item) => combine('&', acc, evaluate(item, ctx)), true);
    case 'prefix-relop': {
      const bound = readScalar(value.value, ctx);
      if (ctx.targetVersion === undefined || bound === undefined) return undefined;
      return holds(value.op, compareOpamVersions(ctx.targetVersion, bound));
    }
    case 'relop': {
      const left = readScalar(value.left, ctx);
      const right = readScalar(value.right, ctx);
      return left === undefined || right === undefined
        ? undefined
        : holds(value.op, compareOpamVersions(left, right));
    }
    default:
      return undefined;
  }
}

function combine(op: '&' | '|', a: Tri, b: Tri): Tri {
  if (op === '&') return a === false || b === false ? false : a === true && b === true ? true : undefined;
  return a === true || b === true ? true : a === false && b === false ? false : undefined;
}

function readScalar(value: OpamValue, ctx: EvalContext): string | undefined {
  if (value.type === 'string') return value.value;
  if (value.type === 'int') return String(value.value);
  if (value.type === 'ident') {
    const v = ctx.vars[value.name];
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

function holds(op: OpamRelop, cmp: number): boolean {
  switch (op) {
    case '=':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
  }
}

/**
 * The edge kind an atom stands for: the first of runtime, build, post, test, doc, dev under which
 * its condition can hold (version constraints assumed met); undefined when none can (`{os = "win32"}`
 * with `os` known to differ).
 */
export function classifyAtom(atom: FormulaAtom, vars: FilterVariables = {}): EdgeKind | undefined {
  if (!atom.condition) return 'runtime';
  for (const [kind, flags] of KIND_FLAGS) {
    if (evaluate(atom.condition, { flags: new Set(flags), vars }) !== false) return kind;
  }
  return undefined;
}

/** Whether `version` meets the atom's constraints under the flags of `kind` (unknown counts as met). */
export function satisfiesAtom(
  atom: FormulaAtom,
  version: string,
  kind: EdgeKind,
  vars: FilterVariables = {},
): boolean {
  if (!atom.condition) return true;
  const flags = new Set(KIND_FLAGS.find(([k]) => k === kind)?.[1] ?? []);
  return evaluate(atom.condition, { flags, vars, targetVersion: version }) !== false;
}

/** One dependency a formula resolves to. */
export interface ResolvedDependency {
  name: string;
  version: string;
  kind: EdgeKind;
  constraint?: string;
  /** False when the installed version breaks the constraint (kept, with a diagnostic). */
  satisfied: boolean;
}

/** The outcome of resolving a formula against installed versions. */
export interface FormulaResolution {
  dependencies: ResolvedDependency[];
  /** Atoms that apply (by their filters) but name nothing installed. */
  missing: { name: string; kind: EdgeKind; constraint?: string }[];
}

/**
 * Resolves a formula against `versionOf` (installed or locked versions): `&` keeps every applicable
 * atom; `|` takes the first alternative that is fully installed and satisfied, else the first that
 * is installed, else reports the first alternative missing.
 */
export function resolveFormula(
  formula: DependencyFormula,
  versionOf: (name: string) => string | undefined,
  vars: FilterVariables = {},
): FormulaResolution {
  if (formula.type === 'atom') return resolveAtom(formula, versionOf, vars);
  const parts = formula.items.map((item) => resolveFormula(item, versionOf, vars));
  if (formula.type === 'and')
    return { dependencies: parts.flatMap((p) => p.dependencies), missing: parts.flatMap((p) => p.missing) };
  const complete = parts.find(
    (p) => p.missing.length === 0 && p.dependencies.every((d) => d.satisfied) && p.dependencies.length > 0,
  );
  const partial = parts.find((p) => p.dependencies.length > 0);
  return complete ?? partial ?? parts[0] ?? { dependencies: [], missing: [] };
}

function resolveAtom(
  atom: FormulaAtom,
  versionOf: (name: string) => string | undefined,
  vars: FilterVariables,
): FormulaResolution {
  const kind = classifyAtom(atom, vars);
  if (kind === undefined) return { dependencies: [], missing: [] };
  const constraint = atom.constraintText !== undefined ? { constraint: atom.constraintText } : {};
  const version = versionOf(atom.name);
  if (version === undefined) return { dependencies: [], missing: [{ name: atom.name, kind, ...constraint }] };
  return {
    dependencies: [
      { name: atom.name, version, kind, ...constraint, satisfied: satisfiesAtom(atom, version, kind, vars) },
    ],
    missing: [],
  };
}
