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
  paths.map(
    (p) =>
      `${p.tier}: ` +
      p.path.map((s) => (s.kind ? `${s.name}(${s.kind}${s.inferred ? ' inferred' : ''})` : s.name)).join(' '),
  );

describe('findDependencyPaths', () => {
  it('returns the shortest paths of each tier, runtime first, then build, then test and doc', () => {
    expect(show(findDependencyPaths(G, 'd'))).toEqual(['runtime: app b(runtime) d(runtime)']);
    // The one-edge test path is the shortest of all, yet it comes last.
    expect(show(findDependencyPaths(G, 'c'))).toEqual([
      'runtime: app a(runtime) c(runtime)',
      'build: app b(runtime) c(build)',
      'test-doc: app c(test)',
    ]);
    expect(show(findDependencyPaths(G, 'c', { kinds: ['runtime', 'build'] }))).toEqual([
      'runtime: app a(runtime) c(runtime)',
      'build: app b(runtime) c(build)',
    ]);
  });
  it('lists longer simple paths by tier and length with `all`, never revisiting a package', () => {
    expect(show(findDependencyPaths(G, 'c', { all: true }))).toEqual([
      'runtime: app a(runtime) c(runtime)',
      'runtime: app b(runtime) d(runtime) c(runtime)',
      'build: app b(runtime) c(build)',
      'test-doc: app c(test)',
    ]);
    expect(findDependencyPaths(G, 'c', { all: true, maxPaths: 2 }).map((p) => p.tier)).toEqual([
      'runtime',
      'runtime',
    ]);
  });
  it('ranks a path by its weakest edge: a build edge behind a test edge makes a test-doc path', () => {
    const g = graph([
      ['app', 'x', 'build'],
      ['x', 'y', 'runtime'],
      ['app', 'z', 'test'],
      ['z', 'y', 'build'],
      ['app', 'w', 'runtime'],
      ['w', 'v', 'runtime'],
      ['v', 'u', 'runtime'],
      ['u', 'y', 'runtime'],
    ]);
    expect(show(findDependencyPaths(g, 'y'))).toEqual([
      'runtime: app w(runtime) v(runtime) u(runtime) y(runtime)',
      'build: app x(build) y(runtime)',
      'test-doc: app z(test) y(build)',
    ]);
  });
  it('answers a root with itself, an unreachable package with no path, an unknown one with PKG_NOT_FOUND', () => {
    expect(show(findDependencyPaths(G, 'app'))).toEqual(['runtime: app']);
    expect(findDependencyPaths(G, 'lonely')).toEqual([]);
    expect(() => findDependencyPaths(G, 'nope')).toThrow(UserError);
  });
  it('shows the strongest kind when two edges join the same packages', () => {
    const g = graph([
      ['app', 'x', 'test'],
      ['app', 'x', 'runtime'],
    ]);
    expect(show(findDependencyPaths(g, 'x'))).toEqual(['runtime: app x(runtime)']);
  });
  it('marks a step reached through an inferred edge, preferring a read edge of the same kind', () => {
    const g = graph([
      ['app', 'libc', 'runtime'],
      ['app', 'x', 'runtime'],
      ['x', 'y', 'runtime'],
    ]);
    g.edges = g.edges.map((e) => (e.to === 'libc' || e.to === 'x' ? { ...e, inferred: true } : e));
    expect(show(findDependencyPaths(g, 'libc'))).toEqual(['runtime: app libc(runtime inferred)']);
    expect(show(findDependencyPaths(g, 'y'))).toEqual(['runtime: app x(runtime inferred) y(runtime)']);
    g.edges.push({ from: 'app', to: 'x', kind: 'runtime' });
    expect(show(findDependencyPaths(g, 'y'))).toEqual(['runtime: app x(runtime) y(runtime)']);
  });
});
