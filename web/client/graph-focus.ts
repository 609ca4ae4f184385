/** A rectangle in the graph's own pixels (ELK's coordinates). */
export interface GraphBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How to show part of the graph in its scrolling box: the SVG's scale and the box's scroll offsets. */
export interface GraphFocus {
  /** Drawn size over layout size; 1 unless the boxes do not fit the viewport at full size. */
  scale: number;
  scrollLeft: number;
  scrollTop: number;
}

/**
 * The scale and scroll that bring every box into the viewport: never enlarged past full size (the
 * labels are sized for it), shrunk just enough when the boxes span more than the viewport, and
 * centred on them as far as the graph's edges allow. `margin` keeps a node off the very border.
 */
export function focusGraphOn(
  boxes: readonly GraphBox[],
  graph: { width: number; height: number },
  viewport: { width: number; height: number },
  margin = 16,
): GraphFocus {
  if (boxes.length === 0 || viewport.width <= 0 || viewport.height <= 0)
    return { scale: 1, scrollLeft: 0, scrollTop: 0 };
  const left = Math.min(...boxes.map((b) => b.x)) - margin;
  const top = Math.min(...boxes.map((b) => b.y)) - margin;
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + margin;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + margin;
  const scale = Math.min(1, viewport.width / (right - left), viewport.height / (bottom - top));
  const scroll = (low: number, high: number, size: number, view: number): number => {
    const centred = ((low + high) / 2) * scale - view / 2;
    return Math.max(0, Math.min(centred, size * scale - view));
  };
  return {
    scale,
    scrollLeft: scroll(left, right, graph.width, viewport.width),
    scrollTop: scroll(top, bottom, graph.height, viewport.height),
  };
}

/** Which listed paths the box shows, and how. */
export interface PathsInView {
  focus: GraphFocus;
  /** Indices of the paths whose every box is in view. */
  shown: number[];
}

/**
 * Frames every path when that keeps the drawing at `minScale` (default 0.75) or more (smaller, the
 * 11-pixel labels cannot be read); otherwise only the first path, the strongest reason the package is here (runtime paths
 * come first), at whatever scale it needs. A path asked for by its index is framed alone.
 */
export function focusGraphOnPaths(
  paths: readonly (readonly GraphBox[])[],
  graph: { width: number; height: number },
  viewport: { width: number; height: number },
  options: { only?: number; minScale?: number } = {},
): PathsInView {
  const alone = (i: number): PathsInView => ({
    focus: focusGraphOn(paths[i] ?? [], graph, viewport),
    shown: [i],
  });
  if (paths.length === 0) return { focus: focusGraphOn([], graph, viewport), shown: [] };
  if (options.only !== undefined) return alone(options.only);
  const all = focusGraphOn(paths.flat(), graph, viewport);
  if (all.scale >= (options.minScale ?? 0.75) || paths.length === 1)
    return { focus: all, shown: paths.map((_, i) => i) };
  return alone(0);
}
