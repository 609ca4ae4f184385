/**
 * "Why is this package here?": the dependency paths from the roots to a package, with the kind of
 * every edge. Paths come in tiers — every edge links (runtime), some edge is needed only to build,
 * some edge is test, doc, post or dev only — so a test-only path never heads the answer when the
 * package is also linked. Within a tier, shortest first, then by names along the path.
 */
import type { Dependencies, EdgeKind } from './model/manifest.js';
import { UserError } from './model/user-error.js';

/** One step of a path: the package and the kind of the edge that led to it (absent on the root). */
export interface PathStep {
  name: string;
  kind?: EdgeKind;
  /** The edge that led here was added by tcbscope, not read from metadata (see `DependencyEdge.inferred`). */
  inferred?: true;
}

/**
 * What a path's weakest edge makes of it: `runtime` when every edge links the package in (runtime,
 * optional, pre-depends), `build` when some edge is a build dependency and none is weaker, `test-doc`
 * when some edge is test, doc, post or dev only (trusted neither to link nor to build).
 */
export type PathTier = 'runtime' | 'build' | 'test-doc';

/** The tiers, in the order paths are listed. */
export const PATH_TIERS: readonly PathTier[] = ['runtime', 'build', 'test-doc'];

/** A path from a root to the package asked about. */
export interface DependencyPath {
  /** Its weakest edge's tier; a root asked about is `runtime`. */
  tier: PathTier;
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
  /** Bound on partial paths explored per tier, so that dense graphs stay fast. Default 50,000. */
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

/**
 * The tier (index into {@link PATH_TIERS}) each kind puts a path in. `post` and `dev` join test and
 * doc: none of them is needed to link or to build the package.
 */
const KIND_TIER: Record<EdgeKind, number> = {
  runtime: 0,
  'pre-depends': 0,
  optional: 0,
  build: 1,
  post: 2,
  test: 2,
  doc: 2,
  dev: 2,
};

interface Step {
  to: string;
  kind: EdgeKind;
  inferred: boolean;
}

type Adjacency = Map<string, Step[]>;

/** One edge per pair of packages, the strongest kind (a read edge before an inferred one of that kind). */
function buildAdjacency(deps: Dependencies, kinds: EdgeKind[] | undefined): Adjacency {
  const best = new Map<string, { from: string } & Step>();
  for (const edge of deps.edges) {
    if (kinds && !kinds.includes(edge.kind)) continue;
    const key = `${edge.from}\u0000${edge.to}`;
    const seen = best.get(key);
    const inferred = edge.inferred === true;
    const stronger =
      !seen ||
      KIND_STRENGTH[edge.kind] < KIND_STRENGTH[seen.kind] ||
      (edge.kind === seen.kind && seen.inferred && !inferred);
    if (stronger) best.set(key, { from: edge.from, to: edge.to, kind: edge.kind, inferred });
  }
  const adjacency: Adjacency = new Map();
  for (const { from, ...step } of best.values()) adjacency.set(from, [...(adjacency.get(from) ?? []), step]);
  for (const list of adjacency.values()) list.sort((a, b) => compareText(a.to, b.to));
  return adjacency;
}

/** The edges of tiers up to `tier`: the graph a path of that tier may use. */
function restrictToTier(adjacency: Adjacency, tier: number): Adjacency {
  const out: Adjacency = new Map();
  for (const [from, list] of adjacency)
    out.set(
      from,
      list.filter((s) => KIND_TIER[s.kind] <= tier),
    );
  return out;
}

function tierOf(path: PathStep[]): PathTier {
  const worst = Math.max(0, ...path.map((s) => (s.kind ? KIND_TIER[s.kind] : 0)));
  return PATH_TIERS[worst] ?? 'test-doc';
}

function stepOf(edge: Step): PathStep {
  return edge.inferred
    ? { name: edge.to, kind: edge.kind, inferred: true }
    : { name: edge.to, kind: edge.kind };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Paths from the roots to `pkg`, tier by tier (runtime, build, test-doc; see {@link PathTier}). Without
 * `all`, the shortest paths of each tier; with it, simple paths of each tier by length. Throws
 * `PKG_NOT_FOUND` when `pkg` is neither a package nor a root; returns `[]` when it is present but no
 * known edge reaches it. A root asked about gives the one-step path `[{ name: root }]`.
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
  const maxExplored = options.maxExplored ?? 50_000;
  const roots = [...new Set(deps.roots)].sort(compareText);
  const paths: DependencyPath[] = [];
  for (let tier = 0; tier < PATH_TIERS.length && paths.length < maxPaths; tier++) {
    const search = { adjacency: restrictToTier(adjacency, tier), roots, pkg, tier, maxExplored };
    const left = maxPaths - paths.length;
    const found = options.all ? findSimplePaths(search, left) : findShortestPaths(search, left);
    paths.push(...found.map((path) => ({ tier: tierOf(path), path })));
  }
  return paths;
}

/** One tier's search: the graph cut down to that tier's edges, where to start and what to reach. */
interface TierSearch {
  adjacency: Adjacency;
  roots: string[];
  pkg: string;
  tier: number;
  maxExplored: number;
}

/**
 * The shortest simple paths whose weakest edge is of `tier`: a breadth-first search over states
 * (package, whether an edge of the tier is behind), then every shortest route to (pkg, yes) walked
 * forward from the roots. Where each shortest route goes round a cycle the tier lists none (`all` does).
 */
function findShortestPaths(search: TierSearch, maxPaths: number): PathStep[][] {
  const { adjacency, roots, pkg, tier } = search;
  const key = (name: string, done: boolean): string => `${done ? 1 : 0}${name}`;
  const successors = (name: string, done: boolean) =>
    (adjacency.get(name) ?? []).map((edge) => ({ edge, done: done || KIND_TIER[edge.kind] === tier }));
  const distance = new Map<string, number>();
  const reverse = new Map<string, string[]>();
  const queue: [string, boolean][] = roots.map((r) => [r, tier === 0]);
  for (const [r, done] of queue) distance.set(key(r, done), 0);
  for (let head = 0; head < queue.length; head++) {
    const [name, done] = queue[head] as [string, boolean];
    const d = distance.get(key(name, done)) ?? 0;
    for (const next of successors(name, done)) {
      const k = key(next.edge.to, next.done);
      reverse.set(k, [...(reverse.get(k) ?? []), key(name, done)]);
      if (distance.has(k)) continue;
      distance.set(k, d + 1);
      queue.push([next.edge.to, next.done]);
    }
  }
  const goal = key(pkg, true);
  if (!distance.has(goal)) return [];
  const onRoute = statesOnShortestRoute(reverse, distance, goal);
  const paths: PathStep[][] = [];
  let explored = 0;
  const extend = (steps: PathStep[], done: boolean): void => {
    const last = steps[steps.length - 1];
    if (!last || paths.length >= maxPaths || explored++ > search.maxExplored) return;
    if (key(last.name, done) === goal) {
      paths.push(steps);
      return;
    }
    const d = distance.get(key(last.name, done)) ?? 0;
    for (const next of successors(last.name, done)) {
      const k = key(next.edge.to, next.done);
      const simple = !steps.some((s) => s.name === next.edge.to);
      if (simple && onRoute.has(k) && distance.get(k) === d + 1)
        extend([...steps, stepOf(next.edge)], next.done);
    }
  };
  for (const root of roots) if (onRoute.has(key(root, tier === 0))) extend([{ name: root }], tier === 0);
  return paths;
}

/** States from which `goal` is reached along edges that increase the distance by one. */
function statesOnShortestRoute(
  reverse: Map<string, string[]>,
  distance: Map<string, number>,
  goal: string,
): Set<string> {
  const on = new Set([goal]);
  const queue = [goal];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as string;
    const d = distance.get(state) ?? 0;
    for (const from of reverse.get(state) ?? []) {
      if (distance.get(from) === d - 1 && !on.has(from)) {
        on.add(from);
        queue.push(from);
      }
    }
  }
  return on;
}

/** Simple paths of exactly `tier` in breadth-first order (so by length), bounded by `maxPaths` and `maxExplored`. */
function findSimplePaths(search: TierSearch, maxPaths: number): PathStep[][] {
  const { adjacency, roots, pkg, tier } = search;
  const paths: PathStep[][] = [];
  const reaches = nodesReaching(adjacency, pkg);
  const queue: PathStep[][] = roots.filter((r) => reaches.has(r)).map((r) => [{ name: r }]);
  let explored = 0;
  for (
    let head = 0;
    head < queue.length && paths.length < maxPaths && explored < search.maxExplored;
    head++
  ) {
    const steps = queue[head] ?? [];
    explored++;
    const last = steps[steps.length - 1];
    if (!last) continue;
    if (last.name === pkg) {
      // Paths of a stronger tier were listed with that tier.
      if (PATH_TIERS.indexOf(tierOf(steps)) === tier) paths.push(steps);
      continue;
    }
    for (const edge of adjacency.get(last.name) ?? []) {
      if (reaches.has(edge.to) && !steps.some((s) => s.name === edge.to))
        queue.push([...steps, stepOf(edge)]);
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
  for (let head = 0; head < queue.length; head++) {
    const name = queue[head] as string;
    for (const from of reverse.get(name) ?? []) {
      if (!seen.has(from)) {
        seen.add(from);
        queue.push(from);
      }
    }
  }
  return seen;
}
