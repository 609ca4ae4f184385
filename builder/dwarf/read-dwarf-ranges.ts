/**
 * Address ranges of compile units: `.debug_aranges` (one set per unit, the cheapest source),
 * DWARF 2–4 `.debug_ranges` lists and DWARF 5 `.debug_rnglists` lists. Empty ranges are dropped.
 */
import { DwarfCursor, DwarfRangeError } from './dwarf-cursor.js';

/** A half-open address range `[low, high)`. */
export interface AddressRange {
  low: number;
  high: number;
}

/** The all-ones address (as a number, 2^64 rounds to itself: close enough to recognise the marker). */
function maxAddress(size: number): number {
  return size === 8 ? 2 ** 64 - 1 : 2 ** (8 * size) - 1;
}

/** `.debug_aranges`: unit offset in `.debug_info` → its ranges. A set that cannot be read ends the scan (the caller reports it). */
export function readDwarfAranges(aranges: Uint8Array, littleEndian: boolean): Map<number, AddressRange[]> {
  const byUnit = new Map<number, AddressRange[]>();
  const c = new DwarfCursor(aranges, littleEndian);
  while (c.pos < c.end) {
    const start = c.pos;
    let length = c.u32();
    let offsetSize = 4;
    if (length === 0xffffffff) {
      length = c.u64();
      offsetSize = 8;
    }
    const setEnd = c.pos + length;
    if (setEnd > c.end)
      throw new DwarfRangeError(
        start,
        `.debug_aranges set length 0x${length.toString(16)} runs past the section`,
      );
    const set = new DwarfCursor(aranges, littleEndian, c.pos, setEnd);
    const version = set.u16();
    const unitOffset = set.unsigned(offsetSize);
    const addressSize = set.u8();
    const segmentSize = set.u8();
    if (version !== 2 || ![2, 4, 8].includes(addressSize) || segmentSize > 8)
      throw new DwarfRangeError(
        start,
        `unsupported .debug_aranges set (version ${version}, address size ${addressSize})`,
      );
    // Tuples are aligned to twice the address size, counted from the start of the set.
    const tuple = 2 * addressSize + segmentSize;
    const misalign = (set.pos - start) % (2 * addressSize);
    if (misalign !== 0) set.skip(2 * addressSize - misalign, 'padding');
    const ranges = byUnit.get(unitOffset) ?? [];
    while (set.pos + tuple <= set.end) {
      set.skip(segmentSize);
      const low = set.unsigned(addressSize);
      const len = set.unsigned(addressSize);
      if (low === 0 && len === 0) break;
      if (len > 0) ranges.push({ low, high: low + len });
    }
    byUnit.set(unitOffset, ranges);
    c.pos = setEnd;
  }
  return byUnit;
}

/** A DWARF 2–4 range list at `offset` of `.debug_ranges`; `base` is the unit's DW_AT_low_pc. */
export function readDebugRanges(
  ranges: Uint8Array,
  offset: number,
  littleEndian: boolean,
  addressSize: number,
  base: number,
): AddressRange[] {
  if (offset >= ranges.length) throw new DwarfRangeError(offset, 'range list offset outside .debug_ranges');
  const c = new DwarfCursor(ranges, littleEndian, offset);
  const out: AddressRange[] = [];
  const max = maxAddress(addressSize);
  for (;;) {
    const begin = c.unsigned(addressSize);
    const end = c.unsigned(addressSize);
    if (begin === 0 && end === 0) return out;
    if (begin === max) base = end;
    else if (end > begin) out.push({ low: base + begin, high: base + end });
  }
}

/** Where a DWARF 5 range list's indirections lead. */
export interface RnglistContext {
  littleEndian: boolean;
  addressSize: number;
  offsetSize: 4 | 8;
  /** Base address of the unit (DW_AT_low_pc), for DW_RLE_offset_pair. */
  base: number;
  /** Resolves DW_RLE_*x address indices through `.debug_addr`. */
  readAddressIndex: (index: number) => number;
}

/** Offset of list `index` of the table whose offsets array starts at `rnglistsBase` (DW_FORM_rnglistx). */
export function resolveRnglistIndex(
  rnglists: Uint8Array,
  rnglistsBase: number,
  index: number,
  ctx: RnglistContext,
): number {
  const c = new DwarfCursor(rnglists, ctx.littleEndian, rnglistsBase + index * ctx.offsetSize);
  return rnglistsBase + c.unsigned(ctx.offsetSize);
}

/** A DWARF 5 range list at `offset` of `.debug_rnglists`. */
export function readRnglist(rnglists: Uint8Array, offset: number, ctx: RnglistContext): AddressRange[] {
  if (offset >= rnglists.length)
    throw new DwarfRangeError(offset, 'range list offset outside .debug_rnglists');
  const c = new DwarfCursor(rnglists, ctx.littleEndian, offset);
  const out: AddressRange[] = [];
  let base = ctx.base;
  const push = (low: number, high: number): void => {
    if (high > low) out.push({ low, high });
  };
  for (;;) {
    const kind = c.u8();
    switch (kind) {
      case 0: // end_of_list
        return out;
      case 1: // base_addressx
        base = ctx.readAddressIndex(c.uleb());
        break;
      case 2: {
        // startx_endx
        const low = ctx.readAddressIndex(c.uleb());
        push(low, ctx.readAddressIndex(c.uleb()));
        break;
      }
      case 3: {
        // startx_length
        const low = ctx.readAddressIndex(c.uleb());
        push(low, low + c.uleb());
        break;
      }
      case 4: {
        // offset_pair
        const a = c.uleb();
        push(base + a, base + c.uleb());
        break;
      }
      case 5: // base_address
        base = c.unsigned(ctx.addressSize);
        break;
      case 6: {
        // start_end
        const low = c.unsigned(ctx.addressSize);
        push(low, c.unsigned(ctx.addressSize));
        break;
      }
      case 7: {
        // start_length
        const low = c.unsigned(ctx.addressSize);
        push(low, low + c.uleb());
        break;
      }
      default:
        throw new DwarfRangeError(c.pos - 1, `unknown range list entry kind ${kind}`);
    }
  }
}

/** Sorts ranges and merges overlapping or touching ones. */
export function mergeAddressRanges(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = ranges.filter((r) => r.high > r.low).sort((a, b) => a.low - b.low || a.high - b.high);
  const out: AddressRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.low <= last.high) last.high = Math.max(last.high, r.high);
    else out.push({ low: r.low, high: r.high });
  }
  return out;
}
