/**
 * Sorted, non-overlapping half-open intervals with a payload, for "which evidence covers this
 * address" lookups by binary search. Overlaps in the input are clipped (first come, first kept), so
 * a byte never gets two owners.
 */
export interface IntervalIndex<T> {
  starts: Float64Array;
  ends: Float64Array;
  values: T[];
}

/** Builds the index from intervals in any order; empty and overlapping parts are dropped. */
export function buildIntervalIndex<T>(
  items: readonly { start: number; end: number; value: T }[],
): IntervalIndex<T> {
  const order = items
    .map((item, i) => ({ item, i }))
    .filter(({ item }) => item.end > item.start)
    .sort((a, b) => a.item.start - b.item.start || a.i - b.i);
  const starts: number[] = [];
  const ends: number[] = [];
  const values: T[] = [];
  let last = -Infinity;
  for (const { item } of order) {
    const start = Math.max(item.start, last);
    if (item.end <= start) continue;
    starts.push(start);
    ends.push(item.end);
    values.push(item.value);
    last = item.end;
  }
  return { starts: Float64Array.from(starts), ends: Float64Array.from(ends), values };
}

/** Index of the interval containing `at`, or -1. */
export function findInterval<T>(index: IntervalIndex<T>, at: number): number {
  let lo = 0;
  let hi = index.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((index.starts[mid] as number) <= at) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && at < (index.ends[hi] as number) ? hi : -1;
}

/** Every interval start or end strictly inside (from, to), ascending: where a gap must be split. */
export function boundariesWithin<T>(index: IntervalIndex<T>, from: number, to: number, into: number[]): void {
  let i = Math.max(0, findFirstEndAfter(index, from));
  for (; i < index.starts.length; i++) {
    const s = index.starts[i] as number;
    const e = index.ends[i] as number;
    if (s >= to) break;
    if (s > from && into[into.length - 1] !== s) into.push(s);
    if (e < to && e > from) into.push(e);
  }
}

function findFirstEndAfter<T>(index: IntervalIndex<T>, at: number): number {
  let lo = 0;
  let hi = index.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((index.ends[mid] as number) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
