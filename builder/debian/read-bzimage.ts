import { UserError } from '../../analyzer/model/user-error.js';
import type { Decompressors } from './read-deb.js';
import { decodeLz4Legacy } from './decode-lz4-legacy.js';
import { isElf } from '../elf/elf-magic.js';

/** An x86 bzImage: its boot header fields, the payload's compression, and the decompressed kernel. */
export interface BzImage {
  /** Boot protocol version, e.g. `2.15`. */
  protocol: string;
  setupSects: number;
  /** Offset of the payload in the file (protected-mode code start + `payload_offset`). */
  payloadOffset: number;
  payloadLength: number;
  compression: 'gzip' | 'xz' | 'zstd' | 'lz4' | 'bzip2' | 'lzma' | 'lzo' | 'none';
  /** The size the payload's last 4 bytes announce. */
  declaredSize: number;
  /** The decompressed payload: the ELF `vmlinux`. */
  vmlinux: Uint8Array;
}

/** Largest kernel we agree to decompress: guards allocation against a corrupt size field. */
const MAX_KERNEL = 1 << 30;

/**
 * Reads an x86 bzImage: setup header at 0x1f1 (`HdrS` at 0x202), `setup_sects` at 0x1f1,
 * `payload_offset`/`payload_length` at 0x248/0x24c relative to the protected-mode code, which starts
 * at (setup_sects + 1) × 512. Decompresses the payload (LZ4 legacy frame, gzip, xz, zstd).
 */
export function readBzImage(bytes: Uint8Array, decompressors: Decompressors, file?: string): BzImage {
  if (bytes.length < 0x250)
    throw new UserError('DEB_NO_KERNEL', `${bytes.length} bytes is too short for an x86 boot header`, {
      file,
      offset: 0,
    });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0x202, true) !== 0x53726448)
    throw new UserError('DEB_NO_KERNEL', 'no "HdrS" boot header magic at 0x202: not an x86 bzImage', {
      file,
      offset: 0x202,
    });
  const version = view.getUint16(0x206, true);
  if (version < 0x208)
    throw new UserError(
      'DEB_NO_KERNEL',
      `boot protocol ${version >> 8}.${version & 0xff} has no payload fields (needs 2.08)`,
      { file, offset: 0x206 },
    );
  const setupSects = view.getUint8(0x1f1) || 4; // 0 means 4, for old kernels
  const payloadOffset = (setupSects + 1) * 512 + view.getUint32(0x248, true);
  const payloadLength = view.getUint32(0x24c, true);
  if (payloadLength < 8 || payloadOffset + payloadLength > bytes.length) {
    throw new UserError(
      'DEB_BAD',
      `payload (offset ${payloadOffset}, length ${payloadLength}) lies outside the ${bytes.length}-byte file`,
      { file, offset: 0x248 },
    );
  }
  const payload = bytes.subarray(payloadOffset, payloadOffset + payloadLength);
  const declaredSize = view.getUint32(payloadOffset + payloadLength - 4, true);
  if (declaredSize > MAX_KERNEL)
    throw new UserError('DEB_BAD', `payload announces ${declaredSize} bytes, more than 1 GiB`, {
      file,
      offset: payloadOffset + payloadLength - 4,
    });
  const compression = detectCompression(payload);
  const vmlinux = decompressPayload(compression, payload, declaredSize, decompressors, file, payloadOffset);
  if (vmlinux.length !== declaredSize) {
    throw new UserError(
      'DEB_BAD',
      `payload decompressed to ${vmlinux.length} bytes, its trailer says ${declaredSize}`,
      { file, offset: payloadOffset },
    );
  }
  return {
    protocol: `${version >> 8}.${version & 0xff}`,
    setupSects,
    payloadOffset,
    payloadLength,
    compression,
    declaredSize,
    vmlinux,
  };
}

function detectCompression(p: Uint8Array): BzImage['compression'] {
  const b = (i: number): number => p[i] as number;
  if (b(0) === 0x1f && (b(1) === 0x8b || b(1) === 0x9e)) return 'gzip';
  if (b(0) === 0xfd && b(1) === 0x37 && b(2) === 0x7a && b(3) === 0x58 && b(4) === 0x5a) return 'xz';
  if (b(0) === 0x28 && b(1) === 0xb5 && b(2) === 0x2f && b(3) === 0xfd) return 'zstd';
  if (b(0) === 0x02 && b(1) === 0x21 && b(2) === 0x4c && b(3) === 0x18) return 'lz4';
  if (b(0) === 0x42 && b(1) === 0x5a && b(2) === 0x68) return 'bzip2';
  if (b(0) === 0x5d && b(1) === 0x00) return 'lzma';
  if (b(0) === 0x89 && b(1) === 0x4c && b(2) === 0x5a && b(3) === 0x4f) return 'lzo';
  // An uncompressed payload is the ELF itself; decompressPayload refuses anything else.
  return 'none';
}

function decompressPayload(
  kind: BzImage['compression'],
  payload: Uint8Array,
  size: number,
  d: Decompressors,
  file: string | undefined,
  offset: number,
): Uint8Array {
  const run = (fn: ((b: Uint8Array) => Uint8Array) | undefined, input: Uint8Array): Uint8Array => {
    if (!fn)
      throw new UserError('DEB_BAD', `kernel payload compression "${kind}" is not supported`, {
        file,
        offset,
      });
    try {
      return fn(input);
    } catch (error) {
      throw new UserError(
        'DEB_BAD',
        `kernel payload (${kind}) does not decompress: ${(error as Error).message}`,
        { file, offset },
      );
    }
  };
  // The size trailer is not part of the compressed stream.
  const stream = payload.subarray(0, payload.length - 4);
  switch (kind) {
    case 'lz4':
      return decodeLz4Legacy(stream, size, file, offset);
    case 'gzip':
      return run(d.gzip, stream);
    case 'xz':
      return run(d.xz, stream);
    case 'zstd':
      return run(d.zstd, stream);
    case 'bzip2':
      return run(d.bzip2, stream);
    case 'none':
      if (isElf(stream)) return stream;
      throw new UserError('DEB_BAD', 'unrecognised kernel payload compression', { file, offset });
    default:
      return run(undefined, stream);
  }
}
