/** An edge as the graph view knows it. */
export interface GraphEdgeRef {
  from: string;
  to: string;
}

/** What lies on some path from a root to one package: the answer to "why is this here". */
export interface PathHighlight {
  nodes: Set<string>;
  /** Edges as `from\u0000to`. */
  edges: Set<string>;
}

/** The key of an edge in {@link PathHighlight.edges}. */
export function edgeKey(e: GraphEdgeRef): string {
  return `${e.from}\u0000${e.to}`;
}

/**
 * Every node and edge on a path from a root to `target`: a node is on one when a root reaches it
 * and it reaches the target; an edge when its source is reached from a root and its end reaches
 * the target. Two breadth-first searches, so it stays linear in the graph's size. On an acyclic
 * graph this is exactly the union of the simple paths (`tcbscope why --all`); where build edges
 * close a cycle (opam's dune and csexp build each other) it also takes in packages reached only by
 * going round the cycle, which is why the CLI, not this view, is the place for exact path lists.
 */
export function findPathsFromRoots(
  edges: readonly GraphEdgeRef[],
  roots: readonly string[],
  target: string,
): PathHighlight {
  const forward = reach(
    roots,
    edges,
    (e) => e.from,
    (e) => e.to,
  );
  const backward = reach(
    [target],
    edges,
    (e) => e.to,
    (e) => e.from,
  );
  const nodes = new Set([...forward].filter((n) => backward.has(n)));
  const onPath = new Set(
    edges.filter((e) => forward.has(e.from) && backward.has(e.to) && nodes.has(e.from)).map(edgeKey),
  );
  return { nodes, edges: onPath };
}

function reach(
  start: readonly string[],
  edges: readonly GraphEdgeRef[],
  tail: (e: GraphEdgeRef) => string,
  head: (e: GraphEdgeRef) => string,
): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(tail(e), [...(next.get(tail(e)) ?? []), head(e)]);
  const seen = new Set(start);
  const queue = [...start];
  while (queue.length > 0) {
    for (const n of next.get(queue.shift() as string) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}
