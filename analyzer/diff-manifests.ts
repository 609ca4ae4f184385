import type { DependencyEdge, EdgeKind, Language, Manifest, PackageBytes } from './model/manifest.js';
import { isPseudoPackage } from './model/is-pseudo-package.js';
import { findNewPackageEdges, type NewPackageEdges } from './diff-new-package-edges.js';

/**
 * One figure of both manifests. `relative` is `delta / base`, or `null` when the base is 0
 * (JSON has no Infinity, and "grew from nothing" has no meaningful ratio).
 */
export interface DiffFigure {
  base: number;
  head: number;
  /** `head - base`. */
  delta: number;
  relative: number | null;
}

/** Who one side of the diff is: enough to tell two builds, or two targets, apart. */
export interface DiffIdentity {
  name: string;
  target: string;
  arch: string;
  format: string;
  sha256: string;
}

/** File bytes in one language, on both sides. */
export interface LanguageDiff extends DiffFigure {
  language: Language;
}

/** Headline figures of both manifests. */
export interface DiffTotals {
  /** Bytes of the file on disk. */
  fileSize: DiffFigure;
  /** Bytes in memory once loaded (allocated sections, `.bss` included). */
  memorySize: DiffFigure;
  /** Bytes in executable sections: the sum of every package's `codeSize`. */
  codeSize: DiffFigure;
  /** Real packages (not bracketed, not `unknown`) that contribute at least one file byte. */
  packages: DiffFigure;
  /** File bytes by language (from the attribution units), largest absolute change first. */
  languages: LanguageDiff[];
}

/**
 * How a package of the attribution differs: `added` (only in head), `removed` (only in base),
 * `changed` (bytes or version differ), `same`.
 */
export type PackageStatus = 'added' | 'removed' | 'changed' | 'same';

/** One package of the attribution (pseudo-packages such as `[ELF structure]` included, so that deltas add up). */
export interface PackageDiff {
  name: string;
  status: PackageStatus;
  /** True for bracketed names and `unknown`: bytes no real package owns. */
  pseudo: boolean;
  /** Version on each side (from the attribution, else the dependency graph); absent when unknown or missing. */
  baseVersion?: string;
  headVersion?: string;
  /** True when both sides name a version and the versions differ. */
  versionChanged: boolean;
  fileSize: DiffFigure;
  memSize: DiffFigure;
  codeSize: DiffFigure;
}

/**
 * One compilation unit (OCaml module, C file, JS source, archive member) whose file bytes differ,
 * identified by its package and name. Units that did not change are left out of the diff.
 */
export interface UnitDiff {
  package: string;
  name: string;
  language: Language;
  status: Exclude<PackageStatus, 'same'>;
  fileSize: DiffFigure;
}

/** A dependency edge without its constraint: the identity of an edge is (from, to, kind). */
export interface EdgeRef {
  from: string;
  to: string;
  kind: EdgeKind;
}

/** A package of the dependency graph present on both sides with different versions. */
export interface VersionChange {
  name: string;
  base: string;
  head: string;
}

/** How the dependency graphs differ. Every list is sorted. */
export interface DependencyDiff {
  packagesAdded: string[];
  /** Each added package with the head's edges into it (which package brought it in). */
  newPackages: NewPackageEdges[];
  packagesRemoved: string[];
  versionChanges: VersionChange[];
  edgesAdded: EdgeRef[];
  edgesRemoved: EdgeRef[];
  roots: { base: string[]; head: string[]; added: string[]; removed: string[] };
  /** Package and edge counts on each side, for a one-line summary. */
  counts: { packages: DiffFigure; edges: DiffFigure };
}

/**
 * What changed between two manifests: two builds of one target, or two targets of one program.
 * Plain data, deterministic: the JSON reporter prints it as it is.
 */
export interface ManifestDiff {
  base: DiffIdentity;
  head: DiffIdentity;
  /** True when both manifests are for the same target (a build-to-build diff, not a target comparison). */
  sameTarget: boolean;
  totals: DiffTotals;
  /** Sorted by absolute file-size delta, largest first, then by name. */
  packages: PackageDiff[];
  /** Units added, removed or resized, sorted like `packages` (then by package); unchanged ones left out. */
  units: UnitDiff[];
  dependencies: DependencyDiff;
}

/** Compares two manifests. Pure: no I/O; both inputs are left untouched. */
export function diffManifests(base: Manifest, head: Manifest): ManifestDiff {
  return {
    base: identityOf(base),
    head: identityOf(head),
    sameTarget: base.identity.target === head.identity.target,
    totals: {
      fileSize: figure(base.identity.fileSize, head.identity.fileSize),
      memorySize: figure(base.identity.memorySize, head.identity.memorySize),
      codeSize: figure(sumCode(base), sumCode(head)),
      packages: figure(countRealPackages(base), countRealPackages(head)),
      languages: diffLanguages(base, head),
    },
    packages: diffPackages(base, head),
    units: diffUnits(base, head),
    dependencies: diffDependencies(base, head),
  };
}

/** `head - base` with its ratio to the base. */
export function figure(base: number, head: number): DiffFigure {
  return { base, head, delta: head - base, relative: base === 0 ? null : (head - base) / base };
}

function identityOf(m: Manifest): DiffIdentity {
  const id = m.identity;
  return { name: id.name, target: id.target, arch: id.arch, format: id.format, sha256: id.sha256 };
}

function sumCode(m: Manifest): number {
  return m.attribution.packages.reduce((sum, p) => sum + p.codeSize, 0);
}

function countRealPackages(m: Manifest): number {
  return m.attribution.packages.filter((p) => !isPseudoPackage(p.name) && p.fileSize > 0).length;
}

/** Orders by absolute delta, largest first, then by key: the order every list of the diff uses. */
function byDeltaThenName<T>(delta: (x: T) => number, key: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => Math.abs(delta(b)) - Math.abs(delta(a)) || compareText(key(a), key(b));
}

/** Code-unit order, not locale order: the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function languagesOf(m: Manifest): Map<Language, number> {
  const out = new Map<Language, number>();
  for (const u of m.attribution.units) out.set(u.language, (out.get(u.language) ?? 0) + u.fileSize);
  return out;
}

function diffLanguages(base: Manifest, head: Manifest): LanguageDiff[] {
  const b = languagesOf(base);
  const h = languagesOf(head);
  const all = new Set<Language>([...b.keys(), ...h.keys()]);
  return [...all]
    .map((language) => ({ language, ...figure(b.get(language) ?? 0, h.get(language) ?? 0) }))
    .sort(
      byDeltaThenName(
        (l) => l.delta,
        (l) => l.language,
      ),
    );
}

function packageMap(m: Manifest): Map<string, PackageBytes> {
  const out = new Map<string, PackageBytes>();
  // A name listed twice would be a builder bug; summing keeps the totals right regardless.
  for (const p of m.attribution.packages) {
    const seen = out.get(p.name);
    out.set(
      p.name,
      seen
        ? {
            ...seen,
            fileSize: seen.fileSize + p.fileSize,
            memSize: seen.memSize + p.memSize,
            codeSize: seen.codeSize + p.codeSize,
          }
        : p,
    );
  }
  return out;
}

function graphVersions(m: Manifest): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of m.dependencies.packages)
    if (p.version !== undefined && !out.has(p.name)) out.set(p.name, p.version);
  return out;
}

function diffPackages(base: Manifest, head: Manifest): PackageDiff[] {
  const b = packageMap(base);
  const h = packageMap(head);
  const bv = graphVersions(base);
  const hv = graphVersions(head);
  const names = [...new Set([...b.keys(), ...h.keys()])];
  return names
    .map((name) => {
      const bp = b.get(name);
      const hp = h.get(name);
      const baseVersion = bp ? (bp.version ?? bv.get(name)) : undefined;
      const headVersion = hp ? (hp.version ?? hv.get(name)) : undefined;
      const versionChanged =
        baseVersion !== undefined && headVersion !== undefined && baseVersion !== headVersion;
      const row: PackageDiff = {
        name,
        status: 'same',
        pseudo: isPseudoPackage(name),
        versionChanged,
        fileSize: figure(bp?.fileSize ?? 0, hp?.fileSize ?? 0),
        memSize: figure(bp?.memSize ?? 0, hp?.memSize ?? 0),
        codeSize: figure(bp?.codeSize ?? 0, hp?.codeSize ?? 0),
      };
      if (baseVersion !== undefined) row.baseVersion = baseVersion;
      if (headVersion !== undefined) row.headVersion = headVersion;
      row.status = !bp
        ? 'added'
        : !hp
          ? 'removed'
          : versionChanged || row.fileSize.delta !== 0 || row.memSize.delta !== 0 || row.codeSize.delta !== 0
            ? 'changed'
            : 'same';
      return row;
    })
    .sort(
      byDeltaThenName(
        (p) => p.fileSize.delta,
        (p) => p.name,
      ),
    );
}

/** File bytes and language per (package, unit name); a name a package lists twice is summed. */
function unitMap(
  m: Manifest,
): Map<string, { package: string; name: string; language: Language; fileSize: number }> {
  const out = new Map<string, { package: string; name: string; language: Language; fileSize: number }>();
  for (const u of m.attribution.units) {
    const key = `${u.package}\u0000${u.name}`;
    const seen = out.get(key);
    out.set(
      key,
      seen
        ? { ...seen, fileSize: seen.fileSize + u.fileSize }
        : { package: u.package, name: u.name, language: u.language, fileSize: u.fileSize },
    );
  }
  return out;
}

function diffUnits(base: Manifest, head: Manifest): UnitDiff[] {
  const b = unitMap(base);
  const h = unitMap(head);
  const out: UnitDiff[] = [];
  for (const key of new Set([...b.keys(), ...h.keys()])) {
    const bu = b.get(key);
    const hu = h.get(key);
    const unit = (hu ?? bu) as NonNullable<typeof bu>;
    const fileSize = figure(bu?.fileSize ?? 0, hu?.fileSize ?? 0);
    if (bu && hu && fileSize.delta === 0) continue;
    out.push({
      package: unit.package,
      name: unit.name,
      language: unit.language,
      status: !bu ? 'added' : !hu ? 'removed' : 'changed',
      fileSize,
    });
  }
  return out.sort(
    (x, y) =>
      Math.abs(y.fileSize.delta) - Math.abs(x.fileSize.delta) ||
      compareText(x.package, y.package) ||
      compareText(x.name, y.name),
  );
}

function edgeKey(e: EdgeRef): string {
  return `${e.from}\u0000${e.to}\u0000${e.kind}`;
}

function edgeMap(edges: DependencyEdge[]): Map<string, EdgeRef> {
  return new Map(edges.map((e) => [edgeKey(e), { from: e.from, to: e.to, kind: e.kind }]));
}

/** Items of `a` missing from `b`, sorted. */
function missingFrom(a: Iterable<string>, b: ReadonlySet<string>): string[] {
  return [...new Set(a)].filter((x) => !b.has(x)).sort(compareText);
}

function diffDependencies(base: Manifest, head: Manifest): DependencyDiff {
  const bd = base.dependencies;
  const hd = head.dependencies;
  const bNames = new Set(bd.packages.map((p) => p.name));
  const hNames = new Set(hd.packages.map((p) => p.name));
  const bEdges = edgeMap(bd.edges);
  const hEdges = edgeMap(hd.edges);
  const compareEdges = (x: EdgeRef, y: EdgeRef): number =>
    compareText(x.from, y.from) || compareText(x.to, y.to) || compareText(x.kind, y.kind);
  const bv = graphVersions(base);
  const versionChanges: VersionChange[] = [];
  for (const [name, version] of graphVersions(head)) {
    const before = bv.get(name);
    if (before !== undefined && before !== version)
      versionChanges.push({ name, base: before, head: version });
  }
  const packagesAdded = missingFrom(hNames, bNames);
  return {
    packagesAdded,
    newPackages: findNewPackageEdges(hd.edges, packagesAdded, bNames),
    packagesRemoved: missingFrom(bNames, hNames),
    versionChanges: versionChanges.sort((x, y) => compareText(x.name, y.name)),
    edgesAdded: [...hEdges]
      .filter(([k]) => !bEdges.has(k))
      .map(([, e]) => e)
      .sort(compareEdges),
    edgesRemoved: [...bEdges]
      .filter(([k]) => !hEdges.has(k))
      .map(([, e]) => e)
      .sort(compareEdges),
    roots: {
      base: [...bd.roots].sort(compareText),
      head: [...hd.roots].sort(compareText),
      added: missingFrom(hd.roots, new Set(bd.roots)),
      removed: missingFrom(bd.roots, new Set(hd.roots)),
    },
    counts: { packages: figure(bNames.size, hNames.size), edges: figure(bEdges.size, hEdges.size) },
  };
}
