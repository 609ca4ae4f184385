import { gunzipSync } from 'node:zlib';
import { xz } from '@napi-rs/lzma';
import { decompress as zstdDecompress } from 'fzstd';
import type { Decompressors } from '../../builder/debian/read-deb.js';

/** The decompressors the Debian readers need: zlib for gzip, liblzma for xz, fzstd for zstd. */
export const DEBIAN_DECOMPRESSORS: Decompressors = {
  gzip: (bytes) => gunzipSync(bytes),
  xz: (bytes) => xz.decompressSync(bytes),
  zstd: (bytes) => zstdDecompress(bytes),
};
