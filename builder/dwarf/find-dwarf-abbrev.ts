/**
 * Finds one abbreviation in a `.debug_abbrev` table. Only the compile unit DIE is decoded, so only its
 * abbreviation is needed: the table is scanned up to that code and no further (compilers give the
 * unit DIE a low code, so this is short).
 */
import { DwarfCursor, DwarfRangeError } from './dwarf-cursor.js';

/** One abbreviation: the DIE's tag and its attribute specifications. */
export interface DwarfAbbrev {
  code: number;
  tag: number;
  hasChildren: boolean;
  attributes: { name: number; form: number; implicitConst: number }[];
}

/** Returns the abbreviation `code` of the table at `tableOffset`, or undefined when the table lacks it. */
export function findDwarfAbbrev(
  abbrev: Uint8Array,
  tableOffset: number,
  code: number,
): DwarfAbbrev | undefined {
  if (tableOffset >= abbrev.length)
    throw new DwarfRangeError(tableOffset, 'abbreviation table offset outside .debug_abbrev');
  const c = new DwarfCursor(abbrev, true, tableOffset);
  for (;;) {
    const entryCode = c.uleb();
    if (entryCode === 0) return undefined;
    const tag = c.uleb();
    const hasChildren = c.u8() !== 0;
    const attributes: DwarfAbbrev['attributes'] = [];
    for (;;) {
      const name = c.uleb();
      const form = c.uleb();
      if (name === 0 && form === 0) break;
      // DW_FORM_implicit_const keeps its value in the abbreviation itself.
      const implicitConst = form === 0x21 ? c.sleb() : 0;
      if (entryCode === code) attributes.push({ name, form, implicitConst });
    }
    if (entryCode === code) return { code, tag, hasChildren, attributes };
  }
}
