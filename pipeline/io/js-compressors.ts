import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { JsCompressors } from '../../builder/js/compute-download-sizes.js';

/**
 * Brotli quality of the download sizes unless the user asks for another (`inspect --brotli-quality`):
 * quality 11 over an 8 MB bundle and over each of its packages took 25 s, quality 5 takes a fraction
 * of a second and comes within a few percent of quality 11's size. The figure is an estimate of what a
 * server sends; quality 11 (the brotli tool's default, what a build step precompressing files uses)
 * is there for whoever needs that exact number.
 */
export const DEFAULT_BROTLI_QUALITY = 5;

/**
 * gzip level unless the user asks for another (`inspect --gzip-level`): 6, GNU gzip's and zlib's own
 * default, takes a fifth of level 9's time on an 8 MB bundle for a stream about 2% larger.
 */
export const DEFAULT_GZIP_LEVEL = 6;

/**
 * The compressors a browser download is measured with: gzip at `gzipLevel` (zlib's deflate; GNU gzip's
 * own deflate at the same level differs by well under 1%) and brotli at `brotliQuality` (0 to 11) with a window of up to
 * 2^24 bytes, sized to the input. At quality 11 this is byte-identical to `brotli -c FILE`; at lower
 * qualities the tool splits blocks differently and differs by well under 1%.
 */
export function jsCompressors(
  brotliQuality: number = DEFAULT_BROTLI_QUALITY,
  gzipLevel: number = DEFAULT_GZIP_LEVEL,
): JsCompressors {
  // zlib's asynchronous calls run in libuv's thread pool: the bundle's and every package's streams
  // are compressed side by side instead of one after another on the main thread.
  return {
    gzip: async (bytes) => (await gzipAsync(bytes, { level: gzipLevel })).length,
    brotli: async (bytes) => (await brotliAsync(bytes, brotliOptions(bytes, brotliQuality))).length,
  };
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

function brotliOptions(bytes: Uint8Array, quality: number) {
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  };
}

/**
 * The compressors at their best, synchronous: brotli quality 11 (the brotli tool's own figure, byte
 * for byte) and gzip -9.
 */
export const nodeJsCompressors: { gzip(bytes: Uint8Array): number; brotli(bytes: Uint8Array): number } = {
  gzip: (bytes) => gzipSync(bytes, { level: 9 }).length,
  brotli: (bytes) => brotliCompressSync(bytes, brotliOptions(bytes, 11)).length,
};
