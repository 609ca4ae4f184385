import { LANGUAGES, type Language } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { describeJsonValue } from '../../analyzer/model/describe-json-value.js';

/** What a rule looks at. Every given field must match (whole-field regular expressions). */
export interface RuleMatch {
  symbol?: string;
  /** Object file base name (`memcpy.o`), or archive member. */
  object?: string;
  /** Archive base name (`libnolibc.a`). */
  archive?: string;
  /** DWARF compile unit name (DW_AT_name), e.g. `hvt/console.c`, `list.ml`, `runtime/alloc.c`. */
  dwarfUnit?: string;
  /** The DWARF unit's build folder (DW_AT_comp_dir), e.g. `./bindings`, `/src/ocaml/stdlib`. */
  dwarfDir?: string;
  /** OCaml compilation unit (module) name from its symbols or markers, e.g. `Stdlib__List`. */
  ocamlUnit?: string;
  section?: string;
}

/** One name rule, as written in a rules file. */
export interface AttributionRule {
  id: string;
  why?: string;
  match: RuleMatch;
  /** The package it attributes to; absent for language-only rules. */
  package?: string;
  /** Prefer the package whose install list holds a file of this base name (names differ between opam and Debian). */
  packageOwnerOf?: string;
  library?: string;
  /** Unit name to use; defaults to the object, DWARF unit or symbol the bytes came from. */
  unit?: string;
  language?: Language;
  /** Wins over install-list and map evidence: for bytes the linker itself creates. */
  override?: boolean;
}

/** A rule with its expressions compiled. */
export interface CompiledRule extends AttributionRule {
  tests: { field: keyof RuleMatch; re: RegExp }[];
}

/** The facts a rule is matched against; absent facts never match. */
export type RuleFacts = Partial<Record<keyof RuleMatch, string>>;

const FIELDS: (keyof RuleMatch)[] = [
  'symbol',
  'object',
  'archive',
  'dwarfUnit',
  'dwarfDir',
  'ocamlUnit',
  'section',
];

/** Validates a parsed rules document (`{ version: 1, rules: [...] }`) and compiles its expressions. */
export function compileRules(doc: unknown, file: string): CompiledRule[] {
  const bad = (detail: string, at: string): never => {
    throw new UserError('RULES_BAD', detail, { file, at });
  };
  if (typeof doc !== 'object' || doc === null) return bad('expected a JSON object', 'top level');
  const { version, rules } = doc as { version?: unknown; rules?: unknown };
  if (version !== 1) bad(`version must be 1, got ${describeJsonValue(version)}`, 'version');
  if (!Array.isArray(rules)) return bad('"rules" must be an array', 'rules');
  return rules.map((raw: unknown, i) => {
    const at = `rules[${i}]`;
    if (typeof raw !== 'object' || raw === null) return bad('a rule must be an object', at);
    const rule = raw as AttributionRule;
    if (typeof rule.id !== 'string' || rule.id === '') bad('"id" must be a non-empty string', `${at}.id`);
    if (typeof rule.match !== 'object' || rule.match === null)
      bad('"match" must be an object', `${at}.match`);
    if (rule.package === undefined && rule.language === undefined)
      bad('a rule needs "package" or "language"', at);
    if (rule.language !== undefined && !LANGUAGES.includes(rule.language)) {
      bad(`unknown language "${String(rule.language)}" (one of ${LANGUAGES.join(', ')})`, `${at}.language`);
    }
    const tests: CompiledRule['tests'] = [];
    for (const [field, pattern] of Object.entries(rule.match)) {
      if (!FIELDS.includes(field as keyof RuleMatch))
        bad(`unknown match field "${field}" (one of ${FIELDS.join(', ')})`, `${at}.match`);
      if (typeof pattern !== 'string') return bad('patterns are strings', `${at}.match.${field}`);
      try {
        tests.push({ field: field as keyof RuleMatch, re: new RegExp(`^(?:${pattern})$`) });
      } catch (error) {
        bad(`invalid regular expression: ${(error as Error).message}`, `${at}.match.${field}`);
      }
    }
    if (tests.length === 0) bad('"match" is empty', `${at}.match`);
    return { ...rule, tests };
  });
}

/** The first rule that attributes a package, and the first that gives a language, for these facts. */
export function matchRules(
  rules: readonly CompiledRule[],
  facts: RuleFacts,
): { pkg?: CompiledRule; lang?: CompiledRule } {
  let pkg: CompiledRule | undefined;
  let lang: CompiledRule | undefined;
  for (const rule of rules) {
    if (pkg && lang) break;
    if ((pkg || rule.package === undefined) && (lang || rule.language === undefined)) continue;
    if (!allTestsPass(rule.tests, facts)) continue;
    if (!pkg && rule.package !== undefined) pkg = rule;
    if (!lang && rule.language !== undefined) lang = rule;
  }
  return { pkg, lang };
}

/**
 * Whether every test of a rule matches. A plain loop rather than `every` with a closure: this runs
 * for each rule on each symbol of an image (25 rules × 44k symbols for libLLVM), and the closure
 * and its repeated property reads were a sixth of `inspect`'s time there.
 */
function allTestsPass(tests: CompiledRule['tests'], facts: RuleFacts): boolean {
  for (let i = 0; i < tests.length; i++) {
    const t = tests[i] as CompiledRule['tests'][number];
    const value = facts[t.field];
    if (value === undefined || !t.re.test(value)) return false;
  }
  return true;
}

/** Answers from {@link symbolRulesMayMatch}'s combined expression, per rules list. */
const symbolPrefilters = new WeakMap<readonly CompiledRule[], RegExp | null>();

/**
 * Whether any rule that tests the symbol could match this symbol name; false means every such rule
 * fails, so the rules decide exactly as they would for the same place without a symbol. One combined
 * expression answers that in a single call where matchRules would test each rule in turn: an image
 * of 44k uniquely named symbols (libLLVM) that no rule names then resolves once per place instead of
 * once per name. True (test each rule) when the patterns cannot be combined safely: a backreference
 * would point at another pattern's group once they share one expression.
 */
export function symbolRulesMayMatch(rules: readonly CompiledRule[], symbol: string): boolean {
  let re = symbolPrefilters.get(rules);
  if (re === undefined) symbolPrefilters.set(rules, (re = combineSymbolTests(rules)));
  return re === null || re.test(symbol);
}

function combineSymbolTests(rules: readonly CompiledRule[]): RegExp | null {
  const sources: string[] = [];
  for (const rule of rules) for (const t of rule.tests) if (t.field === 'symbol') sources.push(t.re.source);
  // `\1`, `\k<n>` and named groups would change meaning (or clash) in one shared expression; with
  // no symbol test at all, an expression that matches nothing.
  if (sources.some((s) => /\\[1-9k]|\(\?<[^=!]/.test(s))) return null;
  if (sources.length === 0) return /[^\s\S]/;
  try {
    return new RegExp(sources.map((s) => `(?:${s})`).join('|'));
  } catch {
    return null;
  }
}
