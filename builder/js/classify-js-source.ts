import type { Evidence, Language } from '../../analyzer/model/manifest.js';

/** Where a source named in a source map comes from: its unit, package and the evidence for it. */
export interface JsSourceClass {
  /** Unit display name: the OCaml module (`Lwt_sequence`), or the runtime file (`runtime/mlBytes.js`). */
  unit: string;
  package: string;
  /** Findlib library (`js_of_ocaml-compiler.runtime`), or `runtime` for js_of_ocaml's builtin runtime. */
  library?: string;
  language: Language;
  evidence: Evidence;
  evidenceDetail: string;
  /** True for JavaScript runtime files (js_of_ocaml's own and libraries' `runtime.js` stubs). */
  runtime: boolean;
  /** True for the empty source name js_of_ocaml gives to code it generates itself (wrapper, polyfill). */
  glue: boolean;
}

/** How sources are resolved to packages. */
export interface JsSourceContext {
  /** Install-list lookup (dpkg `.list` files, opam `.changes`): absolute path → package. */
  packageOfPath?: (path: string) => string | undefined;
  /** Package for the program's own sources (paths outside any library directory). */
  programPackage: string;
  /** Package for js_of_ocaml's builtin runtime files (`/builtin/+*.js`). */
  runtimePackage: string;
}

const OCAML_EXTENSIONS = /\.(ml|mli|mll|mly|re|rei)$/;
// js_of_ocaml 4 names its embedded runtime files `/builtin/+<file>.js`.
const BUILTIN_RUNTIME = /^\/builtin\/\+?([^/]+\.js)$/;

/** Classifies one `sources` entry (already joined with `sourceRoot`). */
export function classifyJsSource(path: string, ctx: JsSourceContext): JsSourceClass {
  if (path === '') {
    return {
      unit: '[glue]',
      package: '[glue]',
      language: 'JS',
      evidence: 'source-map',
      evidenceDetail: 'empty source name (code js_of_ocaml generates)',
      runtime: false,
      glue: true,
    };
  }
  const builtin = BUILTIN_RUNTIME.exec(path);
  if (builtin) {
    return {
      unit: `runtime/${builtin[1]!}`,
      package: ctx.runtimePackage,
      library: 'runtime',
      language: 'JS',
      evidence: 'source-map',
      evidenceDetail: path,
      runtime: true,
      glue: false,
    };
  }
  const isJs = path.endsWith('.js');
  const base = path.slice(path.lastIndexOf('/') + 1);
  const unit = OCAML_EXTENSIONS.test(base) ? capitalize(base.replace(OCAML_EXTENSIONS, '')) : base;
  const language: Language = isJs ? 'JS' : OCAML_EXTENSIONS.test(base) ? 'OCaml' : 'unknown';
  const where = locateInLibraryTree(path);
  const library = where?.library;
  const common = { unit, language, runtime: isJs, glue: false };
  const installed = ctx.packageOfPath?.(path);
  if (installed !== undefined)
    return { ...common, package: installed, library, evidence: 'install-list', evidenceDetail: path };
  if (where?.stdlib)
    return { ...common, package: 'ocaml', library: 'stdlib', evidence: 'name-rule', evidenceDetail: path };
  if (where && library !== undefined) {
    return { ...common, package: library.split('.')[0]!, library, evidence: 'findlib', evidenceDetail: path };
  }
  return { ...common, package: ctx.programPackage, evidence: 'source-map', evidenceDetail: path };
}

/**
 * Finds the library directory of an installed source: Debian's `/usr/lib/ocaml/<lib>/...`, an opam
 * switch's `<switch>/lib/<lib>/...` (with `lib/ocaml/` the standard library). Nested directories become
 * findlib sub-libraries (`js_of_ocaml-compiler/runtime` → `js_of_ocaml-compiler.runtime`).
 */
function locateInLibraryTree(path: string): { stdlib: boolean; library?: string } | undefined {
  const debian = path.indexOf('/lib/ocaml/');
  if (debian >= 0 && !path.includes('/_build/')) {
    const rest = path.slice(debian + '/lib/ocaml/'.length).split('/');
    // Files directly in lib/ocaml are the standard library (Debian and opam alike).
    if (rest.length === 1) return { stdlib: true };
    return { stdlib: false, library: rest.slice(0, -1).join('.') };
  }
  const opam = /\/(?:\.opam\/[^/]+|_opam)\/lib\/(.+)$/.exec(path);
  if (opam) {
    const rest = opam[1]!.split('/');
    if (rest.length >= 2) return { stdlib: false, library: rest.slice(0, -1).join('.') };
  }
  return undefined;
}

function capitalize(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}
