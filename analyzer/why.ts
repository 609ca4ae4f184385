/**
 * "Why is this package here?": the dependency paths from the roots to a package, with the kind of
 * every edge. Shortest paths first; deterministic order (by length, then by names along the path).
 */
import type { Dependencies, EdgeKind } from './model/manifest.js';
import { UserError } from './model/user-error.js';

/** One step of a path: the package and the kind of the edge that led to it (absent on the root). */
export interface PathStep {
  name: string;
  kind?: EdgeKind;
}

/** A path from a root to the package asked about. */
export interface DependencyPath {
  path: PathStep[];
}

/** Options of {@link findDependencyPaths}; all optional. */
export interface WhyOptions {
  /** Also list longer simple paths after the shortest ones (up to `maxPaths` in all). Default false. */
  all?: boolean;
  /** Most paths returned. Default 20. */
  maxPaths?: number;
  /** Follow only these edge kinds. Default: every kind. */
  kinds?: EdgeKind[];
  /** Bound on partial paths explored when `all` is set, so that dense graphs stay fast. Default 50,000. */
  maxExplored?: number;
}

/** When two edges join the same packages, the path shows the strongest: linked beats build beats test. */
// A record rather than a list, so that an edge kind added to the model cannot be left unranked.
const KIND_STRENGTH: Record<EdgeKind, number> = {
  runtime: 0,
  'pre-depends': 1,
  optional: 2,
  build: 3,
  post: 4,
  test: 5,
  doc: 6,
  dev: 7,
};

type Adjacency = Map<string, { to: string; kind: EdgeKind }[]>;

function buildAdjacency(deps: Dependencies, kinds: EdgeKind[] | undefined): Adjacency {
  const best = new Map<string, { from: string; to: string; kind: EdgeKind }>();
  for (const edge of deps.edges) {
    if (kinds && !kinds.includes(edge.kind)) continue;
    const key = `${edge.from}\u0000${edge.to}`;
    const seen = best.get(key);
    if (!seen || KIND_STRENGTH[edge.kind] < KIND_STRENGTH[seen.kind])
      best.set(key, { from: edge.from, to: edge.to, kind: edge.kind });
  }
  const adjacency: Adjacency = new Map();
  for (const edge of best.values())
    adjacency.set(edge.from, [...(adjacency.get(edge.from) ?? []), { to: edge.to, kind: edge.kind }]);
  for (const list of adjacency.values()) list.sort((a, b) => compareText(a.to, b.to));
  return adjacency;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Paths from the roots to `pkg`. Throws `PKG_NOT_FOUND` when `pkg` is neither a package nor a root;
 * returns `[]` when it is present but no known edge reaches it. A root asked about gives the
 * one-step path `[{ name: root }]`.
 */
export function findDependencyPaths(
  deps: Dependencies,
  pkg: string,
  options: WhyOptions = {},
): DependencyPath[] {
  const known = deps.packages.some((p) => p.name === pkg) || deps.roots.includes(pkg);
  if (!known) throw new UserError('PKG_NOT_FOUND', `"${pkg}" is not in the dependency graph`, { at: pkg });
  const adjacency = buildAdjacency(deps, options.kinds);
  const maxPaths = options.maxPaths ?? 20;
  const roots = [...new Set(deps.roots)].sort(compareText);
  return options.all
    ? findSimplePaths(adjacency, roots, pkg, maxPaths, options.maxExplored ?? 50_000)
    : findShortestPaths(adjacency, roots, pkg, maxPaths);
}

/** Breadth-first distances from the roots, then every shortest path read back through predecessors. */
function findShortestPaths(
  adjacency: Adjacency,
  roots: string[],
  pkg: string,
  maxPaths: number,
): DependencyPath[] {
  const distance = new Map<string, number>(roots.map((r) => [r, 0]));
  const queue = [...roots];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const d = distance.get(name) ?? 0;
    for (const { to } of adjacency.get(name) ?? []) {
      if (!distance.has(to)) {
        distance.set(to, d + 1);
        queue.push(to);
      }
    }
  }
  if (!distance.has(pkg)) return [];
  const paths: DependencyPath[] = [];
  // Walk forward from each root along edges that stay on a shortest route to `pkg`.
  const target = distance.get(pkg) ?? 0;
  const onRoute = shortestRouteNodes(adjacency, distance, pkg);
  const extend = (steps: PathStep[]): void => {
    if (paths.length >= maxPaths) return;
    const last = steps[steps.length - 1];
    if (!last) return;
    if (last.name === pkg) {
      paths.push({ path: steps });
      return;
    }
    const d = distance.get(last.name) ?? 0;
    for (const edge of adjacency.get(last.name) ?? []) {
      if (distance.get(edge.to) === d + 1 && onRoute.has(edge.to) && d + 1 <= target)
        extend([...steps, { name: edge.to, kind: edge.kind }]);
    }
  };
  for (const root of roots) if (onRoute.has(root) && distance.get(root) === 0) extend([{ name: root }]);
  return paths;
}

/** Nodes from which `pkg` is reached along edges that increase the distance by one. */
function shortestRouteNodes(adjacency: Adjacency, distance: Map<string, number>, pkg: string): Set<string> {
  const reverse = new Map<string, string[]>();
  for (const [from, list] of adjacency)
    for (const { to } of list) reverse.set(to, [...(reverse.get(to) ?? []), from]);
  const on = new Set([pkg]);
  const queue = [pkg];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const d = distance.get(name) ?? 0;
    for (const from of reverse.get(name) ?? []) {
      if (distance.get(from) === d - 1 && !on.has(from)) {
        on.add(from);
        queue.push(from);
      }
    }
  }
  return on;
}

/** Simple paths in breadth-first order (so by length), bounded by `maxPaths` and `maxExplored`. */
function findSimplePaths(
  adjacency: Adjacency,
  roots: string[],
  pkg: string,
  maxPaths: number,
  maxExplored: number,
): DependencyPath[] {
  const paths: DependencyPath[] = [];
  const reaches = nodesReaching(adjacency, pkg);
  const queue: PathStep[][] = roots.filter((r) => reaches.has(r)).map((r) => [{ name: r }]);
  let explored = 0;
  for (let head = 0; head < queue.length && paths.length < maxPaths && explored < maxExplored; head++) {
    const steps = queue[head] ?? [];
    explored++;
    const last = steps[steps.length - 1];
    if (!last) continue;
    if (last.name === pkg) {
      paths.push({ path: steps });
      continue;
    }
    for (const edge of adjacency.get(last.name) ?? []) {
      if (reaches.has(edge.to) && !steps.some((s) => s.name === edge.to))
        queue.push([...steps, { name: edge.to, kind: edge.kind }]);
    }
  }
  return paths;
}

/** Every node with some path to `pkg` (itself included): the only ones worth extending a path through. */
function nodesReaching(adjacency: Adjacency, pkg: string): Set<string> {
  const reverse = new Map<string, string[]>();
  for (const [from, list] of adjacency)
    for (const { to } of list) reverse.set(to, [...(reverse.get(to) ?? []), from]);
  const seen = new Set([pkg]);
  const queue = [pkg];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const from of reverse.get(name) ?? []) {
      if (!seen.has(from)) {
        seen.add(from);
        queue.push(from);
      }
    }
  }
  return seen;
}
