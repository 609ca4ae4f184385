/**
 * Reads DWARF compile units as far as attribution needs them: each unit's name, directory, producer,
 * language and address ranges. Only the first DIE of each unit is decoded; the reader then jumps to
 * the next unit header by the unit length, so children are never touched. `.debug_aranges`, when
 * present, supplies ranges at almost no cost and is merged with the unit's own low/high pc or
 * DW_AT_ranges. DWARF is secondary evidence: a bad unit becomes a diagnostic and the others are kept;
 * only DWARF from which nothing at all can be read is a {@link UserError}.
 */
import type { Diagnostic } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { DwarfCursor, DwarfRangeError } from './dwarf-cursor.js';
import { readDwarfAranges, type AddressRange } from './read-dwarf-ranges.js';
import { readUnitDie, resolveUnitDie, type UnitHeader } from './read-dwarf-unit-die.js';

/** The DWARF sections of one ELF file, as bytes (relocations already applied for relocatable objects). */
export interface DwarfSections {
  info?: Uint8Array;
  abbrev?: Uint8Array;
  str?: Uint8Array;
  lineStr?: Uint8Array;
  strOffsets?: Uint8Array;
  addr?: Uint8Array;
  aranges?: Uint8Array;
  ranges?: Uint8Array;
  rnglists?: Uint8Array;
  littleEndian: boolean;
  /** The ELF file's address size; each unit header states its own, which wins. */
  addressSize: 4 | 8;
}

/** One compile unit (or partial / skeleton unit). */
export interface DwarfUnit {
  /** Offset of the unit header in `.debug_info`. */
  offset: number;
  version: number;
  /** DW_AT_name: the source file as the compiler was given it (`main.c`, `/tmp/camlasm1234.s`); empty when absent. */
  name: string;
  compDir?: string;
  producer?: string;
  /** DW_AT_language code. */
  language?: number;
  /** The name after `DW_LANG_`: `C`, `C99`, `C11`, `Mips_Assembler`, `OCaml`; `unknown` when absent. */
  languageName: string;
  /** DW_AT_dwo_name of a skeleton unit (split DWARF): the `.dwo` file holding the full unit. */
  dwoName?: string;
  /** Address ranges `[low, high)`, sorted and merged, from `.debug_aranges` and the unit's own attributes. */
  ranges: AddressRange[];
}

/** Units found and the problems met on the way. */
export interface DwarfUnitsResult {
  units: DwarfUnit[];
  diagnostics: Diagnostic[];
}

const UNIT_TYPE_COMPILE = new Set([1, 3, 4, 5]); // compile, partial, skeleton, split_compile

/**
 * Reads every compile unit of `.debug_info`.
 * @throws UserError `DWARF_BAD` when `.debug_info` is present but no unit can be read, or `.debug_abbrev` is missing.
 */
export function readDwarfUnits(s: DwarfSections): DwarfUnitsResult {
  const diagnostics: Diagnostic[] = [];
  const units: DwarfUnit[] = [];
  const info = s.info;
  if (!info || info.length === 0) return { units, diagnostics };
  if (!s.abbrev)
    throw new UserError('DWARF_BAD', '.debug_info is present but .debug_abbrev is missing', {
      at: '.debug_abbrev',
    });
  const aranges = readArangesOrReport(s, diagnostics);
  let firstError: { unit: number; error: DwarfRangeError } | undefined;
  let offset = 0;
  while (offset < info.length) {
    let header: UnitHeader;
    try {
      header = readUnitHeader(info, offset, s.littleEndian);
    } catch (e) {
      if (!(e instanceof DwarfRangeError)) throw e;
      firstError ??= { unit: offset, error: e };
      diagnostics.push(unitDiagnostic(offset, `${e.message}; the units after it cannot be located`));
      break;
    }
    try {
      const unit = readUnit(s, header, aranges.get(offset) ?? [], diagnostics);
      if (unit) units.push(unit);
    } catch (e) {
      if (!(e instanceof DwarfRangeError)) throw e;
      firstError ??= { unit: offset, error: e };
      diagnostics.push(unitDiagnostic(offset, e.message));
    }
    offset = header.end;
  }
  if (units.length === 0 && firstError) {
    throw new UserError('DWARF_BAD', firstError.error.message, {
      offset: firstError.unit,
      at: unitAt(firstError.unit),
    });
  }
  return { units, diagnostics };
}

function readArangesOrReport(s: DwarfSections, diagnostics: Diagnostic[]): Map<number, AddressRange[]> {
  if (!s.aranges || s.aranges.length === 0) return new Map();
  try {
    return readDwarfAranges(s.aranges, s.littleEndian);
  } catch (e) {
    if (!(e instanceof DwarfRangeError)) throw e;
    diagnostics.push({
      code: 'dwarf-aranges-bad',
      severity: 'warning',
      message: `.debug_aranges ignored: ${e.message}`,
      at: '.debug_aranges',
    });
    return new Map();
  }
}

/** The unit header: initial length (32- or 64-bit DWARF), version, and the version-dependent fields. */
function readUnitHeader(info: Uint8Array, offset: number, littleEndian: boolean): UnitHeader {
  const c = new DwarfCursor(info, littleEndian, offset);
  let length = c.u32();
  let offsetSize: 4 | 8 = 4;
  if (length === 0xffffffff) {
    length = c.u64();
    offsetSize = 8;
  } else if (length >= 0xfffffff0) {
    throw new DwarfRangeError(offset, `reserved unit length 0x${length.toString(16)}`);
  }
  const end = c.pos + length;
  if (end > info.length)
    throw new DwarfRangeError(
      offset,
      `unit length 0x${length.toString(16)} runs past the end of .debug_info`,
    );
  c.end = end;
  const version = c.u16();
  let unitType = 1;
  let abbrevOffset: number;
  let addressSize: number;
  if (version >= 2 && version <= 4) {
    abbrevOffset = c.unsigned(offsetSize);
    addressSize = c.u8();
  } else if (version === 5) {
    unitType = c.u8();
    addressSize = c.u8();
    abbrevOffset = c.unsigned(offsetSize);
    if (unitType === 4 || unitType === 5) c.skip(8, 'dwo_id');
    else if (unitType === 2 || unitType === 6) c.skip(8 + offsetSize, 'type signature');
  } else {
    // The length is sound, so the next unit can still be found: report this one only.
    return { offset, end, version, unitType: -1, offsetSize, addressSize: 0, abbrevOffset: 0, diePos: c.pos };
  }
  return { offset, end, version, unitType, offsetSize, addressSize, abbrevOffset, diePos: c.pos };
}

function readUnit(
  s: DwarfSections,
  h: UnitHeader,
  aranges: AddressRange[],
  diagnostics: Diagnostic[],
): DwarfUnit | undefined {
  if (h.unitType === -1) throw new DwarfRangeError(h.offset, `unsupported DWARF version ${h.version}`);
  if (!UNIT_TYPE_COMPILE.has(h.unitType)) return undefined; // type units carry no code
  if (![2, 4, 8].includes(h.addressSize))
    throw new DwarfRangeError(h.offset, `unsupported address size ${h.addressSize}`);
  const die = readUnitDie(s, h);
  if (die === undefined) {
    diagnostics.push({
      code: 'dwarf-unit-skipped',
      severity: 'info',
      message: 'unit does not start with a compile unit DIE',
      at: unitAt(h.offset),
    });
    return undefined;
  }
  return resolveUnitDie(s, h, die, aranges, diagnostics);
}

function unitDiagnostic(offset: number, message: string): Diagnostic {
  return {
    code: 'dwarf-unit-bad',
    severity: 'warning',
    message: `DWARF unit skipped: ${message}`,
    at: unitAt(offset),
  };
}

/** The location string used in diagnostics and errors. */
export function unitAt(offset: number): string {
  return `.debug_info unit at 0x${offset.toString(16)}`;
}
