/**
 * The section header table: each header decoded, then named from the section name table.
 */
import { ByteReader, decodeCString, failBadField, failTruncated } from './byte-reader.js';
import {
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHT_NOBITS,
  SHT_NULL,
  nameSectionType,
} from './elf-constants.js';
import type { ElfFile, ElfSection } from './elf-types.js';

/** Where the table is and how to read it: an ElfHeader or an ElfFile has these. */
export interface SectionTablePlace {
  bits: 32 | 64;
  machine: number;
  shoff: number;
  shentsize: number;
}

/**
 * Section header `index`, its name left empty: the read planner decodes the name table's own header
 * before that table is loaded, and {@link readSectionHeaders} names all of them afterwards.
 * The caller has checked that the header lies inside the file.
 */
export function decodeSectionHeader(r: ByteReader, t: SectionTablePlace, index: number): ElfSection {
  const is64 = t.bits === 64;
  const h = t.shoff + index * t.shentsize;
  const type = r.u32(h + 4);
  const flags = is64 ? r.u64(h + 8) : r.u32(h + 8);
  const size = is64 ? r.u64(h + 32) : r.u32(h + 20);
  return {
    index,
    name: '',
    type,
    typeName: nameSectionType(type, t.machine),
    flags,
    address: is64 ? r.u64(h + 16) : r.u32(h + 12),
    offset: is64 ? r.u64(h + 24) : r.u32(h + 16),
    size,
    link: r.u32(h + (is64 ? 40 : 24)),
    info: r.u32(h + (is64 ? 44 : 28)),
    addralign: is64 ? r.u64(h + 48) : r.u32(h + 32),
    entsize: is64 ? r.u64(h + 56) : r.u32(h + 36),
    fileSize: type === SHT_NOBITS || type === SHT_NULL ? 0 : size,
    alloc: (flags & SHF_ALLOC) !== 0,
    exec: (flags & SHF_EXECINSTR) !== 0,
    write: (flags & SHF_WRITE) !== 0,
  };
}

/** Every section header, named, each checked to lie inside the file. */
export function readSectionHeaders(r: ByteReader, elf: ElfFile): ElfSection[] {
  const sections: ElfSection[] = new Array<ElfSection>(elf.shnum);
  for (let i = 0; i < elf.shnum; i++) sections[i] = decodeSectionHeader(r, elf, i);
  nameSections(r, elf, sections);
  for (const s of sections) {
    if (s.fileSize > 0 && s.offset + s.fileSize > r.length) {
      failTruncated(
        `section ${s.name || s.index} (${s.fileSize} bytes at 0x${s.offset.toString(16)}) runs past the end of the ${r.length}-byte file`,
        elf.shoff + s.index * elf.shentsize,
        `section header ${s.index} (${s.name})`,
      );
    }
  }
  return sections;
}

function nameSections(r: ByteReader, elf: ElfFile, sections: ElfSection[]): void {
  if (elf.shstrndx === 0) return; // no section name table: every name is empty
  const strtab = sections[elf.shstrndx] as ElfSection;
  const at = `section header ${elf.shstrndx} (section names)`;
  if (strtab.fileSize === 0)
    failBadField(
      'the section name table has no bytes in the file',
      elf.shoff + strtab.index * elf.shentsize,
      at,
    );
  r.need(strtab.offset, strtab.fileSize, at);
  const start = strtab.offset;
  const limit = start + strtab.fileSize;
  for (const s of sections) {
    const h = elf.shoff + s.index * elf.shentsize;
    const nameOffset = r.u32(h);
    if (nameOffset >= strtab.fileSize) {
      failBadField(
        `sh_name ${nameOffset} is past the end of the ${strtab.fileSize}-byte section name table`,
        h,
        `section header ${s.index}`,
      );
    }
    s.name = decodeCString(r.bytes, start + nameOffset, limit);
  }
}
