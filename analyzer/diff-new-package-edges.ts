import type { DependencyEdge, EdgeKind } from './model/manifest.js';

/** One edge of the head's graph that leads to a new package. */
export interface IncomingEdge {
  from: string;
  kind: EdgeKind;
  /** True when `from` is new as well: the package came in through another new one, not directly. */
  fromIsNew: boolean;
}

/**
 * A package of the head's dependency graph that the base's graph does not have, with the edges
 * that lead to it: a reviewer's first question about a new dependency is who asked for it.
 */
export interface NewPackageEdges {
  name: string;
  /** Edges into the package, those from packages the base already had first, then by name and kind. */
  via: IncomingEdge[];
}

/**
 * For each added package, the head's edges into it. Pure; `added` is the diff's sorted list of
 * added names and `baseNames` the names of the base's graph.
 */
export function findNewPackageEdges(
  headEdges: readonly DependencyEdge[],
  added: readonly string[],
  baseNames: ReadonlySet<string>,
): NewPackageEdges[] {
  const incoming = new Map<string, Map<string, IncomingEdge>>(added.map((name) => [name, new Map()]));
  for (const e of headEdges) {
    const into = incoming.get(e.to);
    // One edge per (from, kind): two constraints on one edge would otherwise print twice.
    if (into)
      into.set(`${e.from}\u0000${e.kind}`, { from: e.from, kind: e.kind, fromIsNew: !baseNames.has(e.from) });
  }
  return added.map((name) => ({
    name,
    via: [...(incoming.get(name) as Map<string, IncomingEdge>).values()].sort(
      (a, b) =>
        Number(a.fromIsNew) - Number(b.fromIsNew) ||
        compareText(a.from, b.from) ||
        compareText(a.kind, b.kind),
    ),
  }));
}

/** Code-unit order, not locale order: the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
