/**
 * Reads a `dune-package` file: the libraries an installed dune package provides, their archives and
 * requirements, and the modules of each with their `obj_name` — the unit name ocamlopt puts in symbols
 * (`camlLwt_sexp__Foo__bar_12` comes from obj_name `lwt_sexp__Foo`). That maps an OCaml symbol to a
 * library without DWARF. Module lists are walked by shape, so dune 2.x (`unwrapped`, `wrapped`,
 * `singleton`) and 3.x (nested `group`s, `module` entries with `source`) layouts both read.
 */
import { UserError } from '../../analyzer/model/user-error.js';
import { readSexp, type Sexp } from './read-sexp.js';

/** One module of a library. */
export interface DuneModule {
  /** The module name as written (`Lwt_io`); for dune 3 entries without one, derived from the obj_name. */
  name: string;
  /** The compilation unit name: `.cmx`/`.o` files and symbol prefixes use it. */
  objName: string;
  visibility?: string;
  /** True when the module has an implementation (so a `.cmx` and code); interface-only modules have none. */
  impl: boolean;
  /** True for the alias module dune generates for a wrapped library. */
  alias: boolean;
}

/** One `(library ...)` stanza. */
export interface DuneLibrary {
  /** Findlib-style name: `lwt.unix`. */
  name: string;
  kind?: string;
  synopsis?: string;
  archives: { byte: string[]; native: string[] };
  /** `.a` files holding the native code of the OCaml modules. */
  nativeArchives: string[];
  /** C stub archives (`libfoo_stubs.a`). */
  foreignArchives: string[];
  requires: string[];
  mainModuleName?: string;
  modes: string[];
  /** `wrapped`, `unwrapped` or `singleton`, as the file states it. */
  wrapping?: string;
  modules: DuneModule[];
}

/** A parsed `dune-package` file. */
export interface DunePackage {
  /** The dune language version (`2.9`, `3.16`). */
  lang: string;
  name?: string;
  version?: string;
  libraries: DuneLibrary[];
}

/**
 * Parses a `dune-package` file.
 * @throws UserError `META_BAD` with line and column when it is not a dune-package file.
 */
export function readDunePackage(text: string): DunePackage {
  const top = readSexp(text);
  const first = top[0];
  const lang = first && listHead(first) === 'lang' ? atoms(first).slice(1) : [];
  if (lang[0] !== 'dune' || lang[1] === undefined) {
    throw new UserError('META_BAD', 'a dune-package file starts with (lang dune <version>)', {
      line: first?.line ?? 1,
      column: first?.column ?? 1,
    });
  }
  const pkg: DunePackage = { lang: lang[1], libraries: [] };
  for (const stanza of top.slice(1)) {
    const head = listHead(stanza);
    if (head === 'name') pkg.name = atoms(stanza)[1];
    else if (head === 'version') pkg.version = atoms(stanza)[1];
    else if (head === 'library') pkg.libraries.push(readLibrary(stanza));
  }
  return pkg;
}

function readLibrary(stanza: Sexp): DuneLibrary {
  const fields = fieldsOf(stanza);
  const name = atoms(fields.get('name'))[1];
  if (name === undefined)
    throw new UserError('META_BAD', 'library without (name ...)', {
      line: stanza.line,
      column: stanza.column,
    });
  const archives = fieldsOf(fields.get('archives'));
  const lib: DuneLibrary = {
    name,
    archives: { byte: atoms(archives.get('byte')).slice(1), native: atoms(archives.get('native')).slice(1) },
    nativeArchives: atoms(fields.get('native_archives')).slice(1),
    foreignArchives: foreignArchives(fields.get('foreign_archives')),
    requires: atoms(fields.get('requires')).slice(1),
    modes: atoms(fields.get('modes')).slice(1),
    modules: [],
  };
  const kind = atoms(fields.get('kind'))[1];
  const synopsis = atoms(fields.get('synopsis'))[1];
  const main = atoms(fields.get('main_module_name'))[1];
  if (kind !== undefined) lib.kind = kind;
  if (synopsis !== undefined) lib.synopsis = synopsis;
  if (main !== undefined) lib.mainModuleName = main;
  const modules = fields.get('modules');
  if (modules?.kind === 'list') {
    const wrapping = modules.items[1];
    const head = wrapping && listHead(wrapping);
    if (head) lib.wrapping = head;
    collectModules(modules, lib.modules, false);
  }
  return lib;
}

/** dune 2 lists archive paths; dune 3 may group them by mode (`(archives (for_all ...))`): take every atom. */
function foreignArchives(field: Sexp | undefined): string[] {
  if (field?.kind !== 'list') return [];
  return field.items.slice(1).flatMap((item) => (item.kind === 'atom' ? [item.value] : atoms(item).slice(1)));
}

/**
 * Walks a `modules` tree: every list with an `(obj_name x)` field is a module; lists inside a module
 * entry are not searched further.
 */
function collectModules(node: Sexp, out: DuneModule[], alias: boolean): void {
  if (node.kind !== 'list') return;
  const fields = fieldsOf(node);
  const objName = atoms(fields.get('obj_name'))[1];
  if (objName !== undefined) {
    out.push(readModule(fields, objName, alias));
    return;
  }
  for (const item of node.items) collectModules(item, out, listHead(item) === 'alias_module');
}

function readModule(fields: Map<string, Sexp>, objName: string, alias: boolean): DuneModule {
  const source = fieldsOf(fields.get('source'));
  const path = atoms(source.get('path')).slice(1);
  const name =
    atoms(fields.get('name'))[1] ?? path[path.length - 1] ?? capitalise(objName.split('__').pop() ?? objName);
  const module: DuneModule = { name, objName, impl: fields.has('impl') || source.has('impl'), alias };
  const visibility = atoms(fields.get('visibility'))[1];
  if (visibility !== undefined) module.visibility = visibility;
  return module;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The atom at the head of a list, e.g. `library` for `(library ...)`. */
function listHead(node: Sexp): string | undefined {
  if (node.kind !== 'list') return undefined;
  const head = node.items[0];
  return head?.kind === 'atom' ? head.value : undefined;
}

/** The atoms directly inside a list (nested lists skipped). */
function atoms(node: Sexp | undefined): string[] {
  if (node?.kind !== 'list') return [];
  return node.items.flatMap((i) => (i.kind === 'atom' ? [i.value] : []));
}

/** `(x (a 1) (b 2))` → { a: (a 1), b: (b 2) }; the first occurrence of a field wins. */
function fieldsOf(node: Sexp | undefined): Map<string, Sexp> {
  const out = new Map<string, Sexp>();
  if (node?.kind !== 'list') return out;
  for (const item of node.items) {
    const head = listHead(item);
    if (head !== undefined && !out.has(head)) out.set(head, item);
  }
  return out;
}
