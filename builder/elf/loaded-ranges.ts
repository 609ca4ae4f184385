/**
 * Which bytes of a file were loaded. The pipeline's sparse reader fills only the ranges the readers
 * decode and leaves the rest as zeros; a reader that strays outside them would read those zeros as
 * data, so every table and section read is checked against the loaded ranges here.
 */
import type { ByteRange } from './elf-types.js';

/**
 * A read of bytes that were never loaded: the read planner missed a range the readers use. It is a
 * bug in tcbscope, not in the input, so it is not a UserError (the CLI prints its stack).
 */
export class UnloadedBytesError extends Error {
  constructor(offset: number, size: number, at: string) {
    super(
      `internal error: ${at} (${size} bytes at offset 0x${offset.toString(16)}) was not loaded; the ELF read plan (builder/elf/plan-elf-reads.ts) misses it`,
    );
    this.name = 'UnloadedBytesError';
  }
}

/** The ranges sorted by offset, overlapping and touching ones joined, empty ones dropped. */
export function mergeRanges(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = ranges.filter((r) => r.size > 0).sort((a, b) => a.offset - b.offset);
  const merged: ByteRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.offset <= last.offset + last.size)
      last.size = Math.max(last.size, r.offset + r.size - last.offset);
    else merged.push({ offset: r.offset, size: r.size });
  }
  return merged;
}

/** True when `size` bytes at `offset` lie inside one range of `loaded` (sorted and merged); an empty read always does. */
export function isLoaded(loaded: readonly ByteRange[], offset: number, size: number): boolean {
  if (size === 0) return true;
  // The last range starting at or before `offset` is the only one that can hold the read.
  let lo = 0;
  let hi = loaded.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((loaded[mid] as ByteRange).offset <= offset) lo = mid + 1;
    else hi = mid - 1;
  }
  const r = loaded[hi];
  return r !== undefined && offset + size <= r.offset + r.size;
}

/** Throws {@link UnloadedBytesError} naming `at` unless the read lies inside the loaded ranges. */
export function requireLoaded(loaded: readonly ByteRange[], offset: number, size: number, at: string): void {
  if (!isLoaded(loaded, offset, size)) throw new UnloadedBytesError(offset, size, at);
}
