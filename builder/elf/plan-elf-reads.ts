/**
 * Which byte ranges of an ELF file the analysis reads, so that the CLI can load only those into a
 * file-sized buffer (the rest stays untouched zero pages) and a 100 MB shared library costs its
 * symbol and string tables in memory, not its code. Everything the readers decode is included:
 * headers, section and program header tables, every section that is not loaded (symbols, strings,
 * DWARF), and the loaded sections that carry metadata (notes, dynamic section and its symbols/strings,
 * the interpreter). Code and data contents are never read.
 */
import { ByteReader } from './byte-reader.js';
import type { ElfHeader } from './decode-elf-header.js';
import {
  PN_XNUM,
  SHN_XINDEX,
  PT_DYNAMIC,
  PT_INTERP,
  PT_NOTE,
  SHT_DYNAMIC,
  SHT_DYNSYM,
  SHT_NOTE,
  SHT_STRTAB,
  SHT_SYMTAB,
} from './elf-constants.js';
import type { ByteRange, ElfFile } from './elf-types.js';
import { decodeSectionHeader } from './read-section-headers.js';

export type { ByteRange } from './elf-types.js';

/**
 * The ELF header and the program and section header tables it locates. Undefined when the tables
 * use extended numbering (the real counts live in section header 0): the caller then reads the whole
 * file and lets the reader resolve it.
 */
export function planHeaderTables(header: ElfHeader, fileSize: number): ByteRange[] | undefined {
  const { phoff, phnum, phentsize, shoff, shnum, shentsize } = header;
  if ((shoff !== 0 && shnum === 0) || phnum === PN_XNUM || header.shstrndx === SHN_XINDEX) return undefined;
  const ranges = [{ offset: 0, size: header.layout.size }];
  if (phnum > 0) ranges.push({ offset: phoff, size: phnum * phentsize });
  if (shnum > 0) ranges.push({ offset: shoff, size: shnum * shentsize });
  return clip(ranges, fileSize);
}

/**
 * The section name table, located from its header in the (loaded) section header table: readElf
 * decodes every section's name from it, and the plan of section reads goes by those names.
 * Empty when there is none or its header is out of place (readElf then reports it).
 */
export function planSectionNameTable(bytes: Uint8Array, header: ElfHeader): ByteRange[] {
  const { shoff, shnum, shentsize, shstrndx } = header;
  if (shnum === 0 || shstrndx === 0 || shstrndx >= shnum || shentsize < header.layout.shdrSize) return [];
  if (shoff + (shstrndx + 1) * shentsize > bytes.byteLength) return [];
  const names = decodeSectionHeader(new ByteReader(bytes, header.littleEndian), header, shstrndx);
  return clip([{ offset: names.offset, size: names.fileSize }], bytes.byteLength);
}

const METADATA_SECTION_TYPES = new Set([SHT_NOTE, SHT_DYNAMIC, SHT_DYNSYM, SHT_SYMTAB, SHT_STRTAB]);
const METADATA_SEGMENT_TYPES = new Set([PT_INTERP, PT_DYNAMIC, PT_NOTE]);

/** The section and segment contents the readers decode, given the parsed header tables. */
export function planSectionReads(elf: ElfFile): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (const s of elf.sections) {
    if (s.fileSize === 0) continue;
    if (!s.alloc || METADATA_SECTION_TYPES.has(s.type) || s.name === '.interp')
      ranges.push({ offset: s.offset, size: s.fileSize });
  }
  for (const seg of elf.segments)
    if (METADATA_SEGMENT_TYPES.has(seg.type)) ranges.push({ offset: seg.offset, size: seg.filesz });
  return clip(ranges, elf.fileSize);
}

function clip(ranges: ByteRange[], fileSize: number): ByteRange[] {
  return ranges
    .map((r) => ({
      offset: Math.min(r.offset, fileSize),
      size: Math.max(0, Math.min(r.size, fileSize - Math.min(r.offset, fileSize))),
    }))
    .filter((r) => r.size > 0);
}
