import { hierarchy, treemap, treemapSquarify } from 'd3';
import type { AttributionNode } from '../../analyzer/build-attribution-tree.js';

/** One rectangle of the treemap, in pixels, with what its tooltip and colour need. */
export interface TreemapRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** 1 for the focused node's children, 2 for their children. */
  depth: 1 | 2;
  node: AttributionNode;
  /** Index of the depth-1 ancestor among the focused node's children drawn on this basis (the one a click zooms into). */
  group: number;
  /** For depth-1 rectangles: whether any of its children is laid out inside it. */
  hasChildren: boolean;
  /** Share of the focused node's bytes. */
  share: number;
}

/** The layout of one view, and how many nodes were too small to draw (level of detail). */
export interface TreemapLayout {
  rects: TreemapRect[];
  hidden: number;
}

/** Options of {@link layoutTreemap}. */
export interface TreemapLayoutOptions {
  /** Pixels above each depth-1 rectangle for its label. */
  labelHeight?: number;
  /** Rectangles smaller than this many square pixels are not drawn; their bytes stay in the parent. */
  minArea?: number;
  /** What a rectangle's area stands for: file bytes (the default), loaded bytes or code bytes. */
  basis?: TreemapBasis;
}

/** The treemap's size bases; the same names as the analyzer's `SizeBasis`. */
export type TreemapBasis = 'file' | 'loaded' | 'code';

/** A node's bytes on a basis. */
export function basisBytes(node: AttributionNode, basis: TreemapBasis): number {
  return basis === 'file' ? node.bytes : basis === 'loaded' ? node.loaded : node.code;
}

/**
 * Squarified treemap of a node's children and grandchildren in a `width` × `height` box. Only two
 * levels are laid out at a time, and tiny rectangles are dropped, so the number of drawn shapes
 * stays bounded whatever the image holds; zooming lays out the next two levels.
 */
export function layoutTreemap(
  focus: AttributionNode,
  width: number,
  height: number,
  options: TreemapLayoutOptions = {},
): TreemapLayout {
  const labelHeight = options.labelHeight ?? 16;
  const minArea = options.minArea ?? 6;
  const basis = options.basis ?? 'file';
  const size = (n: AttributionNode) => basisBytes(n, basis);
  // A copy cut two levels down: the children's children are laid out, not their descendants.
  // Nodes without bytes on the basis (debug units under `code`) are not part of this view.
  const twoLevels: AttributionNode = {
    ...focus,
    children: (focus.children ?? [])
      .filter((c) => size(c) > 0)
      .map((c) => ({
        ...c,
        children: (c.children ?? []).filter((g) => size(g) > 0).map((g) => ({ ...g, children: [] })),
      })),
  };
  // No re-sort by value: the tree comes ordered by file bytes on every basis, so a basis switch
  // changes sizes but not the order in which squarify places the rectangles.
  const root = hierarchy(twoLevels).sum((d) => (d.children && d.children.length > 0 ? 0 : size(d)));
  treemap<AttributionNode>()
    .tile(treemapSquarify)
    .size([width, height])
    .paddingInner(1)
    .paddingTop((d) => (d.depth === 1 ? labelHeight : 0))
    .round(true)(root);
  const total = size(focus) || 1;
  const rects: TreemapRect[] = [];
  let hidden = 0;
  (root.children ?? []).forEach((child, group) => {
    for (const d of [child, ...(child.children ?? [])]) {
      const r = d as typeof d & { x0: number; y0: number; x1: number; y1: number };
      if ((r.x1 - r.x0) * (r.y1 - r.y0) < minArea) {
        hidden++;
        continue;
      }
      rects.push({
        x0: r.x0,
        y0: r.y0,
        x1: r.x1,
        y1: r.y1,
        depth: d.depth as 1 | 2,
        node: d.data,
        group,
        hasChildren: d.depth === 1 && (d.children ?? []).length > 0,
        share: size(d.data) / total,
      });
    }
  });
  return { rects, hidden };
}

/** Names of nodes under `node` (itself included) that contain `query`, case-insensitively. */
export function matchesQuery(node: AttributionNode, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return false;
  const visit = (n: AttributionNode): boolean =>
    n.name.toLowerCase().includes(q) || (n.children ?? []).some(visit);
  return visit(node);
}
