/**
 * Symbol tables as columns of typed arrays. One pass over the table fills the columns; names stay
 * undecoded until `name(i)` is called, so a 44k-symbol table costs a few typed arrays.
 */
import {
  ByteReader,
  elfByteReader,
  decodeCString,
  decodeUtf8,
  failBadField,
  failTruncated,
} from './byte-reader.js';
import {
  SHN_LORESERVE,
  SHN_UNDEF,
  SHN_XINDEX,
  SHT_DYNSYM,
  SHT_STRTAB,
  SHT_SYMTAB,
  SHT_SYMTAB_SHNDX,
} from './elf-constants.js';
import type { ElfFile, ElfSection, ElfSymbolTable } from './elf-types.js';
import { isAsciiRange } from './is-ascii-range.js';

const TWO_32 = 4294967296;

/**
 * Told of each entry whose st_name lies past its string table, when the caller would rather read
 * the rest of the table than refuse it; that entry's name becomes `[unreadable name of symbol N]`.
 */
export type BadNameHandler = (entry: number, nameOffset: number, stringTableSize: number) => void;

/** The name offset a damaged entry gets: no string table is 4 GiB, so it cannot be a real one. */
const UNREADABLE_NAME = 0xffffffff;

/**
 * Reads `.symtab` (kind `symtab`) or `.dynsym` (kind `dynsym`); undefined when the file has no such
 * section (a stripped file has no symtab; a file without section headers has neither here).
 * Throws ELF_BAD_FIELD for a wrong entry size, a size that is not a whole number of entries, a bad
 * string table link or a name offset past the string table (unless `onBadName` takes those).
 */
export function readSymbols(
  elf: ElfFile,
  kind: 'symtab' | 'dynsym',
  onBadName?: BadNameHandler,
): ElfSymbolTable | undefined {
  const wanted = kind === 'symtab' ? SHT_SYMTAB : SHT_DYNSYM;
  const sec = elf.sections.find((s) => s.type === wanted);
  if (!sec) return undefined;
  const r = elfByteReader(elf);
  const is64 = elf.bits === 64;
  const entsize = is64 ? 24 : 16;
  const headerAt = elf.shoff + sec.index * elf.shentsize;
  const label = sec.name || kind;
  if (sec.entsize !== entsize)
    failBadField(
      `sh_entsize of ${label} is ${sec.entsize}, expected ${entsize}`,
      headerAt,
      `section header ${sec.index} (${label})`,
    );
  if (sec.size % entsize !== 0)
    failBadField(
      `the size of ${label} (${sec.size}) is not a multiple of its entry size ${entsize}`,
      headerAt,
      `section header ${sec.index} (${label})`,
    );
  const strtab = elf.sections[sec.link];
  if (!strtab || strtab.type !== SHT_STRTAB) {
    failBadField(
      `sh_link of ${label} is ${sec.link}, which is not a string table`,
      headerAt,
      `section header ${sec.index} (${label})`,
    );
  }
  const count = sec.size / entsize;
  r.need(sec.offset, sec.size, `section ${label}`);
  const xindex = findExtendedIndices(r, elf, sec, count);
  const addr = readSectionAddresses(r, elf);

  const sectionOffset = new Float64Array(count);
  const value = new Float64Array(count);
  const size = new Float64Array(count);
  const shndx = new Uint32Array(count);
  const info = new Uint8Array(count);
  const other = new Uint8Array(count);
  const nameOffset = new Uint32Array(count);
  const strSize = strtab.fileSize;
  const shnum = elf.shnum;
  for (let i = 0; i < count; i++) {
    const e = sec.offset + i * entsize;
    let hi = 0;
    let lo: number;
    let ndx: number;
    nameOffset[i] = r.u32(e);
    if (is64) {
      info[i] = r.u8(e + 4);
      other[i] = r.u8(e + 5);
      ndx = r.u16(e + 6);
      hi = r.hi32(e + 8);
      lo = r.lo32(e + 8);
      size[i] = r.u64(e + 16);
    } else {
      lo = r.u32(e + 4);
      size[i] = r.u32(e + 8);
      info[i] = r.u8(e + 12);
      other[i] = r.u8(e + 13);
      ndx = r.u16(e + 14);
    }
    if ((nameOffset[i] as number) >= strSize && (nameOffset[i] !== 0 || strSize !== 0)) {
      if (onBadName) {
        onBadName(i, nameOffset[i] as number, strSize);
        nameOffset[i] = UNREADABLE_NAME;
      } else
        failBadField(
          `st_name ${nameOffset[i]} is past the end of the ${strSize}-byte string table ${strtab.name}`,
          e,
          `${label} entry ${i}`,
        );
    }
    let inSection = ndx !== SHN_UNDEF && ndx < SHN_LORESERVE;
    if (ndx === SHN_XINDEX && xindex) {
      ndx = xindex(i);
      inSection = true;
    }
    shndx[i] = ndx;
    value[i] = hi * TWO_32 + lo;
    if (inSection && ndx < shnum) {
      // Subtract word by word: a 64-bit kernel address loses its low bits as a double, the difference does not.
      sectionOffset[i] = (hi - (addr.hi[ndx] as number)) * TWO_32 + (lo - (addr.lo[ndx] as number));
    }
  }
  r.need(strtab.offset, strSize, `section ${strtab.name || strtab.index} (names of ${label})`);
  const names = new Array<string | undefined>(count);
  const strings = createStringTable(elf.bytes, strtab.offset, strSize);
  return {
    kind,
    count,
    sectionOffset,
    value,
    size,
    shndx,
    info,
    other,
    nameOffset,
    name(i: number): string {
      let n = names[i];
      if (n === undefined) {
        const off = nameOffset[i];
        n =
          off === undefined
            ? ''
            : off === UNREADABLE_NAME
              ? `[unreadable name of symbol ${i}]`
              : strings(off);
        names[i] = n;
      }
      return n;
    },
  };
}

/**
 * A string table reader. Names are looked up by byte offset; when the table is pure ASCII (almost
 * always) it is decoded once on first use and names are slices of that one string, which is several
 * times faster than decoding 44k short byte runs one by one.
 */
function createStringTable(bytes: Uint8Array, start: number, size: number): (offset: number) => string {
  let whole: string | null | undefined;
  const limit = start + size;
  return (offset) => {
    if (whole === undefined)
      whole = isAsciiRange(bytes, start, limit) ? decodeUtf8(bytes, start, limit) : null;
    if (whole === null) return decodeCString(bytes, start + offset, limit);
    const end = whole.indexOf('\0', offset);
    return whole.slice(offset, end < 0 ? whole.length : end);
  };
}

/** The SHT_SYMTAB_SHNDX table that holds real section indices for entries whose st_shndx is SHN_XINDEX. */
function findExtendedIndices(
  r: ByteReader,
  elf: ElfFile,
  sym: ElfSection,
  count: number,
): ((i: number) => number) | undefined {
  const sec = elf.sections.find((s) => s.type === SHT_SYMTAB_SHNDX && s.link === sym.index);
  if (!sec) return undefined;
  if (sec.size < count * 4) {
    failTruncated(
      `${sec.name} has ${sec.size / 4} entries for ${count} symbols`,
      elf.shoff + sec.index * elf.shentsize,
      `section header ${sec.index} (${sec.name})`,
    );
  }
  r.need(sec.offset, count * 4, `section ${sec.name}`);
  const view = new DataView(elf.bytes.buffer, elf.bytes.byteOffset + sec.offset, sec.size);
  return (i) => view.getUint32(i * 4, elf.littleEndian);
}

/** Section addresses as 32-bit halves, read again from the headers because ElfSection.address is a double. */
function readSectionAddresses(r: ByteReader, elf: ElfFile): { hi: Uint32Array; lo: Uint32Array } {
  const hi = new Uint32Array(elf.shnum);
  const lo = new Uint32Array(elf.shnum);
  for (let i = 0; i < elf.shnum; i++) {
    const h = elf.shoff + i * elf.shentsize;
    if (elf.bits === 64) {
      hi[i] = r.hi32(h + 16);
      lo[i] = r.lo32(h + 16);
    } else {
      lo[i] = r.u32(h + 12);
    }
  }
  return { hi, lo };
}
