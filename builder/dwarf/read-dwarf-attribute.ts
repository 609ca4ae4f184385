/**
 * Reads (or steps over) one attribute value of a DIE, by form, for DWARF 2 to 5 and the GNU
 * extension forms. Values that point elsewhere (string offsets, string/address indices, range list
 * indices) are returned as such: the unit reader resolves them once it has seen the unit's bases,
 * which may come after the attribute that needs them.
 */
import { DwarfCursor, DwarfRangeError } from './dwarf-cursor.js';

/** What the reader needs to know about the unit to size its forms. */
export interface DwarfUnitFormat {
  version: number;
  /** 4 for 32-bit DWARF, 8 for 64-bit DWARF. */
  offsetSize: 4 | 8;
  addressSize: number;
}

/** An attribute value, or a reference to where it lives. */
export type DwarfAttributeValue =
  | { kind: 'address'; value: number }
  | { kind: 'addrx'; value: number }
  | { kind: 'constant'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'strp'; value: number; section: 'str' | 'line_str' | 'other' }
  | { kind: 'strx'; value: number }
  | { kind: 'sec-offset'; value: number }
  | { kind: 'rnglistx'; value: number }
  | { kind: 'skipped' };

const SKIPPED: DwarfAttributeValue = { kind: 'skipped' };

/** Reads the value of `form` at the cursor and advances past it. */
export function readDwarfAttribute(
  c: DwarfCursor,
  form: number,
  unit: DwarfUnitFormat,
  implicitConst = 0,
  depth = 0,
): DwarfAttributeValue {
  switch (form) {
    case 0x01: // addr
      return { kind: 'address', value: c.unsigned(unit.addressSize) };
    case 0x0b: // data1
    case 0x11: // ref1
      return constant(c.u8());
    case 0x05: // data2
    case 0x12: // ref2
      return constant(c.u16());
    case 0x06: // data4
    case 0x13: // ref4
      return constant(c.u32());
    case 0x07: // data8
    case 0x14: // ref8
    case 0x20: // ref_sig8
      return constant(c.u64());
    case 0x0d: // sdata
      return { kind: 'constant', value: c.sleb() };
    case 0x0f: // udata
    case 0x15: // ref_udata
      return constant(c.uleb());
    case 0x21: // implicit_const: the value sits in the abbreviation
      return { kind: 'constant', value: implicitConst };
    case 0x08: // string
      return { kind: 'string', value: c.cstring() };
    case 0x0e: // strp
      return { kind: 'strp', value: c.unsigned(unit.offsetSize), section: 'str' };
    case 0x1f: // line_strp
      return { kind: 'strp', value: c.unsigned(unit.offsetSize), section: 'line_str' };
    case 0x1d: // strp_sup
    case 0x1f21: // GNU_strp_alt: in a supplementary file we do not have
      c.skip(unit.offsetSize);
      return { kind: 'strp', value: 0, section: 'other' };
    case 0x1a: // strx
    case 0x1f02: // GNU_str_index
      return { kind: 'strx', value: c.uleb() };
    case 0x25:
      return { kind: 'strx', value: c.u8() };
    case 0x26:
      return { kind: 'strx', value: c.u16() };
    case 0x27:
      return { kind: 'strx', value: c.u24() };
    case 0x28:
      return { kind: 'strx', value: c.u32() };
    case 0x1b: // addrx
    case 0x1f01: // GNU_addr_index
      return { kind: 'addrx', value: c.uleb() };
    case 0x29:
      return { kind: 'addrx', value: c.u8() };
    case 0x2a:
      return { kind: 'addrx', value: c.u16() };
    case 0x2b:
      return { kind: 'addrx', value: c.u24() };
    case 0x2c:
      return { kind: 'addrx', value: c.u32() };
    case 0x17: // sec_offset
      return { kind: 'sec-offset', value: c.unsigned(unit.offsetSize) };
    case 0x23: // rnglistx
      return { kind: 'rnglistx', value: c.uleb() };
    case 0x16: // indirect: the form is in the data
      if (depth > 0) throw new DwarfRangeError(c.pos, 'nested DW_FORM_indirect');
      return readDwarfAttribute(c, c.uleb(), unit, implicitConst, depth + 1);
    default:
      skipOtherForm(c, form, unit);
      return SKIPPED;
  }
}

/** Forms whose value the compile unit reader never needs: step over them. */
function skipOtherForm(c: DwarfCursor, form: number, unit: DwarfUnitFormat): void {
  switch (form) {
    case 0x03: // block2
      return c.skip(c.u16(), 'block');
    case 0x04: // block4
      return c.skip(c.u32(), 'block');
    case 0x09: // block
    case 0x18: // exprloc
      return c.skip(c.uleb(), 'block');
    case 0x0a: // block1
      return c.skip(c.u8(), 'block');
    case 0x0c: // flag
      return c.skip(1);
    case 0x19: // flag_present
      return;
    case 0x10: // ref_addr: an address in DWARF 2, an offset from DWARF 3 on
      return c.skip(unit.version <= 2 ? unit.addressSize : unit.offsetSize);
    case 0x1c: // ref_sup4
      return c.skip(4);
    case 0x24: // ref_sup8
      return c.skip(8);
    case 0x1e: // data16
      return c.skip(16);
    case 0x22: // loclistx
      c.uleb();
      return;
    case 0x1f20: // GNU_ref_alt
      return c.skip(unit.offsetSize);
    default:
      throw new DwarfRangeError(c.pos, `unknown attribute form 0x${form.toString(16)}`);
  }
}

/** Data and reference forms alike: the compile unit reader needs no reference, so both are plain numbers. */
function constant(value: number): DwarfAttributeValue {
  return { kind: 'constant', value };
}
