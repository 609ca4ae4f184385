import { describe, expect, it } from 'vitest';
import { isAsciiRange } from './is-ascii-range.js';

/** The byte-by-byte answer the word-at-a-time check must agree with. */
function plain(bytes: Uint8Array, start: number, end: number): boolean {
  return bytes.subarray(start, end).every((b) => b < 0x80);
}

describe('isAsciiRange', () => {
  // A buffer whose views start at every alignment, with one high byte moved through every position.
  const base = new TextEncoder().encode('caml_alloc_shr\0_ZN4llvm5APInt\0memcpy\0solo5_yield\0');
  it('agrees with a byte loop for every start, end and position of one non-ASCII byte', () => {
    for (let shift = 0; shift < 4; shift++) {
      const buffer = new Uint8Array(base.length + shift);
      buffer.set(base, shift);
      const view = new Uint8Array(buffer.buffer, shift, base.length);
      for (let high = -1; high < view.length; high++) {
        view.set(base);
        if (high >= 0) view[high] = 0xc3;
        for (const [start, end] of [
          [0, view.length],
          [1, view.length - 1],
          [3, 9],
          [5, 5],
        ] as const)
          expect(isAsciiRange(view, start, end)).toBe(plain(view, start, end));
      }
    }
  });
  it('reads the whole array by default', () => {
    expect(isAsciiRange(new TextEncoder().encode('plain text'))).toBe(true);
    expect(isAsciiRange(new TextEncoder().encode('naïve'))).toBe(false);
  });
});
