// What any Node program pays before it can report on a file, measured as peers beside tcbscope in
// bench/run.mjs: `start` does nothing (Node's own start-up); `sha256 FILE` hashes the file the way
// tcbscope's manifest names it (node:crypto, chunks of 256 KiB, as pipeline/io/hash-file-aside.ts
// reads them); `compress FILE BROTLI GZIP` compresses the whole file once at brotli quality BROTLI
// and gzip level GZIP, side by side on zlib's threads (a js bundle's download sizes need this and
// then each package's bytes again).
// Usage: node bench/floor.mjs start | sha256 FILE | compress FILE BROTLI GZIP
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const [task, file, brotliQuality, gzipLevel] = process.argv.slice(2);
if (task === 'sha256') {
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(256 << 10);
  for (let at = 0; at < size;) {
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - at), at);
    if (n === 0) break;
    hash.update(chunk.subarray(0, n));
    at += n;
  }
  closeSync(fd);
  process.stdout.write(`${hash.digest('hex')}\n`);
} else if (task === 'compress') {
  const bytes = readFileSync(file);
  const params = {
    [constants.BROTLI_PARAM_QUALITY]: Number(brotliQuality),
    [constants.BROTLI_PARAM_LGWIN]: 24,
    [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
  };
  const [g, b] = await Promise.all([
    promisify(gzip)(bytes, { level: Number(gzipLevel) }),
    promisify(brotliCompress)(bytes, { params }),
  ]);
  process.stdout.write(`gzip ${g.length} brotli ${b.length}\n`);
} else if (task !== 'start') {
  process.stderr.write('usage: node bench/floor.mjs start | sha256 FILE | compress FILE BROTLI GZIP\n');
  process.exit(2);
}
