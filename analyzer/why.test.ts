import { describe, expect, it } from 'vitest';
import type { Dependencies, DependencyEdge } from './model/manifest.js';
import { UserError } from './model/user-error.js';
import { findDependencyPaths } from './why.js';

function graph(edges: [string, string, DependencyEdge['kind']][], roots = ['app']): Dependencies {
  const names = new Set(edges.flatMap(([a, b]) => [a, b]));
  return {
    packages: [...names, 'lonely'].map((name) => ({
      name,
      origin: 'test',
      fileSize: 0,
      buildOnly: false,
      resolved: true,
    })),
    edges: edges.map(([from, to, kind]) => ({ from, to, kind })),
    roots,
    unresolved: [],
  };
}

// app → a → c, app → b → c, app → b → d → c, app → c (test)
const G = graph([
  ['app', 'b', 'runtime'],
  ['app', 'a', 'runtime'],
  ['a', 'c', 'runtime'],
  ['b', 'c', 'build'],
  ['b', 'd', 'runtime'],
  ['d', 'c', 'runtime'],
  ['app', 'c', 'test'],
  ['c', 'app', 'post'],
]);
const show = (paths: ReturnType<typeof findDependencyPaths>) =>
  paths.map((p) => p.path.map((s) => (s.kind ? `${s.name}(${s.kind})` : s.name)).join(' '));

describe('findDependencyPaths', () => {
  it('returns all shortest paths in name order', () => {
    expect(show(findDependencyPaths(G, 'd'))).toEqual(['app b(runtime) d(runtime)']);
    expect(show(findDependencyPaths(G, 'c'))).toEqual(['app c(test)']);
    expect(show(findDependencyPaths(G, 'c', { kinds: ['runtime', 'build'] }))).toEqual([
      'app a(runtime) c(runtime)',
      'app b(runtime) c(build)',
    ]);
  });
  it('lists longer simple paths by length with `all`, never revisiting a package', () => {
    expect(show(findDependencyPaths(G, 'c', { all: true }))).toEqual([
      'app c(test)',
      'app a(runtime) c(runtime)',
      'app b(runtime) c(build)',
      'app b(runtime) d(runtime) c(runtime)',
    ]);
    expect(findDependencyPaths(G, 'c', { all: true, maxPaths: 2 })).toHaveLength(2);
  });
  it('answers a root with itself, an unreachable package with no path, an unknown one with PKG_NOT_FOUND', () => {
    expect(show(findDependencyPaths(G, 'app'))).toEqual(['app']);
    expect(findDependencyPaths(G, 'lonely')).toEqual([]);
    expect(() => findDependencyPaths(G, 'nope')).toThrow(UserError);
  });
  it('shows the strongest kind when two edges join the same packages', () => {
    const g = graph([
      ['app', 'x', 'test'],
      ['app', 'x', 'runtime'],
    ]);
    expect(show(findDependencyPaths(g, 'x'))).toEqual(['app x(runtime)']);
  });
});
