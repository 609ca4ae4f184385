/**
 * Joins a build's dependency graph with the image's byte attribution: every package node gets the
 * bytes it put into the image, so a manifest tells the linked TCB (packages with bytes) from the
 * part trusted only at build time. Disagreements between the two sources are kept as diagnostics,
 * never resolved silently.
 */
import type {
  Dependencies,
  DependencyEdge,
  DependencyPackage,
  Diagnostic,
  PackageBytes,
} from '../../analyzer/model/manifest.js';
import { isPseudoPackage } from '../../analyzer/model/is-pseudo-package.js';
import { isLinkingEdge } from '../../analyzer/model/manifest.js';
import { compareText, reachableFrom } from '../opam/finish-dependency-graph.js';

/** Options of {@link joinDependencyBytes}; all optional. */
export interface JoinDependencyBytesOptions {
  /**
   * Add attributed packages that the graph lacks as nodes, with a `runtime` edge from each root
   * (the image holds their bytes, so the program links them), marked `inferred`. Default true; a diagnostic
   * lists them either way.
   */
  addMissing?: boolean;
  /** The file the graph came from, for diagnostics. */
  file?: string;
}

/** The joined graph and what the join noticed. */
export interface JoinedDependencies {
  dependencies: Dependencies;
  diagnostics: Diagnostic[];
}

/**
 * Sets each dependency package's `fileSize` from the attribution (matched by name), and reports:
 * attributed packages absent from the graph, linked-looking packages (reachable from the roots through
 * linking edges) that contribute nothing, build-only packages that contribute bytes (the graph's flag is
 * kept), and version disagreements.
 */
export function joinDependencyBytes(
  attribution: readonly PackageBytes[],
  graph: Dependencies,
  options: JoinDependencyBytesOptions = {},
): JoinedDependencies {
  const where = options.file !== undefined ? { file: options.file } : {};
  const bytes = new Map(
    attribution.filter((p) => !isPseudoPackage(p.name) && p.fileSize > 0).map((p) => [p.name, p]),
  );
  const diagnostics: Diagnostic[] = [];
  const packages: DependencyPackage[] = graph.packages.map((pkg) => {
    const attributed = bytes.get(pkg.name);
    const joined: DependencyPackage = { ...pkg, fileSize: attributed?.fileSize ?? 0 };
    if (attributed && pkg.buildOnly) {
      diagnostics.push({
        code: 'dependency-build-only-with-bytes',
        severity: 'warning',
        message: `${pkg.name} is build-only in the dependency graph but puts ${attributed.fileSize} bytes into the image; the graph's flag is kept`,
        ...where,
        at: pkg.name,
      });
    }
    if (
      attributed?.version !== undefined &&
      pkg.version !== undefined &&
      attributed.version !== pkg.version
    ) {
      diagnostics.push({
        code: 'dependency-version-mismatch',
        severity: 'warning',
        message: `${pkg.name}: the graph says version ${pkg.version}, the install lists say ${attributed.version}`,
        ...where,
        at: pkg.name,
      });
    }
    return joined;
  });
  const edges: DependencyEdge[] = [...graph.edges];
  const known = new Set([...graph.packages.map((p) => p.name), ...graph.roots]);
  const missing = [...bytes.values()]
    .filter((p) => !known.has(p.name))
    .sort((a, b) => compareText(a.name, b.name));
  if (missing.length > 0) {
    const add = options.addMissing ?? true;
    diagnostics.push({
      code: 'dependency-missing-attributed',
      severity: 'warning',
      message: `${missing.length} package(s) put bytes into the image but are not in the dependency graph${add ? ` (added as runtime dependencies of ${graph.roots.join(', ') || 'no root'})` : ''}: ${missing.map((p) => `${p.name} (${p.fileSize} bytes)`).join(', ')}`,
      ...where,
    });
    if (add) {
      for (const p of missing) {
        const node: DependencyPackage = {
          name: p.name,
          origin: 'attribution',
          fileSize: p.fileSize,
          buildOnly: false,
          resolved: p.version !== undefined,
        };
        if (p.version !== undefined) node.version = p.version;
        packages.push(node);
        // No metadata names this edge: marked, so that `why` and the graph do not present it as read.
        for (const root of graph.roots)
          edges.push({ from: root, to: p.name, kind: 'runtime', inferred: true });
      }
    }
  }
  const linked = reachableFrom(graph.roots, graph.edges, isLinkingEdge);
  const idle = packages
    .filter((p) => linked.has(p.name) && !p.buildOnly && p.fileSize === 0)
    .map((p) => p.name)
    .sort(compareText);
  if (idle.length > 0) {
    diagnostics.push({
      code: 'dependency-no-bytes',
      severity: 'info',
      message: `${idle.length} package(s) are linked dependencies in the graph but contribute no bytes to the image: ${idle.join(', ')}`,
      ...where,
    });
  }
  return {
    dependencies: {
      packages: packages.sort((a, b) => compareText(a.name, b.name)),
      edges: edges.sort(
        (a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.kind, b.kind),
      ),
      roots: graph.roots,
      unresolved: graph.unresolved,
    },
    diagnostics,
  };
}
