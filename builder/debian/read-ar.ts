import { UserError } from '../../analyzer/model/user-error.js';

/** One member of an `ar` archive; `data` is a view into the archive's bytes (no copy). */
export interface ArMember {
  name: string;
  /** Offset of the member's data in the archive. */
  offset: number;
  size: number;
  data: Uint8Array;
}

const MAGIC = '!<arch>\n';
const HEADER_SIZE = 60;

/** Reads a System V / GNU `ar` archive (the container of a `.deb`). */
export function readAr(bytes: Uint8Array, file?: string): ArMember[] {
  if (bytes.length < MAGIC.length || decodeAscii(bytes, 0, MAGIC.length) !== MAGIC) {
    throw new UserError('DEB_BAD', 'not an ar archive (the magic "!<arch>" is missing)', { file, offset: 0 });
  }
  const members: ArMember[] = [];
  let offset = MAGIC.length;
  while (offset < bytes.length) {
    if (offset + HEADER_SIZE > bytes.length)
      throw new UserError(
        'DEB_BAD',
        `ar member header cut short (${bytes.length - offset} of ${HEADER_SIZE} bytes)`,
        { file, offset },
      );
    if (bytes[offset + 58] !== 0x60 || bytes[offset + 59] !== 0x0a)
      throw new UserError('DEB_BAD', 'ar member header lacks its end marker', { file, offset: offset + 58 });
    const name = decodeAscii(bytes, offset, 16).trimEnd().replace(/\/$/, '');
    const sizeText = decodeAscii(bytes, offset + 48, 10).trim();
    if (!/^\d+$/.test(sizeText))
      throw new UserError(
        'DEB_BAD',
        `ar member ${JSON.stringify(name)} has a bad size field ${JSON.stringify(sizeText)}`,
        {
          file,
          offset: offset + 48,
        },
      );
    const size = Number(sizeText);
    const start = offset + HEADER_SIZE;
    if (start + size > bytes.length) {
      throw new UserError(
        'DEB_BAD',
        `ar member ${JSON.stringify(name)} is cut short: ${size} bytes declared, ${bytes.length - start} present`,
        { file, offset: start },
      );
    }
    members.push({ name, offset: start, size, data: bytes.subarray(start, start + size) });
    offset = start + size + (size % 2); // members are aligned to 2 bytes
  }
  return members;
}

/** Decodes printable ASCII bytes (headers of ar and tar). */
export function decodeAscii(bytes: Uint8Array, start: number, length: number): string {
  let out = '';
  const end = Math.min(bytes.length, start + length);
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i] as number);
  return out;
}
