/**
 * ELF numbers and the names binutils' readelf prints for them, so that our output can be compared
 * with readelf's word for word.
 */
import type { ElfType } from '../../analyzer/model/manifest.js';

/** Section header types (sh_type). */
export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_DYNAMIC = 6;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_DYNSYM = 11;
export const SHT_SYMTAB_SHNDX = 18;

/** Section flags (sh_flags). */
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_TLS = 0x400;

/** Special section indices. */
export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;
/** e_phnum value meaning "the count is in section 0's sh_info". */
export const PN_XNUM = 0xffff;

/** Segment types (p_type). */
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;

/** Segment flags (p_flags). */
export const PF_X = 0x1;
export const PF_W = 0x2;

/** Dynamic tags (d_tag). */
export const DT_NULL = 0;
export const DT_NEEDED = 1;
export const DT_STRTAB = 5;
export const DT_STRSZ = 10;
export const DT_SONAME = 14;
export const DT_RPATH = 15;
export const DT_RUNPATH = 29;

/** Machines (e_machine). */
export const EM_ARM = 40;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
export const EM_RISCV = 243;
export const EM_MIPS = 8;

const SECTION_TYPE_NAMES: Record<number, string> = {
  0: 'NULL',
  1: 'PROGBITS',
  2: 'SYMTAB',
  3: 'STRTAB',
  4: 'RELA',
  5: 'HASH',
  6: 'DYNAMIC',
  7: 'NOTE',
  8: 'NOBITS',
  9: 'REL',
  10: 'SHLIB',
  11: 'DYNSYM',
  14: 'INIT_ARRAY',
  15: 'FINI_ARRAY',
  16: 'PREINIT_ARRAY',
  17: 'GROUP',
  18: 'SYMTAB SECTION INDICES',
  19: 'RELR',
  0x6fff4c00: 'LLVM_ODRTAB',
  0x6fff4c01: 'LLVM_LINKER_OPTIONS',
  0x6fff4c02: 'LLVM_CALL_GRAPH_PROFILE',
  0x6fff4c03: 'LLVM_ADDRSIG',
  0x6fff4c04: 'LLVM_DEPENDENT_LIBRARIES',
  0x6fff4c05: 'LLVM_SYMPART',
  0x6fff4c06: 'LLVM_PART_EHDR',
  0x6fff4c07: 'LLVM_PART_PHDR',
  0x6fff4c09: 'LLVM_BB_ADDR_MAP',
  0x6ffffff5: 'GNU_ATTRIBUTES',
  0x6ffffff6: 'GNU_HASH',
  0x6ffffff7: 'GNU_LIBLIST',
  0x6ffffffd: 'VERDEF',
  0x6ffffffe: 'VERNEED',
  0x6fffffff: 'VERSYM',
};

/** Processor-specific section types, by machine. */
const PROC_SECTION_TYPE_NAMES: Record<number, Record<number, string>> = {
  [EM_ARM]: {
    0x70000001: 'ARM_EXIDX',
    0x70000002: 'ARM_PREEMPTMAP',
    0x70000003: 'ARM_ATTRIBUTES',
    0x70000004: 'ARM_DEBUGOVERLAY',
    0x70000005: 'ARM_OVERLAYSECTION',
  },
  [EM_X86_64]: { 0x70000001: 'X86_64_UNWIND' },
  [EM_AARCH64]: { 0x70000003: 'AARCH64_ATTRIBUTES' },
  [EM_RISCV]: { 0x70000003: 'RISCV_ATTRIBUTES' },
  [EM_MIPS]: {
    0x70000006: 'MIPS_REGINFO',
    0x7000000d: 'MIPS_OPTIONS',
    0x7000001e: 'MIPS_DWARF',
    0x7000002a: 'MIPS_ABIFLAGS',
  },
};

const SEGMENT_TYPE_NAMES: Record<number, string> = {
  0: 'NULL',
  1: 'LOAD',
  2: 'DYNAMIC',
  3: 'INTERP',
  4: 'NOTE',
  5: 'SHLIB',
  6: 'PHDR',
  7: 'TLS',
  0x6474e550: 'GNU_EH_FRAME',
  0x6474e551: 'GNU_STACK',
  0x6474e552: 'GNU_RELRO',
  0x6474e553: 'GNU_PROPERTY',
  0x6474e554: 'GNU_SFRAME',
  0x65a3dbe6: 'OPENBSD_RANDOMIZE',
  0x65a3dbe7: 'OPENBSD_WXNEEDED',
  0x65a41be6: 'OPENBSD_BOOTDATA',
};

const PROC_SEGMENT_TYPE_NAMES: Record<number, Record<number, string>> = {
  [EM_ARM]: { 0x70000001: 'EXIDX' },
  [EM_AARCH64]: { 0x70000002: 'AARCH64_MEMTAG_MTE' },
  [EM_MIPS]: { 0x70000000: 'REGINFO', 0x70000001: 'RTPROC', 0x70000002: 'OPTIONS', 0x70000003: 'ABIFLAGS' },
  [EM_RISCV]: { 0x70000003: 'RISCV_ATTRIBUTES' },
};

/** Names a number outside the known ones the way readelf does: by its range and offset. */
function nameByRange(value: number): string {
  if (value >= 0x70000000 && value <= 0x7fffffff) return `LOPROC+0x${(value - 0x70000000).toString(16)}`;
  if (value >= 0x60000000 && value <= 0x6fffffff) return `LOOS+0x${(value - 0x60000000).toString(16)}`;
  if (value >= 0x80000000 && value <= 0xffffffff) return `LOUSER+0x${(value - 0x80000000).toString(16)}`;
  return `<unknown>: ${value.toString(16)}`;
}

/** readelf's name for a section type, which depends on the machine for processor-specific types. */
export function nameSectionType(type: number, machine: number): string {
  return PROC_SECTION_TYPE_NAMES[machine]?.[type] ?? SECTION_TYPE_NAMES[type] ?? nameByRange(type);
}

/** readelf's name for a segment type. */
export function nameSegmentType(type: number, machine: number): string {
  return PROC_SEGMENT_TYPE_NAMES[machine]?.[type] ?? SEGMENT_TYPE_NAMES[type] ?? nameByRange(type);
}

/** The ELF file type (e_type) as the manifest spells it. */
export function nameFileType(type: number): ElfType {
  switch (type) {
    case 1:
      return 'rel';
    case 2:
      return 'exec';
    case 3:
      return 'dyn';
    case 4:
      return 'core';
    default:
      return 'other';
  }
}

/**
 * The architecture name (Debian/uname style) for e_machine; some depend on class and byte order
 * because one e_machine covers both widths (s390/s390x, mips/mips64) or both orders (ppc64/ppc64le).
 */
export function nameArch(machine: number, bits: 32 | 64, littleEndian: boolean): string {
  switch (machine) {
    case 3:
      return 'i386';
    case EM_X86_64:
      return 'x86_64';
    case EM_AARCH64:
      return 'aarch64';
    case EM_ARM:
      return 'arm';
    case 22:
      return bits === 64 ? 's390x' : 's390';
    case 20:
      return 'ppc';
    case 21:
      return littleEndian ? 'ppc64le' : 'ppc64';
    case EM_MIPS:
      return (bits === 64 ? 'mips64' : 'mips') + (littleEndian ? 'el' : '');
    case EM_RISCV:
      return bits === 64 ? 'riscv64' : 'riscv32';
    case 2:
      return 'sparc';
    case 43:
      return 'sparc64';
    case 258:
      return 'loongarch64';
    case 50:
      return 'ia64';
    case 42:
      return 'sh';
    case 0:
      return 'none';
    default:
      return `em-${machine}`;
  }
}
