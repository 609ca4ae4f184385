import { describe, expect, it } from 'vitest';
import { computeSparklinePath } from './sparkline-path.js';

/** The points of an SVG path made of M and L commands. */
function points(path: string): [number, number][] {
  return [...path.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('computeSparklinePath', () => {
  it('spans the box inside a one-pixel margin, the largest value at the top', () => {
    const p = points(computeSparklinePath([10, 30, 20], 120, 24));
    expect(p).toEqual([
      [1, 23],
      [60, 1],
      [119, 12],
    ]);
  });

  it('draws a flat series in the middle, not on an edge', () => {
    expect(points(computeSparklinePath([5, 5], 120, 24))).toEqual([
      [1, 12],
      [119, 12],
    ]);
  });

  it('draws nothing for no builds', () => {
    expect(computeSparklinePath([], 120, 24)).toBe('');
  });
});
