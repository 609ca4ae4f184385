/**
 * A bounds-checked reader over one DWARF section. Every read checks the bytes it needs against the
 * end of the current window (a unit, a table), so corrupt lengths surface as a {@link DwarfRangeError}
 * that the unit reader turns into a diagnostic, never as an out-of-range read or a large allocation.
 */

/** A read past the end of the window, or a value that cannot be represented: the data is corrupt. */
export class DwarfRangeError extends Error {
  readonly offset: number;
  constructor(offset: number, what: string) {
    super(`${what} at offset 0x${offset.toString(16)}`);
    this.name = 'DwarfRangeError';
    this.offset = offset;
  }
}

/** Sequential reads from `bytes[pos, end)`. Addresses wider than 2^53 lose precision (they are numbers). */
export class DwarfCursor {
  readonly bytes: Uint8Array;
  readonly littleEndian: boolean;
  pos: number;
  end: number;
  private readonly view: DataView;

  constructor(bytes: Uint8Array, littleEndian: boolean, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.littleEndian = littleEndian;
    this.pos = pos;
    this.end = Math.min(end, bytes.length);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Throws unless `n` more bytes lie inside the window. */
  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.end)
      throw new DwarfRangeError(this.pos, `${what} runs past the end of its data`);
  }

  skip(n: number, what = 'field'): void {
    this.need(n, what);
    this.pos += n;
  }

  u8(): number {
    this.need(1, 'byte');
    return this.view.getUint8(this.pos++);
  }

  u16(): number {
    this.need(2, '2-byte value');
    const v = this.view.getUint16(this.pos, this.littleEndian);
    this.pos += 2;
    return v;
  }

  u24(): number {
    this.need(3, '3-byte value');
    const b = this.bytes;
    const p = this.pos;
    this.pos += 3;
    const [b0, b1, b2] = [b[p] ?? 0, b[p + 1] ?? 0, b[p + 2] ?? 0];
    return this.littleEndian ? b0 | (b1 << 8) | (b2 << 16) : (b0 << 16) | (b1 << 8) | b2;
  }

  u32(): number {
    this.need(4, '4-byte value');
    const v = this.view.getUint32(this.pos, this.littleEndian);
    this.pos += 4;
    return v;
  }

  /** An 8-byte value as a number (exact below 2^53). */
  u64(): number {
    this.need(8, '8-byte value');
    const a = this.view.getUint32(this.pos, this.littleEndian);
    const b = this.view.getUint32(this.pos + 4, this.littleEndian);
    this.pos += 8;
    return this.littleEndian ? b * 0x1_0000_0000 + a : a * 0x1_0000_0000 + b;
  }

  /** An unsigned value of 1, 2, 4 or 8 bytes (addresses, offsets). */
  unsigned(size: number): number {
    switch (size) {
      case 1:
        return this.u8();
      case 2:
        return this.u16();
      case 4:
        return this.u32();
      case 8:
        return this.u64();
      default:
        throw new DwarfRangeError(this.pos, `unsupported value size ${size}`);
    }
  }

  /** Unsigned LEB128; values above 2^53 are refused rather than silently rounded. */
  uleb(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.u8();
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        if (result > Number.MAX_SAFE_INTEGER) throw new DwarfRangeError(this.pos, 'LEB128 value too large');
        return result;
      }
      scale *= 128;
    }
    throw new DwarfRangeError(this.pos, 'LEB128 value longer than 10 bytes');
  }

  /** Signed LEB128 (only needed to step over DW_FORM_sdata and implicit constants). */
  sleb(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.u8();
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return byte & 0x40 ? result - scale : result;
    }
    throw new DwarfRangeError(this.pos, 'LEB128 value longer than 10 bytes');
  }

  /** A NUL-terminated string inside the window, decoded as UTF-8. */
  cstring(): string {
    const start = this.pos;
    const nul = this.bytes.indexOf(0, start);
    if (nul < 0 || nul >= this.end) throw new DwarfRangeError(start, 'string without terminating NUL');
    this.pos = nul + 1;
    return decodeUtf8(this.bytes, start, nul);
  }
}

/** Reads the NUL-terminated string at `offset` of a string section (`.debug_str`, `.debug_line_str`). */
export function readStringAt(section: Uint8Array | undefined, offset: number, sectionName: string): string {
  if (!section || offset >= section.length)
    throw new DwarfRangeError(offset, `string offset outside ${sectionName}`);
  return new DwarfCursor(section, true, offset).cstring();
}

/** UTF-8 to string without TextDecoder (the pure core has no DOM or Node globals). Bad sequences become U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  let i = start;
  while (i < end) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      const chunkEnd = Math.min(end, i + 4096);
      let j = i;
      while (j < chunkEnd && (bytes[j] ?? 0) < 0x80) j++;
      out += String.fromCharCode(...bytes.subarray(i, j));
      i = j;
      continue;
    }
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    let cp = len === 4 ? b & 0x07 : len === 3 ? b & 0x0f : b & 0x1f;
    let ok = len > 0 && i + len <= end;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes[i + k] ?? 0;
      ok = (c & 0xc0) === 0x80;
      cp = (cp << 6) | (c & 0x3f);
    }
    out += ok && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
    i += ok ? len : 1;
  }
  return out;
}
