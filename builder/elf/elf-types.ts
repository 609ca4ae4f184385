/**
 * The shapes the ELF reader returns. Numbers from 64-bit fields are doubles: exact below 2^53,
 * which covers every file offset and size; symbol offsets inside sections are computed exactly
 * even for kernel addresses (see {@link ElfSymbolTable.sectionOffset}).
 */

import type { ElfType } from '../../analyzer/model/manifest.js';

/** A byte range of the file. */
export interface ByteRange {
  offset: number;
  size: number;
}

/** One section header, resolved: name decoded, flags split out. */
export interface ElfSection {
  index: number;
  name: string;
  type: number;
  /** readelf's name for the type (`PROGBITS`, `NOBITS`, `ARM_EXIDX`, `LOOS+0x...`). */
  typeName: string;
  /** SHF_* bits. */
  flags: number;
  address: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
  /** Bytes in the file: 0 for SHT_NOBITS (and SHT_NULL). */
  fileSize: number;
  alloc: boolean;
  exec: boolean;
  write: boolean;
}

/** One program header. */
export interface ElfSegment {
  type: number;
  /** readelf's name for the type (`LOAD`, `GNU_STACK`, `EXIDX`, ...). */
  typeName: string;
  /** PF_* bits: 1 execute, 2 write, 4 read. */
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

/** One ELF note: from an SHT_NOTE section, or from a PT_NOTE segment when the file has no sections. */
export interface ElfNote {
  /** The section it came from; absent when it came from a segment. */
  section?: string;
  owner: string;
  type: number;
  /** The descriptor bytes (a view into the file, not a copy). */
  desc: Uint8Array;
  /** File offset of the descriptor's first byte. */
  descOffset: number;
}

/**
 * A symbol table in columns. Row i is symbol i of the table (row 0 is the null symbol).
 * Names are decoded on demand by `name(i)`.
 */
export interface ElfSymbolTable {
  kind: 'symtab' | 'dynsym';
  count: number;
  /**
   * st_value minus the address of the symbol's section, computed from 32-bit halves so that it is
   * exact even for 64-bit kernel addresses. In relocatable objects this is st_value itself.
   * 0 when the symbol is not in a section (SHN_UNDEF, SHN_ABS, SHN_COMMON, other reserved indices).
   */
  sectionOffset: Float64Array;
  /**
   * st_value as a double (exact below 2^53), as stored: on 32-bit ARM a Thumb function has bit 0
   * set (its code starts at value - 1); sectionOffset keeps that bit too.
   */
  value: Float64Array;
  size: Float64Array;
  /** Section index, SHN_XINDEX already resolved through SHT_SYMTAB_SHNDX; reserved values (0xfff1 ...) kept. */
  shndx: Uint32Array;
  /** st_info: bind << 4 | type. */
  info: Uint8Array;
  /** st_other (visibility in the low bits). */
  other: Uint8Array;
  /** st_name: offset into the linked string table. */
  nameOffset: Uint32Array;
  /** Decodes (and caches) the name of symbol i. */
  name(i: number): string;
}

/** An ELF file, parsed as far as its headers; tables are read on request by the other readers. */
export interface ElfFile {
  bits: 32 | 64;
  littleEndian: boolean;
  /** e_type. */
  type: number;
  typeName: ElfType;
  /** e_machine. */
  machine: number;
  /** `x86_64`, `aarch64`, `arm`, `i386`, `s390x`, `ppc64`, `mips`, `riscv64`, ... */
  arch: string;
  /** e_flags (ARM EABI version and float ABI, MIPS ABI, ...). */
  flags: number;
  entry: number;
  /** e_ehsize. */
  headerSize: number;
  phoff: number;
  phentsize: number;
  /** Number of program headers, PN_XNUM resolved. */
  phnum: number;
  shoff: number;
  shentsize: number;
  /** Number of section headers, extended numbering (e_shnum 0) resolved; 0 when there are none. */
  shnum: number;
  /** Index of the section name table, SHN_XINDEX resolved; 0 when there is none. */
  shstrndx: number;
  sections: ElfSection[];
  segments: ElfSegment[];
  fileSize: number;
  /** File-sized; only the `loaded` ranges hold the file's bytes (a sparse read leaves the rest zero). */
  bytes: Uint8Array;
  /**
   * The ranges of `bytes` that were read from the file, sorted and merged: one range over the whole
   * file for a full read. The readers throw UnloadedBytesError for a table or section outside them.
   */
  loaded: readonly ByteRange[];
}
