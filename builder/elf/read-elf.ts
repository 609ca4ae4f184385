/**
 * Entry point of the ELF reader: the ELF header, the section and program header tables.
 * Everything is read in place from one Uint8Array; section contents are subarrays of it.
 */
import { ByteReader, failBadField, failTruncated, toPlainBytes } from './byte-reader.js';
import { decodeElfHeader, type ElfHeader } from './decode-elf-header.js';
import { PN_XNUM, SHN_XINDEX, nameArch, nameFileType } from './elf-constants.js';
import type { ByteRange, ElfFile, ElfSection } from './elf-types.js';
import { mergeRanges, requireLoaded } from './loaded-ranges.js';
import { readProgramHeaders } from './read-program-headers.js';
import { readSectionHeaders } from './read-section-headers.js';

export type { ElfFile, ElfNote, ElfSection, ElfSegment, ElfSymbolTable } from './elf-types.js';
export { readSymbols } from './read-symbols.js';
export { readBuildId, readNotes } from './read-notes.js';
export { readDynamic, readInterpreter } from './read-dynamic.js';
export type { DynamicInfo } from './read-dynamic.js';
export { readSolo5Notes } from './solo5-notes.js';
export type { Solo5Notes } from './solo5-notes.js';
export { computeRegionReport, computeRegions } from './compute-regions.js';
export { isElf } from './elf-magic.js';
export type { RegionReport } from './compute-regions.js';

/**
 * Parses the ELF header, section headers (names decoded) and program headers.
 * `loaded` says which ranges of a sparsely read file hold its bytes (default: all of them); the
 * tables read here and by the other readers must lie inside them, else UnloadedBytesError.
 * Throws UserError ELF_NOT_ELF, ELF_TRUNCATED or ELF_BAD_FIELD with the offset and the structure.
 */
export function readElf(input: Uint8Array, loaded?: readonly ByteRange[]): ElfFile {
  const bytes = toPlainBytes(input);
  const ranges = mergeRanges(loaded ?? [{ offset: 0, size: bytes.byteLength }]);
  const header = decodeElfHeader(bytes);
  const { bits, littleEndian, type, machine, shoff, phoff, shentsize, phentsize, layout: L } = header;
  const r = new ByteReader(bytes, littleEndian, ranges);
  r.need(0, L.size, 'ELF header');
  const table = locateSectionTable(r, header);
  let phnum = header.phnum;
  if (phnum === PN_XNUM && table.count > 0) phnum = r.u32(shoff + (bits === 64 ? 44 : 28));
  const elf: ElfFile = {
    bits,
    littleEndian,
    type,
    typeName: nameFileType(type),
    machine,
    arch: nameArch(machine, bits, littleEndian),
    flags: header.flags,
    entry: header.entry,
    headerSize: header.headerSize,
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
    loaded: ranges,
  };
  elf.sections = readSectionHeaders(r, elf);
  elf.segments = readProgramHeaders(r, elf, L);
  return elf;
}

/** The file bytes of a section (empty for SHT_NOBITS): a view, not a copy. Throws UnloadedBytesError when they were not loaded. */
export function sectionBytes(elf: ElfFile, s: ElfSection): Uint8Array {
  requireLoaded(elf.loaded, s.offset, s.fileSize, `section ${s.name || s.index}`);
  return elf.bytes.subarray(s.offset, s.offset + s.fileSize);
}

/** Resolves the section count and name-table index, extended numbering included, and bounds-checks the table before anything is allocated. */
function locateSectionTable(r: ByteReader, header: ElfHeader): { count: number; strndx: number } {
  const { bits, shoff, shentsize, layout: L } = header;
  let count = header.shnum;
  let strndx = header.shstrndx;
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
  r.need(shoff, count * shentsize, 'section header table');
  if (strndx >= count)
    failBadField(
      `e_shstrndx is ${strndx} but there are ${count} sections`,
      L.shstrndx,
      'ELF header e_shstrndx',
    );
  return { count, strndx };
}
