/**
 * The tables of an image read so that damage to one of them costs that table only: a symbol whose
 * st_name is past its string table keeps its bytes under `[unreadable name of symbol N]`, a symbol
 * table whose header cannot be followed (sh_link, sh_entsize) and a note section whose sizes run past
 * its end are left unread, named `[unreadable <section>]` in the regions, and said in diagnostics.
 * Only the ELF header and the section header table, which every other part is found through, refuse
 * the file (readElf throws before this runs).
 */
import type { Diagnostic, Region } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { SHT_DYNAMIC, SHT_DYNSYM, SHT_SYMTAB } from '../elf/elf-constants.js';
import type { ElfFile, ElfNote, ElfSymbolTable } from '../elf/elf-types.js';
import { readDynamic, type DynamicInfo } from '../elf/read-dynamic.js';
import { readNotes } from '../elf/read-notes.js';
import { readSymbols } from '../elf/read-symbols.js';

/** The symbol tables and notes that could be read, and what could not. */
export interface ImageTables {
  /** `.symtab`, unless absent or unreadable. */
  symtab: ElfSymbolTable | undefined;
  /** `.dynsym`, unless absent or unreadable. */
  dynsym: ElfSymbolTable | undefined;
  /** True when the file has a SHT_SYMTAB section, read or not: a damaged table is not a stripped file. */
  hasSymtab: boolean;
  notes: ElfNote[];
  /** DT_NEEDED, DT_SONAME and search paths; empty when `.dynamic` cannot be read. */
  dynamic: DynamicInfo;
  /** Section index → why it could not be read. */
  unreadable: Map<number, string>;
  diagnostics: Diagnostic[];
}

/** Reads the symbol tables and notes of `elf`, turning damage into diagnostics. */
export function readImageTables(elf: ElfFile): ImageTables {
  const unreadable = new Map<number, string>();
  const diagnostics: Diagnostic[] = [];
  const symtab = readTable(elf, 'symtab', unreadable, diagnostics);
  const dynsym = readTable(elf, 'dynsym', unreadable, diagnostics);
  const notes = readNotes(elf, (index, error) => {
    const name = elf.sections[index]?.name || `section ${index}`;
    unreadable.set(index, error.detail);
    diagnostics.push({
      code: 'elf-note-unreadable',
      severity: 'warning',
      message: `the notes of ${name} cannot be read (${error.detail}); its bytes are counted as [unreadable ${name}]`,
      at: `section ${index}`,
    });
  });
  const hasSymtab = elf.sections.some((s) => s.type === SHT_SYMTAB);
  const dynamic = readDynamicOrReport(elf, unreadable, diagnostics);
  return { symtab, dynsym, hasSymtab, notes, dynamic, unreadable, diagnostics };
}

/** Regions with the sections that could not be read renamed `[unreadable <name>]`; the others as they are. */
export function nameUnreadableRegions(regions: Region[], unreadable: ReadonlyMap<number, string>): Region[] {
  if (unreadable.size === 0) return regions;
  return regions.map((r) =>
    r.sectionIndex !== undefined && unreadable.has(r.sectionIndex)
      ? { ...r, name: `[unreadable ${r.name}]` }
      : r,
  );
}

function readTable(
  elf: ElfFile,
  kind: 'symtab' | 'dynsym',
  unreadable: Map<number, string>,
  diagnostics: Diagnostic[],
): ElfSymbolTable | undefined {
  const section = elf.sections.find((s) => s.type === (kind === 'symtab' ? SHT_SYMTAB : SHT_DYNSYM));
  const label = section?.name || `.${kind}`;
  let badNames = 0;
  let firstBad = '';
  try {
    const table = readSymbols(elf, kind, (entry, offset, size) => {
      if (badNames++ === 0) firstBad = `entry ${entry}: st_name ${offset} past the ${size}-byte string table`;
    });
    if (badNames > 0)
      diagnostics.push({
        code: 'elf-symbol-name-unreadable',
        severity: 'warning',
        message: `${badNames} symbol${badNames === 1 ? '' : 's'} of ${label} have no readable name (first: ${firstBad}); their bytes stay attributed by address, named [unreadable name of symbol N]`,
        at: `section ${section?.index ?? '?'}`,
      });
    return table;
  } catch (error) {
    if (!(error instanceof UserError) || section === undefined) throw error;
    unreadable.set(section.index, error.detail);
    diagnostics.push({
      code: 'elf-symtab-unreadable',
      severity: 'warning',
      message: `${label} cannot be read (${error.detail}); its bytes are counted as [unreadable ${label}] and no symbol of it names code`,
      at: `section ${section.index}`,
    });
    return undefined;
  }
}

/** The dynamic section's names, or none with a diagnostic when an entry points past its string table. */
function readDynamicOrReport(
  elf: ElfFile,
  unreadable: Map<number, string>,
  diagnostics: Diagnostic[],
): DynamicInfo {
  try {
    return readDynamic(elf);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const section = elf.sections.find((s) => s.type === SHT_DYNAMIC);
    if (section) unreadable.set(section.index, error.detail);
    const label = section?.name || 'the dynamic segment';
    diagnostics.push({
      code: 'elf-dynamic-unreadable',
      severity: 'warning',
      message: `${label} cannot be read (${error.detail}); the libraries it needs are not listed${section ? `, and its bytes are counted as [unreadable ${label}]` : ''}`,
      ...(section ? { at: `section ${section.index}` } : {}),
    });
    return { needed: [], runpath: [], rpath: [] };
  }
}
