/**
 * The symbol index of a static library (`ar` archive): which member defines which global symbol.
 * Static archives listed in a package's install list then tell which package defined a function
 * even without a linker map. Formats: the System V / GNU index member `/` (32-bit big-endian
 * offsets) and `/SYM64/` (64-bit), and GNU long member names through the `//` member.
 */
import { UserError } from '../../analyzer/model/user-error.js';

/** Size of an `ar` member header. */
export const AR_HEADER_SIZE = 60;
/** Length of the `!<arch>\n` magic that starts every archive. */
export const AR_MAGIC_SIZE = 8;

/** The archive's index: symbol i is defined by the member whose header is at memberOffsets[i]. */
export interface ArSymbolTable {
  names: string[];
  memberOffsets: number[];
}

/** A member header decoded: its raw name field, and where its data starts and ends. */
export interface ArMemberHeader {
  rawName: string;
  dataOffset: number;
  size: number;
}

/** Decodes the member header at `offset` of an archive (`header` holds its 60 bytes). */
export function readArMemberHeader(header: Uint8Array, offset: number, file?: string): ArMemberHeader {
  if (header.length < AR_HEADER_SIZE || header[58] !== 0x60 || header[59] !== 0x0a) {
    throw new UserError('META_BAD', 'not an ar member header (end marker missing)', { file, offset });
  }
  const size = Number(ascii(header, 48, 10).trim());
  if (!Number.isSafeInteger(size) || size < 0)
    throw new UserError('META_BAD', 'ar member size is not a number', { file, offset: offset + 48 });
  return { rawName: ascii(header, 0, 16).trimEnd(), dataOffset: offset + AR_HEADER_SIZE, size };
}

/** Reads an index member's data (`/` or `/SYM64/`); counts are checked against the data's size. */
export function readArSymbolTable(data: Uint8Array, wide: boolean, file?: string, offset = 0): ArSymbolTable {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = wide ? 8 : 4;
  const read = (at: number): number =>
    wide ? Number(view.getBigUint64(at, false)) : view.getUint32(at, false);
  if (data.length < width)
    throw new UserError('META_BAD', 'archive symbol index cut short', { file, offset });
  const count = read(0);
  if (count > (data.length - width) / width)
    throw new UserError(
      'META_BAD',
      `archive symbol index claims ${count} symbols, more than its ${data.length} bytes hold`,
      { file, offset },
    );
  const memberOffsets: number[] = [];
  for (let i = 0; i < count; i++) memberOffsets.push(read(width + i * width));
  const names: string[] = [];
  let at = width + count * width;
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    const end = data.indexOf(0, at);
    if (end < 0)
      throw new UserError('META_BAD', `archive symbol index ends inside name ${i}`, {
        file,
        offset: offset + at,
      });
    names.push(decoder.decode(data.subarray(at, end)));
    at = end + 1;
  }
  return { names, memberOffsets };
}

/** A member's file name: GNU names end in `/`; `/123` points into the `//` long-name member. */
export function decodeArMemberName(rawName: string, longNames: Uint8Array | undefined): string {
  const long = /^\/(\d+)$/.exec(rawName);
  if (long && longNames) {
    const start = Number(long[1]);
    let end = start;
    while (end < longNames.length && longNames[end] !== 0x0a) end++;
    return ascii(longNames, start, end - start).replace(/\/$/, '');
  }
  return rawName.replace(/\/$/, '');
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let out = '';
  for (let i = start; i < start + length && i < bytes.length; i++)
    out += String.fromCharCode(bytes[i] as number);
  return out;
}
