import { UserError } from '../../analyzer/model/user-error.js';

const LEGACY_MAGIC = 0x184c2102;

/**
 * Decodes an LZ4 legacy frame (`lz4 -l`, used for Linux kernel payloads): the magic, then blocks of
 * (4-byte little-endian compressed size, LZ4 block). A block size equal to the magic starts a new
 * frame. `expectedSize` (from the kernel's size trailer) bounds the output buffer.
 */
export function decodeLz4Legacy(
  input: Uint8Array,
  expectedSize: number,
  file?: string,
  baseOffset = 0,
): Uint8Array {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  if (input.length < 4 || view.getUint32(0, true) !== LEGACY_MAGIC)
    throw new UserError('DEB_BAD', 'not an LZ4 legacy frame', { file, offset: baseOffset });
  const out = new Uint8Array(expectedSize);
  let pos = 4;
  let outPos = 0;
  while (pos + 4 <= input.length) {
    const blockSize = view.getUint32(pos, true);
    pos += 4;
    if (blockSize === LEGACY_MAGIC) continue;
    if (blockSize === 0 || pos + blockSize > input.length) {
      if (outPos === expectedSize) break; // trailing bytes after the last block
      throw new UserError('DEB_BAD', `LZ4 block of ${blockSize} bytes runs past the payload`, {
        file,
        offset: baseOffset + pos - 4,
      });
    }
    outPos = decodeLz4Block(input, pos, pos + blockSize, out, outPos, file, baseOffset);
    pos += blockSize;
    if (outPos === expectedSize) break;
  }
  if (outPos !== expectedSize)
    throw new UserError('DEB_BAD', `LZ4 payload decoded to ${outPos} bytes, expected ${expectedSize}`, {
      file,
      offset: baseOffset,
    });
  return out;
}

/** One LZ4 block: sequences of (token, literals, 2-byte offset, match). Returns the new output position. */
function decodeLz4Block(
  src: Uint8Array,
  start: number,
  end: number,
  dst: Uint8Array,
  dstStart: number,
  file: string | undefined,
  base: number,
): number {
  let s = start;
  let d = dstStart;
  const fail = (what: string): never => {
    throw new UserError('DEB_BAD', `corrupt LZ4 block: ${what}`, { file, offset: base + s });
  };
  while (s < end) {
    const token = src[s++] as number;
    let literals = token >>> 4;
    if (literals === 15) {
      let extra = 255;
      while (extra === 255) {
        if (s >= end) fail('literal length runs past the block');
        extra = src[s++] as number;
        literals += extra;
      }
    }
    if (s + literals > end) fail('literals run past the block');
    if (d + literals > dst.length) fail('output larger than announced');
    dst.set(src.subarray(s, s + literals), d);
    s += literals;
    d += literals;
    if (s >= end) break; // the last sequence has literals only
    if (s + 2 > end) fail('match offset cut short');
    const distance = (src[s] as number) | ((src[s + 1] as number) << 8);
    s += 2;
    if (distance === 0 || distance > d) fail(`match distance ${distance} out of range`);
    let length = (token & 15) + 4;
    if ((token & 15) === 15) {
      let extra = 255;
      while (extra === 255) {
        if (s >= end) fail('match length runs past the block');
        extra = src[s++] as number;
        length += extra;
      }
    }
    if (d + length > dst.length) fail('output larger than announced');
    // Overlapping copies are the point of LZ4 (runs): copy byte by byte when they overlap.
    if (distance >= length) dst.copyWithin(d, d - distance, d - distance + length);
    else for (let i = 0; i < length; i++) dst[d + i] = dst[d - distance + i] as number;
    d += length;
  }
  return d;
}
