/**
 * The ELF file header (e_ident and the fields after it), decoded once for both users: the read
 * planner, which has only the first bytes of the file, and the reader, which has the tables too.
 */
import { UserError } from '../../analyzer/model/user-error.js';
import { ByteReader, failBadField, failTruncated } from './byte-reader.js';
import { ELF_MAGIC } from './elf-magic.js';

/** Field offsets of the ELF header that differ between the classes, and the sizes of its tables' entries. */
export interface HeaderLayout {
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
  /** Bytes of one section header (Elf32_Shdr or Elf64_Shdr). */
  shdrSize: number;
  /** Bytes of one program header (Elf32_Phdr or Elf64_Phdr). */
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

/** Bytes of the largest ELF header (ELF64): enough for {@link decodeElfHeader} on either class. */
export const ELF_HEADER_BYTES = LAYOUT_64.size;

/**
 * The header fields as stored. e_phnum, e_shnum and e_shstrndx are the raw values: extended
 * numbering (PN_XNUM, e_shnum 0, SHN_XINDEX) keeps the real ones in section header 0, which
 * readElf resolves and the read planner leaves to a full read.
 */
export interface ElfHeader {
  bits: 32 | 64;
  littleEndian: boolean;
  /** e_type. */
  type: number;
  /** e_machine. */
  machine: number;
  /** e_flags. */
  flags: number;
  entry: number;
  /** e_ehsize. */
  headerSize: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  shoff: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
  /** Where each field sits in this class, for error offsets and entry sizes. */
  layout: HeaderLayout;
}

/**
 * Decodes the ELF header at the start of `bytes` (the whole file, or only its first
 * {@link ELF_HEADER_BYTES}). Throws UserError ELF_NOT_ELF, ELF_TRUNCATED or ELF_BAD_FIELD.
 */
export function decodeElfHeader(bytes: Uint8Array): ElfHeader {
  checkIdent(bytes);
  const bits: 32 | 64 = bytes[4] === 2 ? 64 : 32;
  const littleEndian = bytes[5] === 1;
  const L = bits === 64 ? LAYOUT_64 : LAYOUT_32;
  const r = new ByteReader(bytes, littleEndian);
  r.need(0, L.size, 'ELF header');
  return {
    bits,
    littleEndian,
    type: r.u16(16),
    machine: r.u16(18),
    flags: r.u32(L.flags),
    entry: r.word(L.entry, bits),
    headerSize: r.u16(L.ehsize),
    phoff: r.word(L.phoff, bits),
    phentsize: r.u16(L.phentsize),
    phnum: r.u16(L.phnum),
    shoff: r.word(L.shoff, bits),
    shentsize: r.u16(L.shentsize),
    shnum: r.u16(L.shnum),
    shstrndx: r.u16(L.shstrndx),
    layout: L,
  };
}

function checkIdent(bytes: Uint8Array): void {
  if (bytes.byteLength === 0)
    throw new UserError('ELF_NOT_ELF', 'the file is empty', { offset: 0, at: 'ELF header e_ident' });
  for (let i = 0; i < ELF_MAGIC.length && i < bytes.byteLength; i++) {
    if (bytes[i] !== ELF_MAGIC[i]) {
      throw new UserError(
        'ELF_NOT_ELF',
        `byte ${i} of the magic number is 0x${(bytes[i] ?? 0).toString(16)}, not 0x${(ELF_MAGIC[i] ?? 0).toString(16)}`,
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
