/**
 * Bounds-checked access to the bytes of an ELF file through one DataView.
 * Records (headers, table entries) are checked once with `need`; the field reads after it are
 * unchecked, which keeps the per-symbol loop cheap.
 */
import { UserError } from '../../analyzer/model/user-error.js';
import type { ByteRange, ElfFile } from './elf-types.js';
import { requireLoaded } from './loaded-ranges.js';

const TWO_32 = 4294967296;

/** Throws ELF_TRUNCATED: a structure runs past the end of the file or of its container. */
export function failTruncated(detail: string, offset: number, at: string): never {
  throw new UserError('ELF_TRUNCATED', detail, { offset, at });
}

/** Throws ELF_BAD_FIELD: a field holds a value that cannot be right. */
export function failBadField(detail: string, offset: number, at: string): never {
  throw new UserError('ELF_BAD_FIELD', detail, { offset, at });
}

/** Reads fixed-width integers at file offsets in the file's byte order. */
export class ByteReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly littleEndian: boolean;
  readonly length: number;
  /** The ranges `need` accepts (sorted, merged); undefined when all of `bytes` was read. */
  readonly loaded: readonly ByteRange[] | undefined;

  constructor(bytes: Uint8Array, littleEndian: boolean, loaded?: readonly ByteRange[]) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.littleEndian = littleEndian;
    this.length = bytes.byteLength;
    this.loaded = loaded;
  }

  /**
   * Checks that `size` bytes at `offset` lie inside the file, else throws ELF_TRUNCATED naming `at`;
   * then that they were loaded, else throws UnloadedBytesError (a gap in the read plan, a bug).
   */
  need(offset: number, size: number, at: string): void {
    if (!(offset >= 0 && size >= 0 && offset + size <= this.length)) {
      failTruncated(
        `${size} bytes at offset 0x${offset.toString(16)} run past the end of the ${this.length}-byte file`,
        offset,
        at,
      );
    }
    if (this.loaded) requireLoaded(this.loaded, offset, size, at);
  }

  u8(offset: number): number {
    return this.view.getUint8(offset);
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, this.littleEndian);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, this.littleEndian);
  }

  /** High 32 bits of a 64-bit field. */
  hi32(offset: number): number {
    return this.view.getUint32(this.littleEndian ? offset + 4 : offset, this.littleEndian);
  }

  /** Low 32 bits of a 64-bit field. */
  lo32(offset: number): number {
    return this.view.getUint32(this.littleEndian ? offset : offset + 4, this.littleEndian);
  }

  /** A 64-bit field as a double: exact below 2^53, the nearest double above. */
  u64(offset: number): number {
    return this.hi32(offset) * TWO_32 + this.lo32(offset);
  }

  /** A 64-bit signed field as a double (dynamic tags). */
  i64(offset: number): number {
    return (
      this.view.getInt32(this.littleEndian ? offset + 4 : offset, this.littleEndian) * TWO_32 +
      this.lo32(offset)
    );
  }

  /** An address- or offset-sized field: 4 bytes in ELF32, 8 in ELF64. */
  word(offset: number, bits: 32 | 64): number {
    return bits === 64 ? this.u64(offset) : this.u32(offset);
  }
}

/** A reader over an ELF file's bytes whose `need` refuses ranges the file's sparse read did not load. */
export function elfByteReader(elf: ElfFile): ByteReader {
  return new ByteReader(elf.bytes, elf.littleEndian, elf.loaded);
}

const CHUNK = 8192;

/** The platform's UTF-8 decoder where there is one (Node, browsers); the core's lib types do not declare it. */
interface Utf8Decoder {
  decode(input: Uint8Array): string;
}
const nativeDecoder: Utf8Decoder | undefined = (() => {
  const ctor = (globalThis as unknown as { TextDecoder?: new (label: string) => Utf8Decoder }).TextDecoder;
  return ctor ? new ctor('utf-8') : undefined;
})();

/**
 * A plain Uint8Array over the same memory. Node's Buffer overrides indexOf and subarray with slower
 * versions, which showed as 10x in name decoding; the reader works on plain views only.
 */
export function toPlainBytes(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes the NUL-terminated string at `start`, reading no further than `limit` (exclusive).
 * A byte loop finds the NUL: names are short, and a loop beats a native call for them.
 */
export function decodeCString(bytes: Uint8Array, start: number, limit: number): string {
  let end = start;
  while (end < limit && bytes[end] !== 0) end++;
  return decodeUtf8(bytes, start, end);
}

/** Decodes bytes [start, end) as UTF-8; invalid sequences become U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end <= start) return '';
  if (nativeDecoder) return nativeDecoder.decode(bytes.subarray(start, end));
  let ascii = true;
  for (let i = start; i < end; i++) {
    if ((bytes[i] as number) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    let out = '';
    for (let i = start; i < end; i += CHUNK)
      out += String.fromCharCode.apply(
        null,
        bytes.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[],
      );
    return out;
  }
  return decodeMultibyte(bytes, start, end);
}

function decodeMultibyte(bytes: Uint8Array, start: number, end: number): string {
  const codes: number[] = [];
  let i = start;
  while (i < end) {
    const b0 = bytes[i] as number;
    const len = b0 < 0x80 ? 1 : b0 >= 0xf0 && b0 < 0xf8 ? 4 : b0 >= 0xe0 ? 3 : b0 >= 0xc0 ? 2 : 0;
    if (len === 0 || i + len > end) {
      codes.push(0xfffd);
      i++;
      continue;
    }
    let cp = len === 1 ? b0 : b0 & (0xff >> (len + 1));
    let ok = true;
    for (let k = 1; k < len; k++) {
      const b = bytes[i + k] as number;
      if ((b & 0xc0) !== 0x80) ok = false;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (!ok || cp > 0x10ffff) {
      codes.push(0xfffd);
      i++;
      continue;
    }
    if (cp >= 0x10000) codes.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else codes.push(cp);
    i += len;
  }
  let out = '';
  for (let k = 0; k < codes.length; k += CHUNK)
    out += String.fromCharCode.apply(null, codes.slice(k, k + CHUNK));
  return out;
}
