/**
 * Entry point of the ELF reader: the ELF header, the section and program header tables.
 * Everything is read in place from one Uint8Array; section contents are subarrays of it.
 */
import { UserError } from '../../analyzer/model/user-error.js';
import { ByteReader, decodeCString, failBadField, failTruncated, toPlainBytes } from './byte-reader.js';
import {
  PN_XNUM,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHN_XINDEX,
  SHT_NOBITS,
  SHT_NULL,
  nameArch,
  nameFileType,
  nameSectionType,
  nameSegmentType,
} from './elf-constants.js';
import type { ElfFile, ElfSection, ElfSegment } from './elf-types.js';

export type { ElfFile, ElfNote, ElfSection, ElfSegment, ElfSymbolTable } from './elf-types.js';
export { readSymbols } from './read-symbols.js';
export { readBuildId, readNotes } from './read-notes.js';
export { readDynamic, readInterpreter } from './read-dynamic.js';
export type { DynamicInfo } from './read-dynamic.js';
export { readSolo5Notes } from './solo5-notes.js';
export type { Solo5Notes } from './solo5-notes.js';
export { computeRegionReport, computeRegions } from './compute-regions.js';
export type { RegionReport } from './compute-regions.js';

const MAGIC = [0x7f, 0x45, 0x4c, 0x46];

/** Field offsets of the ELF header that differ between the classes. */
interface HeaderLayout {
  size: number;
  entry: number;
  phoff: number;
  shoff: number;
  flags: number;
  ehsize: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
  shdrSize: number;
  phdrSize: number;
}

const LAYOUT_32: HeaderLayout = {
  size: 52,
  entry: 24,
  phoff: 28,
  shoff: 32,
  flags: 36,
  ehsize: 40,
  phentsize: 42,
  phnum: 44,
  shentsize: 46,
  shnum: 48,
  shstrndx: 50,
  shdrSize: 40,
  phdrSize: 32,
};
const LAYOUT_64: HeaderLayout = {
  size: 64,
  entry: 24,
  phoff: 32,
  shoff: 40,
  flags: 48,
  ehsize: 52,
  phentsize: 54,
  phnum: 56,
  shentsize: 58,
  shnum: 60,
  shstrndx: 62,
  shdrSize: 64,
  phdrSize: 56,
};

/**
 * Parses the ELF header, section headers (names decoded) and program headers.
 * Throws UserError ELF_NOT_ELF, ELF_TRUNCATED or ELF_BAD_FIELD with the offset and the structure.
 */
export function readElf(input: Uint8Array): ElfFile {
  const bytes = toPlainBytes(input);
  checkIdent(bytes);
  const bits: 32 | 64 = bytes[4] === 2 ? 64 : 32;
  const littleEndian = bytes[5] === 1;
  const r = new ByteReader(bytes, littleEndian);
  const L = bits === 64 ? LAYOUT_64 : LAYOUT_32;
  r.need(0, L.size, 'ELF header');
  const type = r.u16(16);
  const machine = r.u16(18);
  const shoff = r.word(L.shoff, bits);
  const phoff = r.word(L.phoff, bits);
  const shentsize = r.u16(L.shentsize);
  const phentsize = r.u16(L.phentsize);

  const table = locateSectionTable(r, L, bits, shoff, shentsize);
  let phnum = r.u16(L.phnum);
  if (phnum === PN_XNUM && table.count > 0) phnum = r.u32(shoff + (bits === 64 ? 44 : 28));
  const elf: ElfFile = {
    bits,
    littleEndian,
    type,
    typeName: nameFileType(type),
    machine,
    arch: nameArch(machine, bits, littleEndian),
    flags: r.u32(L.flags),
    entry: r.word(L.entry, bits),
    headerSize: r.u16(L.ehsize),
    phoff,
    phentsize,
    phnum,
    shoff,
    shentsize,
    shnum: table.count,
    shstrndx: table.strndx,
    sections: [],
    segments: [],
    fileSize: bytes.byteLength,
    bytes,
  };
  elf.sections = readSectionHeaders(r, elf);
  elf.segments = readProgramHeaders(r, elf, L);
  return elf;
}

/** The file bytes of a section (empty for SHT_NOBITS): a view, not a copy. */
export function sectionBytes(elf: ElfFile, s: ElfSection): Uint8Array {
  return elf.bytes.subarray(s.offset, s.offset + s.fileSize);
}

function checkIdent(bytes: Uint8Array): void {
  if (bytes.byteLength === 0)
    throw new UserError('ELF_NOT_ELF', 'the file is empty', { offset: 0, at: 'ELF header e_ident' });
  for (let i = 0; i < MAGIC.length && i < bytes.byteLength; i++) {
    if (bytes[i] !== MAGIC[i]) {
      throw new UserError(
        'ELF_NOT_ELF',
        `byte ${i} of the magic number is 0x${(bytes[i] ?? 0).toString(16)}, not 0x${(MAGIC[i] ?? 0).toString(16)}`,
        { offset: i, at: 'ELF header e_ident' },
      );
    }
  }
  if (bytes.byteLength < 16)
    failTruncated(
      `the file has ${bytes.byteLength} bytes, fewer than the 16 of e_ident`,
      0,
      'ELF header e_ident',
    );
  if (bytes[4] !== 1 && bytes[4] !== 2)
    failBadField(
      `EI_CLASS is ${bytes[4]}, expected 1 (ELF32) or 2 (ELF64)`,
      4,
      'ELF header e_ident[EI_CLASS]',
    );
  if (bytes[5] !== 1 && bytes[5] !== 2)
    failBadField(
      `EI_DATA is ${bytes[5]}, expected 1 (little endian) or 2 (big endian)`,
      5,
      'ELF header e_ident[EI_DATA]',
    );
}

/** Resolves the section count and name-table index, extended numbering included, and bounds-checks the table before anything is allocated. */
function locateSectionTable(
  r: ByteReader,
  L: HeaderLayout,
  bits: 32 | 64,
  shoff: number,
  shentsize: number,
): { count: number; strndx: number } {
  let count = r.u16(L.shnum);
  let strndx = r.u16(L.shstrndx);
  if (shoff === 0) return { count: 0, strndx: 0 };
  if (shoff >= r.length)
    failTruncated(
      `e_shoff 0x${shoff.toString(16)} is past the end of the ${r.length}-byte file`,
      L.shoff,
      'ELF header e_shoff',
    );
  if (shentsize < L.shdrSize)
    failBadField(
      `e_shentsize is ${shentsize}, smaller than a section header (${L.shdrSize} bytes)`,
      L.shentsize,
      'ELF header e_shentsize',
    );
  if (count === 0 || strndx === SHN_XINDEX) {
    // Extended numbering: the real values live in section header 0.
    r.need(shoff, L.shdrSize, 'section header 0');
    if (count === 0) count = r.word(shoff + (bits === 64 ? 32 : 20), bits);
    if (strndx === SHN_XINDEX) strndx = r.u32(shoff + (bits === 64 ? 40 : 24));
  }
  if (count === 0) return { count: 0, strndx: 0 };
  if (shoff + count * shentsize > r.length) {
    failTruncated(
      `${count} section headers of ${shentsize} bytes at 0x${shoff.toString(16)} run past the end of the ${r.length}-byte file`,
      L.shnum,
      'ELF header e_shnum',
    );
  }
  if (strndx >= count)
    failBadField(
      `e_shstrndx is ${strndx} but there are ${count} sections`,
      L.shstrndx,
      'ELF header e_shstrndx',
    );
  return { count, strndx };
}

function readSectionHeaders(r: ByteReader, elf: ElfFile): ElfSection[] {
  const { bits, shoff, shentsize, shnum, machine } = elf;
  const is64 = bits === 64;
  const sections: ElfSection[] = new Array<ElfSection>(shnum);
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * shentsize;
    const type = r.u32(h + 4);
    const flags = is64 ? r.u64(h + 8) : r.u32(h + 8);
    const size = is64 ? r.u64(h + 32) : r.u32(h + 20);
    const fileSize = type === SHT_NOBITS || type === SHT_NULL ? 0 : size;
    sections[i] = {
      index: i,
      name: '',
      type,
      typeName: nameSectionType(type, machine),
      flags,
      address: is64 ? r.u64(h + 16) : r.u32(h + 12),
      offset: is64 ? r.u64(h + 24) : r.u32(h + 16),
      size,
      link: r.u32(h + (is64 ? 40 : 24)),
      info: r.u32(h + (is64 ? 44 : 28)),
      addralign: is64 ? r.u64(h + 48) : r.u32(h + 32),
      entsize: is64 ? r.u64(h + 56) : r.u32(h + 36),
      fileSize,
      alloc: (flags & SHF_ALLOC) !== 0,
      exec: (flags & SHF_EXECINSTR) !== 0,
      write: (flags & SHF_WRITE) !== 0,
    };
  }
  nameSections(r, elf, sections);
  for (const s of sections) {
    if (s.fileSize > 0 && s.offset + s.fileSize > r.length) {
      failTruncated(
        `section ${s.name || s.index} (${s.fileSize} bytes at 0x${s.offset.toString(16)}) runs past the end of the ${r.length}-byte file`,
        shoff + s.index * shentsize,
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

function readProgramHeaders(r: ByteReader, elf: ElfFile, L: HeaderLayout): ElfSegment[] {
  const { bits, phoff, phentsize, phnum, machine } = elf;
  if (phnum === 0 || phoff === 0) return [];
  if (phentsize < L.phdrSize)
    failBadField(
      `e_phentsize is ${phentsize}, smaller than a program header (${L.phdrSize} bytes)`,
      L.phentsize,
      'ELF header e_phentsize',
    );
  if (phoff >= r.length)
    failTruncated(
      `e_phoff 0x${phoff.toString(16)} is past the end of the ${r.length}-byte file`,
      L.phoff,
      'ELF header e_phoff',
    );
  if (phoff + phnum * phentsize > r.length) {
    failTruncated(
      `${phnum} program headers of ${phentsize} bytes at 0x${phoff.toString(16)} run past the end of the ${r.length}-byte file`,
      L.phnum,
      'ELF header e_phnum',
    );
  }
  const is64 = bits === 64;
  const segments: ElfSegment[] = new Array<ElfSegment>(phnum);
  for (let i = 0; i < phnum; i++) {
    const h = phoff + i * phentsize;
    const type = r.u32(h);
    const seg: ElfSegment = is64
      ? {
          type,
          typeName: nameSegmentType(type, machine),
          flags: r.u32(h + 4),
          offset: r.u64(h + 8),
          vaddr: r.u64(h + 16),
          filesz: r.u64(h + 32),
          memsz: r.u64(h + 40),
          align: r.u64(h + 48),
        }
      : {
          type,
          typeName: nameSegmentType(type, machine),
          flags: r.u32(h + 24),
          offset: r.u32(h + 4),
          vaddr: r.u32(h + 8),
          filesz: r.u32(h + 16),
          memsz: r.u32(h + 20),
          align: r.u32(h + 28),
        };
    if (seg.filesz > 0 && seg.offset + seg.filesz > r.length) {
      failTruncated(
        `segment ${i} (${seg.typeName}, ${seg.filesz} bytes at 0x${seg.offset.toString(16)}) runs past the end of the ${r.length}-byte file`,
        h,
        `program header ${i}`,
      );
    }
    segments[i] = seg;
  }
  return segments;
}
