import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDelta, formatShare } from './format-number.js';

// The formats the pages promise: the CLI's thousands separators, binary units with three
// significant figures, one-decimal percentages, and a true minus sign for shrinking.
describe('number formats', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [9502032, '9,502,032'],
  ])('formatCount(%d) = %s', (n, text) => expect(formatCount(n)).toBe(text));

  it.each([
    [1023, '1023 B'],
    [1024, '1.00 KiB'],
    [1536, '1.50 KiB'],
    [9502032, '9.06 MiB'],
    [3 * 1024 ** 3, '3.00 GiB'],
  ])('formatBytes(%d) = %s', (n, text) => expect(formatBytes(n)).toBe(text));

  it.each([
    [0.0668, '6.7%'],
    [1, '100.0%'],
    [null, '–'],
    [Number.NaN, '–'],
  ])('formatShare(%s) = %s', (n, text) => expect(formatShare(n)).toBe(text));

  it.each([
    [0, '0'],
    [1024, '+1,024'],
    [-9309306, '−9,309,306'],
  ])('formatDelta(%d) = %s', (n, text) => expect(formatDelta(n)).toBe(text));
});
