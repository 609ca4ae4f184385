/**
 * The dependency graph of a natively built OCaml program on a Debian system, from findlib and dpkg:
 * the findlib packages the build names, their `requires` closure read from the META files, each
 * findlib package mapped to the Debian package that installed its archives (the files the linker
 * reads, so the same names the byte attribution gives), versions and homepages from dpkg's status.
 * Nodes are Debian package names; the findlib names only explain the edges.
 */
import type {
  Dependencies,
  DependencyEdge,
  DependencyPackage,
  Diagnostic,
  EdgeKind,
} from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { findByPath, normalizePath, type InstallIndex } from '../attribution/install-index.js';
import { compareText, reachableFrom } from '../opam/finish-dependency-graph.js';
import {
  readFindlibMeta,
  resolveFindlibVariable,
  type FindlibMeta,
  type FindlibPackage,
} from './read-findlib-meta.js';

/** A META file found for a top-level findlib package. */
export interface FindlibMetaSource {
  text: string;
  /** Path of the META file (for messages, and to find the Debian package that installed it). */
  file: string;
  /** The folder the META file is in: the package's directory unless `directory` says otherwise. */
  dir: string;
}

/** What dpkg's status file says about one installed package. */
export interface DpkgPackageInfo {
  version?: string;
  homepage?: string;
}

/** Input of {@link buildFindlibDependencies}: plain data and one lookup; the CLI does the reading. */
export interface FindlibDependenciesInput {
  /** The program's name: the root of the graph. */
  program: string;
  /** The findlib packages the build names (`-package lwt.unix,x509`). */
  packages: string[];
  /** Predicates the link uses (`native`, and `mt`, `mt_posix` with `-thread`). */
  predicates: string[];
  /** The META file of a top-level findlib package (`lwt` for `lwt.unix`), or undefined. */
  lookupMeta: (topName: string) => FindlibMetaSource | undefined;
  /** The OCaml standard library folder, for `directory = "^"` and `"+sub"`. */
  stdlibDir: string;
  /** dpkg install lists (`/var/lib/dpkg/info/*.list`). */
  install: InstallIndex;
  /** dpkg status by package name. */
  dpkgStatus: ReadonlyMap<string, DpkgPackageInfo>;
  /** Files linked into every program (the runtime, `libasmrun.a`): their packages become runtime dependencies. */
  runtimeFiles: string[];
  /** Tools the build runs (`/usr/bin/ocamlfind`): their packages become build dependencies. */
  toolFiles: string[];
  /**
   * Which files tie a findlib package to a Debian package. `archives` (default, native code): the
   * archives the linker reads. `sources`: the `.ml` files in the package's folder, which is what a
   * js_of_ocaml source map names (Debian ships `.cma` in the runtime package, sources in `-dev`).
   */
  ownerFiles?: 'archives' | 'sources';
}

/** The graph, and what could not be mapped. */
export interface FindlibDependencies {
  dependencies: Dependencies;
  diagnostics: Diagnostic[];
  /** Findlib package → the Debian packages of its archives (or of its META file). Sorted by findlib name. */
  findlibToDebian: Record<string, string[]>;
  /** Findlib-level edges of the closure, `requires` as written. */
  findlibEdges: { from: string; to: string }[];
}

interface ResolvedFindlib {
  pkg: FindlibPackage;
  meta: FindlibMetaSource;
  dir: string;
}

/** Builds the Debian-level dependency graph of a findlib-based build. */
export function buildFindlibDependencies(input: FindlibDependenciesInput): FindlibDependencies {
  const diagnostics: Diagnostic[] = [];
  const metas = new Map<string, FindlibMeta | undefined>();
  const resolved = new Map<string, ResolvedFindlib | undefined>();
  const resolve = (name: string): ResolvedFindlib | undefined => {
    if (!resolved.has(name)) resolved.set(name, resolveFindlibPackage(name, input, metas));
    return resolved.get(name);
  };
  const findlibEdges: { from: string; to: string }[] = [];
  const seen = new Set<string>();
  const queue = [...new Set(input.packages)].sort(compareText);
  const missing: string[] = [];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (seen.has(name)) continue;
    seen.add(name);
    const found = resolve(name);
    if (!found) {
      missing.push(name);
      continue;
    }
    for (const dep of splitList(resolveFindlibVariable(found.pkg, 'requires', input.predicates) ?? '')) {
      findlibEdges.push({ from: name, to: dep });
      if (!seen.has(dep)) queue.push(dep);
    }
  }
  const findlibToDebian: Record<string, string[]> = {};
  const unmapped: string[] = [];
  const sources = input.ownerFiles === 'sources' ? indexSourceOwners(input.install) : undefined;
  for (const name of [...seen].sort(compareText)) {
    const found = resolved.get(name);
    if (!found) continue;
    const owners = ownersOf(found, input, sources);
    if (owners.length === 0) unmapped.push(name);
    else findlibToDebian[name] = owners;
  }
  if (missing.length > 0)
    diagnostics.push({
      code: 'findlib-missing',
      severity: 'warning',
      message: `no META file defines ${missing.sort(compareText).join(', ')}`,
    });
  if (unmapped.length > 0)
    diagnostics.push({
      code: 'findlib-unowned',
      severity: 'warning',
      message: `no Debian package installed the files of findlib package(s) ${unmapped.join(', ')}`,
    });

  const edges: DependencyEdge[] = [];
  const addEdge = (from: string, to: string, kind: EdgeKind): void => {
    if (from !== to) edges.push({ from, to, kind });
  };
  for (const name of input.packages)
    for (const deb of findlibToDebian[name] ?? []) addEdge(input.program, deb, 'runtime');
  for (const { from, to } of findlibEdges)
    for (const a of findlibToDebian[from] ?? [])
      for (const b of findlibToDebian[to] ?? []) addEdge(a, b, 'runtime');
  for (const deb of ownersOfFiles(input.runtimeFiles, input.install, diagnostics, 'runtime'))
    addEdge(input.program, deb, 'runtime');
  for (const deb of ownersOfFiles(input.toolFiles, input.install, diagnostics, 'tool'))
    addEdge(input.program, deb, 'build');

  const finished = dedupeEdges(edges);
  const names = new Set(finished.flatMap((e) => [e.from, e.to]));
  names.delete(input.program);
  const linked = reachableFrom([input.program], finished, (kind) => kind === 'runtime');
  const packages: DependencyPackage[] = [
    { name: input.program, origin: 'build-config', fileSize: 0, buildOnly: false, resolved: true },
  ];
  for (const name of [...names].sort(compareText)) {
    const info = input.dpkgStatus.get(name);
    const node: DependencyPackage = {
      name,
      origin: 'findlib+dpkg',
      fileSize: 0,
      buildOnly: !linked.has(name),
      resolved: info?.version !== undefined,
    };
    if (info?.version !== undefined) node.version = info.version;
    if (info?.homepage !== undefined) node.homepage = info.homepage;
    packages.push(node);
  }
  const unresolved = [
    ...missing.map((m) => `findlib:${m}`),
    ...packages.filter((p) => !p.resolved).map((p) => p.name),
  ].sort(compareText);
  return {
    dependencies: {
      packages: packages.sort((a, b) => compareText(a.name, b.name)),
      edges: finished,
      roots: [input.program],
      unresolved,
    },
    diagnostics,
    findlibToDebian,
    findlibEdges: findlibEdges.sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to)),
  };
}

/** Finds `lwt.unix` in the META file of `lwt`, and resolves its directory through its parents. */
function resolveFindlibPackage(
  name: string,
  input: FindlibDependenciesInput,
  metas: Map<string, FindlibMeta | undefined>,
): ResolvedFindlib | undefined {
  const top = name.split('.')[0] ?? name;
  const source = input.lookupMeta(top);
  if (!source) return undefined;
  if (!metas.has(top)) {
    try {
      metas.set(top, readFindlibMeta(source.text, top));
    } catch (error) {
      throw error instanceof UserError ? error.inFile(source.file) : error;
    }
  }
  const meta = metas.get(top);
  const pkg = meta?.packages.find((p) => p.name === name);
  if (!meta || !pkg) return undefined;
  // Each level's `directory` is relative to its parent's directory (the META folder for the top).
  let dir = source.dir;
  const parts = name.split('.');
  for (let i = 1; i <= parts.length; i++) {
    const level = meta.packages.find((p) => p.name === parts.slice(0, i).join('.'));
    if (level?.directory !== undefined) dir = resolveDirectory(level.directory, dir, input.stdlibDir);
  }
  return { pkg, meta: source, dir };
}

/** findlib's `directory`: `^` and `+` are the standard library folder, absolute stays, relative joins. */
export function resolveDirectory(value: string, base: string, stdlibDir: string): string {
  if (value.startsWith('^') || value.startsWith('+')) return normalizePath(`${stdlibDir}/${value.slice(1)}`);
  if (value.startsWith('/')) return normalizePath(value);
  return normalizePath(`${base}/${value}`);
}

/**
 * The Debian packages behind a findlib package: the owners of the archives the link reads (`x.cmxa`
 * and its `x.a`), else the owner of the META file (packages without archives, like `bytes`).
 */
function ownersOf(
  found: ResolvedFindlib,
  input: FindlibDependenciesInput,
  sources: Map<string, Set<string>> | undefined,
): string[] {
  const byArchive = ownersOfArchives(found, input);
  // A package without archives for these predicates links nothing: its META owner stands for it.
  if (byArchive.length === 0) {
    const meta = findByPath(input.install, found.meta.file)?.package;
    return meta !== undefined ? [meta] : [];
  }
  const bySource = [...(sources?.get(found.dir) ?? [])].sort(compareText);
  if (bySource.length === 0) return byArchive;
  // A shared folder (the standard library's) holds sources of several packages: the archive's owner wins.
  const both = bySource.filter((p) => byArchive.includes(p));
  return both.length > 0 ? both : bySource;
}

/** Folder → Debian packages that installed `.ml` files directly in it. */
function indexSourceOwners(install: InstallIndex): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [path, i] of install.byPath) {
    if (!path.endsWith('.ml')) continue;
    const dir = path.slice(0, path.lastIndexOf('/'));
    const owner = install.lists[i]?.package;
    if (owner === undefined) continue;
    const set = out.get(dir) ?? new Set<string>();
    set.add(owner);
    out.set(dir, set);
  }
  return out;
}

function ownersOfArchives(found: ResolvedFindlib, input: FindlibDependenciesInput): string[] {
  const archives = splitList(resolveFindlibVariable(found.pkg, 'archive', input.predicates) ?? '');
  const files = archives.flatMap((a) => {
    const path = resolveDirectory(a, found.dir, input.stdlibDir);
    return path.endsWith('.cmxa') ? [path, path.replace(/\.cmxa$/, '.a')] : [path];
  });
  const owners = new Set(
    files.map((f) => findByPath(input.install, f)?.package).filter((p): p is string => p !== undefined),
  );
  return [...owners].sort(compareText);
}

function ownersOfFiles(
  files: string[],
  install: InstallIndex,
  diagnostics: Diagnostic[],
  role: string,
): string[] {
  const owners = new Set<string>();
  for (const file of files) {
    const owner = findByPath(install, file)?.package;
    if (owner !== undefined) owners.add(owner);
    else
      diagnostics.push({
        code: 'dpkg-unowned',
        severity: 'info',
        message: `no Debian package installed the ${role} file ${file}`,
        file,
      });
  }
  return [...owners].sort(compareText);
}

function dedupeEdges(edges: DependencyEdge[]): DependencyEdge[] {
  const seen = new Map<string, DependencyEdge>();
  for (const e of edges) seen.set(`${e.from}\u0000${e.to}\u0000${e.kind}`, e);
  return [...seen.values()].sort(
    (a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.kind, b.kind),
  );
}

/** Findlib lists are separated by blanks or commas. */
function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter((s) => s.length > 0);
}
