import type { Diagnostic } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { readDwarfUnits, type DwarfSections, type DwarfUnit } from '../dwarf/read-dwarf-units.js';
import type { ElfFile } from '../elf/elf-types.js';
import { sectionBytes } from '../elf/read-elf.js';

const DWARF_SECTIONS: Record<string, keyof DwarfSections> = {
  '.debug_info': 'info',
  '.debug_abbrev': 'abbrev',
  '.debug_str': 'str',
  '.debug_line_str': 'lineStr',
  '.debug_str_offsets': 'strOffsets',
  '.debug_addr': 'addr',
  '.debug_aranges': 'aranges',
  '.debug_ranges': 'ranges',
  '.debug_rnglists': 'rnglists',
};

/**
 * The DWARF compile units of a linked image, or none. Relocatable objects are skipped: their DWARF
 * addresses need relocations applied, and their sections are attributed by symbols alone.
 * Unreadable DWARF is secondary evidence, so it becomes a diagnostic rather than an error.
 */
export function readElfDwarf(elf: ElfFile): { units: DwarfUnit[]; diagnostics: Diagnostic[] } {
  const s: DwarfSections = { littleEndian: elf.littleEndian, addressSize: elf.bits === 64 ? 8 : 4 };
  for (const section of elf.sections) {
    const key = DWARF_SECTIONS[section.name];
    if (key && section.fileSize > 0)
      (s as unknown as Record<string, Uint8Array>)[key] = sectionBytes(elf, section);
  }
  if (!s.info || elf.typeName === 'rel') return { units: [], diagnostics: [] };
  try {
    return readDwarfUnits(s);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return {
      units: [],
      diagnostics: [
        {
          code: 'dwarf-unreadable',
          severity: 'warning',
          message: `DWARF not used: ${error.detail}`,
          at: error.location.at,
        },
      ],
    };
  }
}
