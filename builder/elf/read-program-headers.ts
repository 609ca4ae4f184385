/**
 * The program header table (segments).
 */
import { ByteReader, failBadField, failTruncated } from './byte-reader.js';
import type { HeaderLayout } from './decode-elf-header.js';
import { nameSegmentType } from './elf-constants.js';
import type { ElfFile, ElfSegment } from './elf-types.js';

/** Every program header, the table and each segment checked to lie inside the file. */
export function readProgramHeaders(r: ByteReader, elf: ElfFile, L: HeaderLayout): ElfSegment[] {
  const { phoff, phentsize, phnum } = elf;
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
  r.need(phoff, phnum * phentsize, 'program header table');
  const segments: ElfSegment[] = new Array<ElfSegment>(phnum);
  for (let i = 0; i < phnum; i++) {
    const h = phoff + i * phentsize;
    const seg = decodeProgramHeader(r, elf, h);
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

function decodeProgramHeader(r: ByteReader, elf: ElfFile, h: number): ElfSegment {
  const type = r.u32(h);
  const typeName = nameSegmentType(type, elf.machine);
  if (elf.bits === 64)
    return {
      type,
      typeName,
      flags: r.u32(h + 4),
      offset: r.u64(h + 8),
      vaddr: r.u64(h + 16),
      filesz: r.u64(h + 32),
      memsz: r.u64(h + 40),
      align: r.u64(h + 48),
    };
  return {
    type,
    typeName,
    flags: r.u32(h + 24),
    offset: r.u32(h + 4),
    vaddr: r.u32(h + 8),
    filesz: r.u32(h + 16),
    memsz: r.u32(h + 20),
    align: r.u32(h + 28),
  };
}
