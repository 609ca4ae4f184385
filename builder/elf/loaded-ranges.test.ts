import { describe, expect, it } from 'vitest';
import { UnloadedBytesError, isLoaded, mergeRanges, requireLoaded } from './loaded-ranges.js';

describe('mergeRanges', () => {
  it.each([
    ['nothing', [], []],
    ['drops empty ranges', [{ offset: 5, size: 0 }], []],
    [
      'sorts and joins overlapping and touching ranges',
      [
        { offset: 100, size: 10 },
        { offset: 0, size: 64 },
        { offset: 64, size: 8 },
        { offset: 105, size: 2 },
      ],
      [
        { offset: 0, size: 72 },
        { offset: 100, size: 10 },
      ],
    ],
    [
      'keeps a gap of one byte',
      [
        { offset: 0, size: 4 },
        { offset: 5, size: 4 },
      ],
      [
        { offset: 0, size: 4 },
        { offset: 5, size: 4 },
      ],
    ],
  ])('%s', (_label, input, expected) => expect(mergeRanges(input)).toEqual(expected));
});

describe('isLoaded', () => {
  const loaded = mergeRanges([
    { offset: 0, size: 64 },
    { offset: 4096, size: 256 },
  ]);
  it.each([
    ['inside the first range', 10, 20, true],
    ['the whole second range', 4096, 256, true],
    ['running one byte past a range', 4096, 257, false],
    ['in the gap', 1000, 8, false],
    ['spanning the gap', 0, 4200, false],
    ['past the last range', 9000, 1, false],
    ['an empty read anywhere', 2000, 0, true],
  ])('%s', (_label, offset, size, expected) => expect(isLoaded(loaded, offset, size)).toBe(expected));

  it('requireLoaded throws an internal error (not a UserError) naming the structure', () => {
    expect(() => requireLoaded(loaded, 1000, 8, 'section .text')).toThrow(UnloadedBytesError);
    expect(() => requireLoaded(loaded, 1000, 8, 'section .text')).toThrow(/section \.text.*0x3e8/);
  });
});
