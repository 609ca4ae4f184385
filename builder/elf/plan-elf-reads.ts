/**
 * Which byte ranges of an ELF file the analysis reads, so that the CLI can load only those into a
 * file-sized buffer (the rest stays untouched zero pages) and a 100 MB shared library costs its
 * symbol and string tables in memory, not its code. Everything the readers decode is included:
 * headers, section and program header tables, every section that is not loaded (symbols, strings,
 * DWARF), and the loaded sections that carry metadata (notes, dynamic section and its symbols/strings,
 * the interpreter). Code and data contents are never read.
 */
import {
  PT_DYNAMIC,
  PT_INTERP,
  PT_NOTE,
  SHT_DYNAMIC,
  SHT_DYNSYM,
  SHT_NOTE,
  SHT_STRTAB,
  SHT_SYMTAB,
} from './elf-constants.js';
import type { ElfFile } from './elf-types.js';

/** A byte range of the file. */
export interface ByteRange {
  offset: number;
  size: number;
}

/** Bytes of the ELF identification and header that {@link planHeaderTables} needs. */
export const ELF_HEADER_BYTES = 64;

/**
 * The program and section header tables, located from the file header. Undefined when the header is
 * not a plain ELF header (bad magic, class, extended numbering): the caller then reads the whole file
 * and lets the reader report what is wrong.
 */
export function planHeaderTables(head: Uint8Array, fileSize: number): ByteRange[] | undefined {
  if (head.length < 52 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46)
    return undefined;
  const bits = head[4] === 2 ? 64 : head[4] === 1 ? 32 : 0;
  const le = head[5] === 1 ? true : head[5] === 2 ? false : undefined;
  if (bits === 0 || le === undefined || (bits === 64 && head.length < 64)) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const word = (at: number): number =>
    bits === 64 ? Number(view.getBigUint64(at, le)) : view.getUint32(at, le);
  const phoff = word(bits === 64 ? 0x20 : 0x1c);
  const shoff = word(bits === 64 ? 0x28 : 0x20);
  const base = bits === 64 ? 0x36 : 0x2a;
  const phentsize = view.getUint16(base, le);
  const phnum = view.getUint16(base + 2, le);
  const shentsize = view.getUint16(base + 4, le);
  const shnum = view.getUint16(base + 6, le);
  // Extended numbering keeps the real counts in section 0: leave such files to the full read.
  if ((shoff !== 0 && shnum === 0) || phnum === 0xffff) return undefined;
  const ranges = [{ offset: 0, size: Math.min(fileSize, bits === 64 ? 64 : 52) }];
  if (phnum > 0) ranges.push({ offset: phoff, size: phnum * phentsize });
  if (shnum > 0) ranges.push({ offset: shoff, size: shnum * shentsize });
  return clip(ranges, fileSize);
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
