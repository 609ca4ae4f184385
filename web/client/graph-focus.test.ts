import { describe, expect, it } from 'vitest';
import { focusGraphOn, focusGraphOnPaths, type GraphBox } from './graph-focus.js';

const GRAPH = { width: 2329, height: 995 };
const VIEW = { width: 1278, height: 810 };

/** Every box inside the viewport once scaled and scrolled as the focus says. */
function visible(boxes: GraphBox[], view = VIEW): boolean {
  const f = focusGraphOn(boxes, GRAPH, view);
  return boxes.every(
    (b) =>
      b.x * f.scale - f.scrollLeft >= 0 &&
      b.y * f.scale - f.scrollTop >= 0 &&
      (b.x + b.width) * f.scale - f.scrollLeft <= view.width &&
      (b.y + b.height) * f.scale - f.scrollTop <= view.height,
  );
}

describe('focusGraphOn', () => {
  it.each([
    ['a path at the far right', [{ x: 2100, y: 900, width: 200, height: 26 }]],
    [
      'a path that fits at full size',
      [
        { x: 1200, y: 100, width: 100, height: 26 },
        { x: 1900, y: 600, width: 120, height: 26 },
      ],
    ],
    [
      'a path across the whole graph',
      [
        { x: 0, y: 0, width: 80, height: 26 },
        { x: 2249, y: 969, width: 80, height: 26 },
      ],
    ],
  ])('brings %s into the 1278×810 box', (_name, boxes) => {
    expect(visible(boxes)).toBe(true);
  });

  it('keeps full size when the boxes fit, and shrinks only as far as needed when they do not', () => {
    expect(focusGraphOn([{ x: 2100, y: 900, width: 200, height: 26 }], GRAPH, VIEW).scale).toBe(1);
    const wide = focusGraphOn(
      [
        { x: 0, y: 400, width: 80, height: 26 },
        { x: 2249, y: 400, width: 80, height: 26 },
      ],
      GRAPH,
      VIEW,
    );
    // Width 2329 plus two 16-pixel margins must fit 1278 pixels.
    expect(wide.scale).toBeCloseTo(1278 / (2329 + 32), 6);
  });

  it('never scrolls before the graph start or past its end', () => {
    const f = focusGraphOn([{ x: 0, y: 0, width: 50, height: 26 }], GRAPH, VIEW);
    expect([f.scrollLeft, f.scrollTop]).toEqual([0, 0]);
    const g = focusGraphOn([{ x: 2300, y: 980, width: 29, height: 15 }], GRAPH, VIEW);
    expect([g.scrollLeft, g.scrollTop]).toEqual([2329 - 1278, 995 - 810]);
    expect(focusGraphOn([], GRAPH, VIEW)).toEqual({ scale: 1, scrollLeft: 0, scrollTop: 0 });
  });
});

describe('focusGraphOnPaths', () => {
  const near = [{ x: 1500, y: 100, width: 100, height: 26 }];
  const far = [
    { x: 0, y: 0, width: 80, height: 26 },
    { x: 2249, y: 969, width: 80, height: 26 },
  ];
  it('frames every path while the drawing stays at three quarters of full size or more', () => {
    const both = focusGraphOnPaths([near, [{ x: 1900, y: 600, width: 100, height: 26 }]], GRAPH, VIEW);
    expect(both.shown).toEqual([0, 1]);
    expect(both.focus.scale).toBe(1);
  });
  it('frames the first path alone when all of them would need a smaller drawing', () => {
    // Paths spanning the whole 2329-pixel graph need about 0.54 of full size: more than a 0.6 floor allows.
    const r = focusGraphOnPaths([near, far], GRAPH, VIEW, { minScale: 0.6 });
    expect(r.shown).toEqual([0]);
    expect(r.focus.scale).toBe(1);
    expect(focusGraphOnPaths([near, far], GRAPH, VIEW, { minScale: 0.5 }).shown).toEqual([0, 1]);
    expect(focusGraphOnPaths([near, far], GRAPH, VIEW).shown).toEqual([0]);
  });
  it('frames a path asked for by index, whatever its size', () => {
    expect(focusGraphOnPaths([near, far], GRAPH, VIEW, { only: 1 }).shown).toEqual([1]);
    expect(focusGraphOnPaths([], GRAPH, VIEW).shown).toEqual([]);
  });
});
