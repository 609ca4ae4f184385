/**
 * Decodes the first DIE of a unit (the compile unit DIE) and resolves what it points at: strings
 * through `.debug_str`, `.debug_line_str` and `.debug_str_offsets`, addresses through `.debug_addr`,
 * range lists through `.debug_ranges` or `.debug_rnglists`. Indirections are resolved after the whole
 * DIE is read because the base attributes (DW_AT_str_offsets_base, DW_AT_addr_base,
 * DW_AT_rnglists_base) may follow the attributes that use them.
 */
import type { Diagnostic } from '../../analyzer/model/manifest.js';
import { DwarfCursor, DwarfRangeError, readStringAt } from './dwarf-cursor.js';
import { findDwarfAbbrev } from './find-dwarf-abbrev.js';
import { readDwarfAttribute, type DwarfAttributeValue } from './read-dwarf-attribute.js';
import {
  mergeAddressRanges,
  readDebugRanges,
  readRnglist,
  resolveRnglistIndex,
  type AddressRange,
  type RnglistContext,
} from './read-dwarf-ranges.js';
import type { DwarfSections, DwarfUnit } from './read-dwarf-units.js';
import { nameDwarfLanguage } from './name-dwarf-language.js';

/** A unit header as read from `.debug_info`. */
export interface UnitHeader {
  offset: number;
  /** Offset just past the unit. */
  end: number;
  version: number;
  /** DW_UT_* (1 for DWARF 2–4 units); -1 for a version this reader does not support. */
  unitType: number;
  offsetSize: 4 | 8;
  addressSize: number;
  abbrevOffset: number;
  /** Offset of the first DIE. */
  diePos: number;
}

const AT = {
  name: 0x03,
  lowPc: 0x11,
  highPc: 0x12,
  language: 0x13,
  compDir: 0x1b,
  producer: 0x25,
  ranges: 0x55,
  strOffsetsBase: 0x72,
  addrBase: 0x73,
  rnglistsBase: 0x74,
  dwoName: 0x76,
  gnuDwoName: 0x2130,
  gnuAddrBase: 0x2133,
} as const;
const UNIT_TAGS = new Set([0x11, 0x3c, 0x4a]); // compile_unit, partial_unit, skeleton_unit

/** The unit DIE's attributes this reader keeps, unresolved. */
export type UnitDie = Map<number, DwarfAttributeValue>;

/** Reads the first DIE; undefined when it is not a compile, partial or skeleton unit DIE. */
export function readUnitDie(s: DwarfSections, h: UnitHeader): UnitDie | undefined {
  const c = new DwarfCursor(s.info ?? new Uint8Array(0), s.littleEndian, h.diePos, h.end);
  const code = c.uleb();
  if (code === 0) return undefined;
  const abbrev = findDwarfAbbrev(s.abbrev ?? new Uint8Array(0), h.abbrevOffset, code);
  if (!abbrev)
    throw new DwarfRangeError(
      h.diePos,
      `abbreviation ${code} not found in the table at 0x${h.abbrevOffset.toString(16)}`,
    );
  if (!UNIT_TAGS.has(abbrev.tag)) return undefined;
  const die: UnitDie = new Map();
  const wanted = new Set<number>(Object.values(AT));
  for (const a of abbrev.attributes) {
    const value = readDwarfAttribute(c, a.form, h, a.implicitConst);
    if (wanted.has(a.name)) die.set(a.name, value);
  }
  return die;
}

/** Turns the raw DIE into a {@link DwarfUnit}; a range list that cannot be read becomes a diagnostic. */
export function resolveUnitDie(
  s: DwarfSections,
  h: UnitHeader,
  die: UnitDie,
  aranges: AddressRange[],
  diagnostics: Diagnostic[],
): DwarfUnit {
  const strings = (attr: number): string | undefined => resolveString(s, h, die, die.get(attr));
  const language = numberOf(die.get(AT.language));
  const unit: DwarfUnit = {
    offset: h.offset,
    version: h.version,
    name: strings(AT.name) ?? '',
    languageName: nameDwarfLanguage(language),
    ranges: [],
  };
  const compDir = strings(AT.compDir);
  const producer = strings(AT.producer);
  if (compDir !== undefined) unit.compDir = compDir;
  if (producer !== undefined) unit.producer = producer;
  if (language !== undefined) unit.language = language;
  const dwoName = strings(AT.dwoName) ?? strings(AT.gnuDwoName);
  if (dwoName !== undefined) unit.dwoName = dwoName;
  let own: AddressRange[] = [];
  try {
    own = readOwnRanges(s, h, die);
  } catch (e) {
    if (!(e instanceof DwarfRangeError)) throw e;
    diagnostics.push({
      code: 'dwarf-ranges-bad',
      severity: 'warning',
      message: `ranges of unit ${unit.name} not read: ${e.message}`,
      at: `.debug_info unit at 0x${h.offset.toString(16)}`,
    });
  }
  unit.ranges = mergeAddressRanges([...aranges, ...own]);
  return unit;
}

function numberOf(v: DwarfAttributeValue | undefined): number | undefined {
  return v && (v.kind === 'constant' || v.kind === 'address' || v.kind === 'sec-offset')
    ? v.value
    : undefined;
}

function resolveString(
  s: DwarfSections,
  h: UnitHeader,
  die: UnitDie,
  v: DwarfAttributeValue | undefined,
): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'string') return v.value;
  if (v.kind === 'strp') {
    if (v.section === 'other') return undefined; // lives in a supplementary object file
    return v.section === 'str'
      ? readStringAt(s.str, v.value, '.debug_str')
      : readStringAt(s.lineStr, v.value, '.debug_line_str');
  }
  if (v.kind === 'strx') {
    // Without DW_AT_str_offsets_base (split units), the offsets follow the first table header.
    const base = numberOf(die.get(AT.strOffsetsBase)) ?? (h.offsetSize === 8 ? 16 : 8);
    if (!s.strOffsets) throw new DwarfRangeError(h.diePos, 'DW_FORM_strx without .debug_str_offsets');
    const offset = new DwarfCursor(s.strOffsets, s.littleEndian, base + v.value * h.offsetSize).unsigned(
      h.offsetSize,
    );
    return readStringAt(s.str, offset, '.debug_str');
  }
  return undefined;
}

/** Reads entry `index` of `.debug_addr` for this unit. */
function addressReader(s: DwarfSections, h: UnitHeader, die: UnitDie): (index: number) => number {
  const base =
    numberOf(die.get(AT.addrBase)) ??
    numberOf(die.get(AT.gnuAddrBase)) ??
    (h.version >= 5 ? (h.offsetSize === 8 ? 16 : 8) : 0);
  return (index) => {
    if (!s.addr) throw new DwarfRangeError(h.diePos, 'address index without .debug_addr');
    return new DwarfCursor(s.addr, s.littleEndian, base + index * h.addressSize).unsigned(h.addressSize);
  };
}

/** DW_AT_low_pc/high_pc (high as an address or as a length) and DW_AT_ranges. */
function readOwnRanges(s: DwarfSections, h: UnitHeader, die: UnitDie): AddressRange[] {
  const readAddress = addressReader(s, h, die);
  const addressOf = (v: DwarfAttributeValue | undefined): number | undefined =>
    v?.kind === 'address' ? v.value : v?.kind === 'addrx' ? readAddress(v.value) : undefined;
  const low = addressOf(die.get(AT.lowPc));
  const out: AddressRange[] = [];
  const highValue = die.get(AT.highPc);
  if (low !== undefined && highValue !== undefined) {
    const high = highValue.kind === 'constant' ? low + highValue.value : addressOf(highValue);
    if (high !== undefined && high > low) out.push({ low, high });
  }
  const ranges = die.get(AT.ranges);
  if (ranges && ranges.kind !== 'skipped')
    out.push(...readRangesAttribute(s, h, die, ranges, low ?? 0, readAddress));
  return out;
}

function readRangesAttribute(
  s: DwarfSections,
  h: UnitHeader,
  die: UnitDie,
  v: DwarfAttributeValue,
  base: number,
  readAddress: (i: number) => number,
): AddressRange[] {
  if (h.version < 5) {
    const offset = numberOf(v);
    if (offset === undefined) return [];
    if (!s.ranges) throw new DwarfRangeError(h.diePos, 'DW_AT_ranges without .debug_ranges');
    return readDebugRanges(s.ranges, offset, s.littleEndian, h.addressSize, base);
  }
  if (!s.rnglists) throw new DwarfRangeError(h.diePos, 'DW_AT_ranges without .debug_rnglists');
  const ctx: RnglistContext = {
    littleEndian: s.littleEndian,
    addressSize: h.addressSize,
    offsetSize: h.offsetSize,
    base,
    readAddressIndex: readAddress,
  };
  let offset: number | undefined;
  if (v.kind === 'rnglistx') {
    const rnglistsBase = numberOf(die.get(AT.rnglistsBase)) ?? (h.offsetSize === 8 ? 20 : 12);
    offset = resolveRnglistIndex(s.rnglists, rnglistsBase, v.value, ctx);
  } else offset = numberOf(v);
  return offset === undefined ? [] : readRnglist(s.rnglists, offset, ctx);
}
