import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { JsCompressors } from '../../builder/js/compute-download-sizes.js';

/**
 * The compressors a browser download is measured with: gzip at level 9 (zlib's deflate; GNU gzip's own
 * deflate differs by well under 1%) and brotli at quality 11 with a window of up to 2^24 bytes, sized to
 * the input (what the brotli tool does for a file: byte-identical to `brotli -c FILE`).
 */
export const nodeJsCompressors: JsCompressors = {
  gzip: (bytes) => gzipSync(bytes, { level: 9 }).length,
  brotli: (bytes) =>
    brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
};
