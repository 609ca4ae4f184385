/**
 * OCaml native symbol names. The compiler prefixes every symbol of a compilation unit with `caml` and
 * the unit name, then a separator that changed over time: `__` (OCaml <= 5.0), `.` (5.1+ on Unix),
 * `$` (5.4 on Apple and non-Unix). Dune-wrapped unit names contain `__` themselves
 * (`Cohttp_lwt_unix__Server`), so with the old separator the unit cannot be split off a name alone:
 * we take the longest unit that the image itself declares through its per-unit markers.
 */

/** Per-unit markers the compiler emits; they delimit a unit's code and data. */
export const OCAML_UNIT_MARKERS = [
  'code_begin',
  'code_end',
  'data_begin',
  'data_end',
  'frametable',
  'gc_roots',
] as const;

/** A marker symbol decoded: which unit and which marker. */
export interface OcamlMarker {
  unit: string;
  marker: (typeof OCAML_UNIT_MARKERS)[number];
}

// The startup unit ocamlopt writes at link time is `_startup` (its symbols are `caml_startup.code_begin`,
// ...): the one unit name that does not start with a capital. Its markers delimit code that has no
// sized symbol (caml_program, caml_curryN) and no DWARF, so without a map they are all that names it.
const MARKER_PATTERN =
  /^caml([A-Z][A-Za-z0-9_'$.]*?|_startup)(?:__|\.|\$)(code_begin|code_end|data_begin|data_end|frametable|gc_roots)$/;

/** Decodes `camlFoo__code_begin`, `camlFoo.code_begin`, `camlFoo$code_begin`; undefined for other names. */
export function parseOcamlMarker(name: string): OcamlMarker | undefined {
  const m = MARKER_PATTERN.exec(name);
  if (!m) return undefined;
  return { unit: m[1] as string, marker: m[2] as OcamlMarker['marker'] };
}

/** True for names the OCaml native compiler generates for a unit (`caml` + capitalised unit). */
export function isOcamlUnitSymbol(name: string): boolean {
  return name.length > 4 && name.startsWith('caml') && isUpper(name.charCodeAt(4));
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

/**
 * The unit an OCaml symbol belongs to. `knownUnits` are the units the image declares (from markers);
 * the longest one that prefixes the name, followed by a separator or the end, wins. Without a known
 * unit, the 5.1+ and 5.4 separators still split unambiguously; the old `__` one is split at its first
 * occurrence, which is right for unwrapped units and reported as weaker evidence by the caller.
 */
export function ocamlUnitOf(
  name: string,
  knownUnits: ReadonlySet<string>,
): { unit: string; known: boolean } | undefined {
  if (!isOcamlUnitSymbol(name)) return undefined;
  const body = name.slice(4);
  let best: string | undefined;
  for (let i = 1; i <= body.length; i++) {
    const atEnd = i === body.length;
    const c = body[i];
    const sep = atEnd || c === '.' || c === '$' || (c === '_' && body[i + 1] === '_');
    if (!sep) continue;
    const candidate = body.slice(0, i);
    if (knownUnits.has(candidate)) best = candidate;
  }
  if (best !== undefined) return { unit: best, known: true };
  const cut = body.search(/__|\.|\$/);
  return { unit: cut < 0 ? body : body.slice(0, cut), known: false };
}

/**
 * The file base name a unit's object has in install lists: the compiler writes `Foo` as `foo.cmx`,
 * and dune writes wrapped `Lib__Mod` as `lib__Mod.cmx`; only the first letter is lower-cased.
 */
export function unitObjectBase(unit: string): string {
  return unit.charAt(0).toLowerCase() + unit.slice(1);
}
