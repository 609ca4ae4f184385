import { UserError } from '../../analyzer/model/user-error.js';
import { decodeAscii } from './read-ar.js';

/** One tar entry; `data` is a view into the tar bytes (no copy). */
export interface TarEntry {
  /** Path as stored, without a leading `./`. */
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  mode: number;
  size: number;
  linkTarget?: string;
  /** Offset of the entry's data in the tar. */
  offset: number;
  data: Uint8Array;
}

const BLOCK = 512;
const utf8 = new TextDecoder('utf-8');

/**
 * Reads a ustar/GNU/pax tar held in memory: GNU long names (`L`/`K`) and pax `path`/`linkpath`
 * records are honoured. Entry data stays a view, so a large `data.tar` is never held twice.
 */
export function readTar(bytes: Uint8Array, file?: string): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    if (isZeroBlock(bytes, offset)) break;
    verifyChecksum(bytes, offset, file);
    const size = readOctal(bytes, offset + 124, 12, file);
    const typeFlag = String.fromCharCode(bytes[offset + 156] as number);
    const start = offset + BLOCK;
    if (start + size > bytes.length)
      throw new UserError('DEB_BAD', `tar entry data cut short (${size} bytes declared)`, {
        file,
        offset: start,
      });
    const data = bytes.subarray(start, start + size);
    const next = start + Math.ceil(size / BLOCK) * BLOCK;
    if (typeFlag === 'L' || typeFlag === 'K') {
      const text = utf8.decode(data).replace(/\0+$/, '');
      if (typeFlag === 'L') longName = text;
      else longLink = text;
      offset = next;
      continue;
    }
    if (typeFlag === 'x' || typeFlag === 'g') {
      const pax = readPax(data);
      if (typeFlag === 'x') {
        longName = pax.get('path') ?? longName;
        longLink = pax.get('linkpath') ?? longLink;
      }
      offset = next;
      continue;
    }
    const prefix = readString(bytes, offset + 345, 155);
    const name =
      longName ?? (prefix ? `${prefix}/${readString(bytes, offset, 100)}` : readString(bytes, offset, 100));
    const link = longLink ?? readString(bytes, offset + 157, 100);
    longName = undefined;
    longLink = undefined;
    const type =
      typeFlag === '0' || typeFlag === '\0' || typeFlag === '7'
        ? 'file'
        : typeFlag === '5'
          ? 'directory'
          : typeFlag === '2'
            ? 'symlink'
            : typeFlag === '1'
              ? 'hardlink'
              : 'other';
    const entry: TarEntry = {
      path: name.replace(/^\.\//, '').replace(/^\.$/, ''),
      type,
      mode: readOctal(bytes, offset + 100, 8, file),
      size: type === 'file' ? size : 0,
      offset: start,
      data,
    };
    if (type === 'symlink' || type === 'hardlink') entry.linkTarget = link.replace(/^\.\//, '');
    entries.push(entry);
    offset = next;
  }
  return entries;
}

function readString(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && bytes[end] !== 0) end++;
  return utf8.decode(bytes.subarray(start, end));
}

function readOctal(bytes: Uint8Array, start: number, length: number, file?: string): number {
  // GNU base-256 for sizes of 8 GiB and more: high bit set in the first byte.
  if (((bytes[start] as number) & 0x80) !== 0) {
    let value = 0;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + (bytes[i] as number);
    return value;
  }
  const text = decodeAscii(bytes, start, length).replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text))
    throw new UserError('DEB_BAD', `tar header field is not octal: ${JSON.stringify(text)}`, {
      file,
      offset: start,
    });
  return parseInt(text, 8);
}

function isZeroBlock(bytes: Uint8Array, offset: number): boolean {
  for (let i = offset; i < offset + BLOCK; i++) if (bytes[i] !== 0) return false;
  return true;
}

function verifyChecksum(bytes: Uint8Array, offset: number, file?: string): void {
  const stored = readOctal(bytes, offset + 148, 8, file);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (bytes[offset + i] as number);
  if (sum !== stored)
    throw new UserError('DEB_BAD', `tar header checksum mismatch (stored ${stored}, computed ${sum})`, {
      file,
      offset,
    });
}

function readPax(data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const text = utf8.decode(data);
  let i = 0;
  while (i < text.length) {
    const space = text.indexOf(' ', i);
    if (space < 0) break;
    const length = Number(text.slice(i, space));
    if (!Number.isFinite(length) || length <= 0) break;
    const record = text.slice(space + 1, i + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    i += length;
  }
  return out;
}
