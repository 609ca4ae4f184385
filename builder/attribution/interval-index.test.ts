import { describe, expect, it } from 'vitest';
import { boundariesWithin, buildIntervalIndex, findInterval } from './interval-index.js';

describe('interval index', () => {
  const index = buildIntervalIndex([
    { start: 20, end: 30, value: 'b' },
    { start: 0, end: 10, value: 'a' },
    { start: 25, end: 40, value: 'c' }, // overlaps b: clipped to [30, 40)
    { start: 50, end: 50, value: 'empty' },
  ]);
  it('clips overlaps and drops empty intervals', () => {
    expect([...index.starts]).toEqual([0, 20, 30]);
    expect([...index.ends]).toEqual([10, 30, 40]);
    expect(index.values).toEqual(['a', 'b', 'c']);
  });
  it.each([
    [0, 'a'],
    [9, 'a'],
    [10, undefined],
    [19, undefined],
    [20, 'b'],
    [30, 'c'],
    [39, 'c'],
    [40, undefined],
    [-1, undefined],
  ])('finds %d in %s', (at, value) => {
    const i = findInterval(index, at);
    expect(i < 0 ? undefined : index.values[i]).toBe(value);
  });
  it('lists the boundaries inside a gap', () => {
    const into: number[] = [];
    boundariesWithin(index, 5, 35, into);
    expect(into).toEqual([10, 20, 30]);
  });
});
