import { describe, expect, it } from 'vitest';
import type { Dependencies, DependencyPackage, PackageBytes } from '../../analyzer/model/manifest.js';
import { joinDependencyBytes } from './join-dependency-bytes.js';

const bytesOf = (name: string, fileSize: number, version?: string): PackageBytes => ({
  name,
  fileSize,
  memSize: fileSize,
  codeSize: 0,
  languages: {},
  evidence: {},
  ...(version ? { version } : {}),
});
const node = (name: string, extra: Partial<DependencyPackage> = {}): DependencyPackage => ({
  name,
  origin: 'test',
  fileSize: 0,
  buildOnly: false,
  resolved: true,
  ...extra,
});
const graph = (
  packages: DependencyPackage[],
  edges: Dependencies['edges'],
  roots = ['app'],
): Dependencies => ({ packages, edges, roots, unresolved: [] });

interface Case {
  name: string;
  attribution: PackageBytes[];
  graph: Dependencies;
  addMissing?: boolean;
  sizes: Record<string, number>;
  codes: string[];
  buildOnly?: Record<string, boolean>;
  addedEdges?: string[];
}

const cases: Case[] = [
  {
    name: 'sizes come from the attribution; pseudo-packages are ignored',
    attribution: [bytesOf('app', 10), bytesOf('lib', 70), bytesOf('[linker]', 5), bytesOf('unknown', 3)],
    graph: graph([node('app'), node('lib')], [{ from: 'app', to: 'lib', kind: 'runtime' }]),
    sizes: { app: 10, lib: 70 },
    codes: [],
  },
  {
    name: 'an attributed package missing from the graph is added under the root, with a warning',
    attribution: [bytesOf('app', 10), bytesOf('libc6-dev', 265, '2.36')],
    graph: graph([node('app')], []),
    sizes: { app: 10, 'libc6-dev': 265 },
    codes: ['dependency-missing-attributed'],
    addedEdges: ['app>libc6-dev:runtime'],
  },
  {
    name: 'with addMissing false, the missing package is only reported',
    attribution: [bytesOf('app', 10), bytesOf('libc6-dev', 265)],
    graph: graph([node('app')], []),
    addMissing: false,
    sizes: { app: 10 },
    codes: ['dependency-missing-attributed'],
    addedEdges: [],
  },
  {
    name: 'a linked package without bytes is reported; a build-only one is not',
    attribution: [bytesOf('app', 10)],
    graph: graph(
      [node('app'), node('dummy'), node('dune', { buildOnly: true })],
      [
        { from: 'app', to: 'dummy', kind: 'runtime' },
        { from: 'app', to: 'dune', kind: 'build' },
      ],
    ),
    sizes: { app: 10, dummy: 0, dune: 0 },
    codes: ['dependency-no-bytes'],
  },
  {
    name: 'a build-only package with bytes keeps the flag and is reported',
    attribution: [bytesOf('app', 10), bytesOf('ppx', 40)],
    graph: graph(
      [node('app'), node('ppx', { buildOnly: true })],
      [{ from: 'app', to: 'ppx', kind: 'build' }],
    ),
    sizes: { app: 10, ppx: 40 },
    codes: ['dependency-build-only-with-bytes'],
    buildOnly: { ppx: true },
  },
  {
    name: 'a version disagreement is reported',
    attribution: [bytesOf('app', 10), bytesOf('lib', 7, '1.0-2')],
    graph: graph(
      [node('app'), node('lib', { version: '1.0-1' })],
      [{ from: 'app', to: 'lib', kind: 'runtime' }],
    ),
    sizes: { app: 10, lib: 7 },
    codes: ['dependency-version-mismatch'],
  },
];

describe('joinDependencyBytes', () => {
  it.each(cases)('$name', (c) => {
    const { dependencies, diagnostics } = joinDependencyBytes(
      c.attribution,
      c.graph,
      c.addMissing === undefined ? {} : { addMissing: c.addMissing },
    );
    expect(Object.fromEntries(dependencies.packages.map((p) => [p.name, p.fileSize]))).toEqual(c.sizes);
    expect(diagnostics.map((d) => d.code).sort()).toEqual([...c.codes].sort());
    for (const [name, flag] of Object.entries(c.buildOnly ?? {}))
      expect(dependencies.packages.find((p) => p.name === name)?.buildOnly).toBe(flag);
    if (c.addedEdges) {
      const before = new Set(c.graph.edges.map((e) => `${e.from}>${e.to}:${e.kind}`));
      expect(
        dependencies.edges.map((e) => `${e.from}>${e.to}:${e.kind}`).filter((e) => !before.has(e)),
      ).toEqual(c.addedEdges);
      // What the join adds, no metadata stated: every added edge says so; the graph's own edges do not.
      for (const e of dependencies.edges)
        expect(e.inferred === true, `${e.from}>${e.to}`).toBe(!before.has(`${e.from}>${e.to}:${e.kind}`));
    }
    // The input graph is not modified.
    expect(c.graph.packages.every((p) => p.fileSize === 0)).toBe(true);
  });

  it('names every missing and idle package in the messages', () => {
    const { diagnostics } = joinDependencyBytes(
      [bytesOf('a', 1), bytesOf('x', 2)],
      graph([node('a'), node('y')], [{ from: 'a', to: 'y', kind: 'runtime' }], ['a']),
    );
    expect(diagnostics.find((d) => d.code === 'dependency-missing-attributed')?.message).toContain(
      'x (2 bytes)',
    );
    expect(diagnostics.find((d) => d.code === 'dependency-no-bytes')?.message).toContain(': y');
  });
});
