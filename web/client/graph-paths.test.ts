import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { findDependencyPaths } from '../../analyzer/why.js';
import { readLockGraph, sharedData } from '../../test/support/lock-graph.js';
import { edgeKey, findPathsFromRoots } from './graph-paths.js';

// The graph view highlights "every path from a root" by two reachability searches; `tcbscope why
// --all` enumerates the simple paths one by one. Where the graph has no cycle the two must agree:
// the union of why's paths is exactly what the view highlights. Real opam graphs have cycles
// through build and post edges (dune and csexp build each other; ocaml and ocaml-base-compiler),
// where reachability also counts walks that pass a package twice; their runtime edges (what is
// linked) form no cycle, and that is the graph compared here.
describe.skipIf(sharedData.skip)(
  sharedData.title('findPathsFromRoots on the hello-hvt lock graph, against why --all'),
  async () => {
    const manifest = (await readLockGraph()) as Manifest;
    const deps = manifest && {
      ...manifest.dependencies,
      edges: manifest.dependencies.edges.filter((e) => e.kind === 'runtime'),
    };
    const targets = deps ? deps.packages.map((p) => p.name).sort() : [];
    const pairs = deps
      ? [...new Set(deps.edges.map((e) => edgeKey(e)))].map((k) => k.split('\u0000') as [string, string])
      : [];
    const count = new Map<string, number>();
    /** Paths from any root to `name`, counted over distinct (from, to) pairs; the lock graph is acyclic. */
    const countPaths = (name: string): number => {
      const known = count.get(name);
      if (known === -1) throw new Error(`the runtime graph has a cycle through ${name}`);
      if (known !== undefined) return known;
      count.set(name, -1);
      const n =
        (deps.roots.includes(name) ? 1 : 0) +
        pairs.filter(([, to]) => to === name).reduce((sum, [from]) => sum + countPaths(from), 0);
      count.set(name, n);
      return n;
    };

    it('agrees with the union of the enumerated paths for every package whose paths can be listed', () => {
      let compared = 0;
      for (const target of targets) {
        const paths = findDependencyPaths(deps, target, {
          all: true,
          maxPaths: 5000,
          maxExplored: 200_000,
          kinds: ['runtime'],
        });
        // why stops at its bounds; compare only where its list is complete: as many paths as a
        // count over the (acyclic) graph gives.
        if (paths.length === 0 || paths.length !== countPaths(target)) continue;
        const nodes = new Set(paths.flatMap((p) => p.path.map((s) => s.name)));
        const edges = new Set(
          paths.flatMap((p) =>
            p.path
              .slice(1)
              .map((s, i) => edgeKey({ from: (p.path[i] as { name: string }).name, to: s.name })),
          ),
        );
        const highlight = findPathsFromRoots(deps.edges, deps.roots, target);
        expect([...highlight.nodes].sort(), target).toEqual([...nodes].sort());
        expect([...highlight.edges].sort(), target).toEqual([...edges].sort());
        compared++;
      }
      expect(compared).toBeGreaterThan(20);
    });
  },
);

describe('findPathsFromRoots edge cases', () => {
  const edges = [
    { from: 'app', to: 'a' },
    { from: 'a', to: 'b' },
    { from: 'x', to: 'b' },
  ];
  it('leaves out what no root reaches (x → b is not a reason for b)', () => {
    const h = findPathsFromRoots(edges, ['app'], 'b');
    expect([...h.nodes].sort()).toEqual(['a', 'app', 'b']);
    expect(h.edges.has(edgeKey({ from: 'x', to: 'b' }))).toBe(false);
  });
  it('gives a root alone for the root, and nothing for an unreachable package', () => {
    expect([...findPathsFromRoots(edges, ['app'], 'app').nodes]).toEqual(['app']);
    expect(findPathsFromRoots(edges, ['app'], 'x').nodes.size).toBe(0);
  });
});
