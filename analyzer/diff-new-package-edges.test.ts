import { describe, expect, it } from 'vitest';
import { findNewPackageEdges } from './diff-new-package-edges.js';
import type { DependencyEdge } from './model/manifest.js';

const edge = (from: string, to: string, kind: DependencyEdge['kind'] = 'runtime', constraint?: string) =>
  constraint === undefined ? { from, to, kind } : { from, to, kind, constraint };

describe('findNewPackageEdges', () => {
  it.each([
    {
      what: 'edges from packages the base had come first, then those from new ones, each sorted',
      edges: [
        edge('zeta', 'new'),
        edge('fresh', 'new', 'build'),
        edge('alpha', 'new'),
        edge('alpha', 'other'),
      ],
      added: ['new'],
      base: ['alpha', 'zeta', 'other'],
      want: [
        {
          name: 'new',
          via: [
            { from: 'alpha', kind: 'runtime', fromIsNew: false },
            { from: 'zeta', kind: 'runtime', fromIsNew: false },
            { from: 'fresh', kind: 'build', fromIsNew: true },
          ],
        },
      ],
    },
    {
      what: 'two constraints on one (from, kind) are one edge; another kind is another',
      edges: [edge('a', 'n', 'runtime', '>= 1'), edge('a', 'n', 'runtime', '< 3'), edge('a', 'n', 'test')],
      added: ['n'],
      base: ['a'],
      want: [
        {
          name: 'n',
          via: [
            { from: 'a', kind: 'runtime', fromIsNew: false },
            { from: 'a', kind: 'test', fromIsNew: false },
          ],
        },
      ],
    },
    {
      what: 'a new root has no incoming edge, and packages not added are left out',
      edges: [edge('root', 'a')],
      added: ['root'],
      base: ['a'],
      want: [{ name: 'root', via: [] }],
    },
  ])('$what', ({ edges, added, base, want }) => {
    expect(findNewPackageEdges(edges, added, new Set(base))).toEqual(want);
  });
});
