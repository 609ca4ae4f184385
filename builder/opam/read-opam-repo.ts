/**
 * Joins a lock file's name.version list with each package's opam file from opam repository folders
 * (licence, homepage, source and checksums, `depends` → edges resolved against the locked set).
 * A lock file alone lists versions, not the edges between packages: this is where they come from.
 */
import type {
  Dependencies,
  DependencyEdge,
  DependencyPackage,
  Diagnostic,
} from '../../analyzer/model/manifest.js';
import { findField, findSections, listItems, readStringField } from './opam-fields.js';
import { finishDependencyGraph, reachableFrom } from './finish-dependency-graph.js';
import { readDependencyFormula, resolveFormula } from './opam-formula.js';
import type { FilterVariables } from './opam-formula.js';
import { checkPinsMatchVendored, describeLockEntry, describeLockRoot } from './read-opam-lock.js';
import type { OpamLock } from './read-opam-lock.js';
import { parseOpam } from './parse-opam.js';
import type { OpamItem } from './parse-opam.js';

/** An opam file's text and a name for messages (its path), or undefined when no repository has it. */
export type OpamFileLookup = (name: string, version: string) => { text: string; file: string } | undefined;

/** Options of {@link readOpamRepo}. */
export interface OpamRepoOptions {
  /** The per-target opam file mirage writes next to the lock (`<name>-<target>.opam`): the root's own `depends`. */
  rootOpam?: { text: string; file: string };
  /** Filter variables (`os`, `arch`, ...); unknown ones leave a filter undecided, which keeps the edge. */
  vars?: FilterVariables;
}

/** What an opam file says about one package, beyond its dependencies. */
export interface OpamPackageFacts {
  licence?: string;
  homepage?: string;
  source?: { url: string; checksums: string[] };
}

/** Reads licence, homepage and the `url { src checksum }` section of an opam file. */
export function readOpamPackageFacts(items: OpamItem[]): OpamPackageFacts {
  const facts: OpamPackageFacts = {};
  const licence = findField(items, 'license');
  if (licence)
    facts.licence = listItems(licence.value)
      .flatMap((v) => (v.type === 'string' ? [v.value] : []))
      .join(' AND ');
  const homepage = findField(items, 'homepage');
  const first = homepage ? listItems(homepage.value)[0] : undefined;
  if (first?.type === 'string') facts.homepage = first.value;
  const url = findSections(items, 'url')[0];
  const src = url ? (readStringField(url.items, 'src') ?? readStringField(url.items, 'archive')) : undefined;
  if (url && src !== undefined) {
    const sums = findField(url.items, 'checksum');
    facts.source = {
      url: src,
      checksums: sums ? listItems(sums.value).flatMap((v) => (v.type === 'string' ? [v.value] : [])) : [],
    };
  }
  return facts;
}

/**
 * Edges from one opam file's `depends` (and `depopts`, as `optional`) to the versions in `versionOf`.
 * Returns diagnostics for broken constraints and for runtime/build dependencies that are absent.
 */
export function readOpamEdges(
  from: string,
  version: string | undefined,
  items: OpamItem[],
  versionOf: (name: string) => string | undefined,
  file: string,
  vars: FilterVariables = {},
): { edges: DependencyEdge[]; diagnostics: Diagnostic[] } {
  const edges: DependencyEdge[] = [];
  const diagnostics: Diagnostic[] = [];
  const scope: FilterVariables = { ...vars, name: from, ...(version !== undefined ? { version } : {}) };
  const absent: string[] = [];
  for (const fieldName of ['depends', 'depopts'] as const) {
    const field = findField(items, fieldName);
    if (!field) continue;
    const resolution = resolveFormula(readDependencyFormula(field.value), versionOf, scope);
    for (const dep of resolution.dependencies) {
      const kind =
        fieldName === 'depopts' && (dep.kind === 'runtime' || dep.kind === 'build') ? 'optional' : dep.kind;
      edges.push({
        from,
        to: dep.name,
        kind,
        ...(dep.constraint !== undefined ? { constraint: dep.constraint } : {}),
      });
      // Test, doc and dev edges are not installed for the build, so their constraints are not checked.
      if (!dep.satisfied && (kind === 'runtime' || kind === 'build' || kind === 'optional')) {
        diagnostics.push({
          code: 'opam-constraint-unsatisfied',
          severity: 'warning',
          message: `${from} needs ${dep.name} {${dep.constraint ?? ''}} but ${dep.name}.${dep.version} is present`,
          file,
          at: fieldName,
        });
      }
    }
    if (fieldName === 'depends')
      absent.push(
        ...resolution.missing.filter((m) => m.kind === 'runtime' || m.kind === 'build').map((m) => m.name),
      );
  }
  if (absent.length > 0) {
    diagnostics.push({
      code: 'opam-dep-absent',
      severity: 'info',
      message: `${from} depends on ${absent.join(', ')}, not in the resolved set (filtered out, or provided otherwise)`,
      file,
      at: 'depends',
    });
  }
  return { edges, diagnostics };
}

/**
 * Builds the dependency graph of a lock file from opam files.
 * - a locked version with an opam file: `resolved: true`, licence, homepage, source, edges;
 * - with no opam file but a `pin-depends` entry: `resolved: false`, the pin's URL kept as source,
 *   edges unknown, diagnostic `opam-pin-only` (the version was never published: e.g. `~dev` pins);
 * - with neither: `resolved: false`, listed in `unresolved`, diagnostic `opam-unresolved`.
 * The root's edges come from `options.rootOpam`; without it (and for any locked package still
 * unreachable) the root gets a `build` edge to each `x-opam-monorepo-opam-provided` package and an
 * edge to every package nothing else reaches (`runtime` if vendored, else `build`), each marked `inferred`, diagnostic
 * `opam-root-inferred`.
 */
export function readOpamRepo(
  lock: OpamLock,
  lookup: OpamFileLookup,
  options: OpamRepoOptions = {},
): { dependencies: Dependencies; diagnostics: Diagnostic[] } {
  const versionOf = new Map(lock.entries.map((e) => [e.name, e.version]));
  const lockFile = lock.file ?? '<lock file>';
  const packages: DependencyPackage[] = lock.roots.map(describeLockRoot);
  const edges: DependencyEdge[] = [];
  const diagnostics: Diagnostic[] = [...checkPinsMatchVendored(lock)];
  const unresolved: string[] = [];
  for (const entry of lock.entries) {
    const pkg = describeLockEntry(lock, entry);
    packages.push(pkg);
    const found = lookup(entry.name, entry.version);
    if (!found) {
      const pinned = pkg.source !== undefined;
      if (!pinned) unresolved.push(`${entry.name}.${entry.version}`);
      diagnostics.push({
        code: pinned ? 'opam-pin-only' : 'opam-unresolved',
        severity: 'warning',
        message: pinned
          ? `${entry.name}.${entry.version}: no opam file in the given repositories; source kept from pin-depends, its dependencies are unknown`
          : `${entry.name}.${entry.version}: no opam file in the given repositories and no pin-depends entry`,
        file: lockFile,
        at: `depends line ${entry.line}`,
      });
      continue;
    }
    const items = parseOpam(found.text, found.file).items;
    const facts = readOpamPackageFacts(items);
    pkg.resolved = true;
    if (facts.licence !== undefined) pkg.licence = facts.licence;
    if (facts.homepage !== undefined) pkg.homepage = facts.homepage;
    // Vendored code is the pin's archive; keep the opam file's source only when nothing was pinned.
    if (!pkg.source && facts.source) pkg.source = facts.source;
    const read = readOpamEdges(
      entry.name,
      entry.version,
      items,
      (n) => versionOf.get(n),
      found.file,
      options.vars,
    );
    edges.push(...read.edges);
    diagnostics.push(...read.diagnostics);
  }
  for (const root of lock.roots) {
    if (options.rootOpam) {
      const read = readOpamEdges(
        root,
        undefined,
        parseOpam(options.rootOpam.text, options.rootOpam.file).items,
        (n) => versionOf.get(n),
        options.rootOpam.file,
        options.vars,
      );
      edges.push(...read.edges);
      diagnostics.push(...read.diagnostics);
    }
    diagnostics.push(...inferRootEdges(root, lock, edges, !options.rootOpam));
  }
  const finished = finishDependencyGraph({ packages, edges, roots: lock.roots, unresolved }, lock.file);
  return { dependencies: finished.dependencies, diagnostics: [...diagnostics, ...finished.diagnostics] };
}

/** Adds root edges for packages that nothing reaches yet (mutates `edges`); returns the diagnostic. */
function inferRootEdges(
  root: string,
  lock: OpamLock,
  edges: DependencyEdge[],
  addProvided: boolean,
): Diagnostic[] {
  const locked = new Set(lock.entries.map((e) => e.name));
  const added: DependencyEdge[] = [];
  if (addProvided) {
    for (const name of lock.opamProvided)
      if (locked.has(name)) added.push({ from: root, to: name, kind: 'build', inferred: true });
  }
  const targeted = new Set([...edges, ...added].filter((e) => e.from !== root).map((e) => e.to));
  for (const entry of lock.entries) {
    if (!targeted.has(entry.name) && !added.some((e) => e.to === entry.name))
      added.push({ from: root, to: entry.name, kind: entry.vendored ? 'runtime' : 'build', inferred: true });
  }
  // Packages reachable only through a cycle of otherwise unreached packages still need an entry point.
  const reachable = reachableFrom([root], [...edges, ...added], () => true);
  for (const entry of lock.entries)
    if (!reachable.has(entry.name))
      added.push({ from: root, to: entry.name, kind: entry.vendored ? 'runtime' : 'build', inferred: true });
  const fresh = added.filter((a) => !edges.some((e) => e.from === a.from && e.to === a.to));
  edges.push(...fresh);
  if (fresh.length === 0) return [];
  const list = fresh.map((e) => `${e.to} (${e.kind})`).join(', ');
  return [
    {
      code: 'opam-root-inferred',
      severity: 'info',
      message: `edges from ${root} inferred from the lock file (opam-provided and unreached packages): ${list}`,
      ...(lock.file !== undefined ? { file: lock.file } : {}),
    },
  ];
}
