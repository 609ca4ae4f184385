import type { Manifest } from './model/manifest.js';

/** The counts `deps` prints. */
export interface DepsSummary {
  name: string;
  target: string;
  roots: string[];
  packages: number;
  vendored: number;
  /** Non-root packages not vendored: taken from the opam switch. */
  switchProvided: number;
  buildOnly: number;
  resolved: number;
  edges: number;
  edgesByKind: Record<string, number>;
  unresolved: string[];
  warnings: number;
}

/** Counts over a manifest's dependency graph. */
export function summarizeDependencies(manifest: Manifest): DepsSummary {
  const deps = manifest.dependencies;
  const roots = new Set(deps.roots);
  const edgesByKind: Record<string, number> = {};
  for (const edge of deps.edges) edgesByKind[edge.kind] = (edgesByKind[edge.kind] ?? 0) + 1;
  return {
    name: manifest.identity.name,
    target: manifest.identity.target,
    roots: deps.roots,
    packages: deps.packages.length,
    vendored: deps.packages.filter((p) => p.vendored === true).length,
    switchProvided: deps.packages.filter((p) => p.vendored !== true && !roots.has(p.name)).length,
    buildOnly: deps.packages.filter((p) => p.buildOnly).length,
    resolved: deps.packages.filter((p) => p.resolved).length,
    edges: deps.edges.length,
    edgesByKind: Object.fromEntries(Object.entries(edgesByKind).sort(([a], [b]) => (a < b ? -1 : 1))),
    unresolved: deps.unresolved,
    warnings: manifest.diagnostics.filter((d) => d.severity === 'warning').length,
  };
}
