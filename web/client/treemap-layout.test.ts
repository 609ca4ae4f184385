import { describe, expect, it } from 'vitest';
import { buildAttributionTree } from '../../analyzer/build-attribution-tree.js';
import { inspectSolo5 } from '../../test/support/solo5-build.js';
import { layoutTreemap, matchesQuery } from './treemap-layout.js';

// The tree of a real fixture image (its sums are checked against stat in build-attribution-tree.test.ts).
const tree = buildAttributionTree(inspectSolo5('solo5-hvt'));
const W = 1200;
const H = 560;

describe('layoutTreemap', () => {
  const { rects, hidden } = layoutTreemap(tree, W, H);
  const groups = rects.filter((r) => r.depth === 1);

  it('lays out every child and grandchild, drawn or counted as too small', () => {
    const nodes = (tree.children ?? []).reduce((n, p) => n + 1 + (p.children ?? []).length, 0);
    expect(rects.length + hidden).toBe(nodes);
  });

  it('keeps every rectangle inside the box, and each grandchild inside its child', () => {
    for (const r of rects) {
      expect(r.x0).toBeGreaterThanOrEqual(0);
      expect(r.y0).toBeGreaterThanOrEqual(0);
      expect(r.x1).toBeLessThanOrEqual(W);
      expect(r.y1).toBeLessThanOrEqual(H);
      if (r.depth === 2) {
        const parent = groups.find((g) => g.group === r.group);
        expect(
          parent && r.x0 >= parent.x0 && r.x1 <= parent.x1 && r.y0 >= parent.y0 && r.y1 <= parent.y1,
        ).toBe(true);
      }
    }
  });

  it('gives a larger package a larger rectangle, and shares that add up to the whole', () => {
    const area = (r: (typeof rects)[number]) => (r.x1 - r.x0) * (r.y1 - r.y0);
    const byBytes = [...groups].sort((a, b) => b.node.bytes - a.node.bytes);
    for (let i = 1; i < byBytes.length; i++) {
      if (
        (byBytes[i - 1] as (typeof rects)[number]).node.bytes >
        (byBytes[i] as (typeof rects)[number]).node.bytes * 1.5
      ) {
        expect(area(byBytes[i - 1] as (typeof rects)[number])).toBeGreaterThan(
          area(byBytes[i] as (typeof rects)[number]),
        );
      }
    }
    if (hidden === 0) expect(groups.reduce((n, g) => n + g.share, 0)).toBeCloseTo(1, 10);
  });

  it('counts the rectangles too small to draw instead of drawing them', () => {
    const small = layoutTreemap(tree, 60, 30, { minArea: 50 });
    expect(small.hidden).toBeGreaterThan(0);
    expect(small.rects.length + small.hidden).toBe(rects.length + hidden);
  });
});

describe('matchesQuery', () => {
  it('matches a node by its own name or a name inside it, ignoring case', () => {
    const pkg = (tree.children ?? []).find((p) => (p.children ?? []).length > 0);
    const unit = pkg?.children?.[0];
    expect(unit && pkg && matchesQuery(pkg, unit.name.toUpperCase())).toBe(true);
    expect(matchesQuery(tree, 'no such name anywhere')).toBe(false);
    expect(matchesQuery(tree, '  ')).toBe(false);
  });
});

describe('layoutTreemap on another basis', () => {
  it('sizes by code bytes, leaves out what holds none, and keeps the file-bytes order', () => {
    const { rects } = layoutTreemap(tree, W, H, { basis: 'code' });
    const groups = rects.filter((r) => r.depth === 1);
    expect(groups.every((g) => g.node.code > 0)).toBe(true);
    expect(groups.reduce((n, g) => n + g.share, 0)).toBeCloseTo(1, 9);
    const fileOrder = (tree.children ?? []).filter((c) => c.code > 0).map((c) => c.name);
    expect(groups.map((g) => g.node.name)).toEqual(
      fileOrder.filter((n) => groups.some((g) => g.node.name === n)),
    );
  });
});
