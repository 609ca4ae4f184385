import { Worker } from 'node:worker_threads';
import { UserError } from '../../analyzer/model/user-error.js';
import { HASH_CHUNK_BYTES } from './hash-chunk.js';

/**
 * The worker's code, CommonJS as eval workers are: reads the file in chunks of HASH_CHUNK_BYTES and
 * hashes them.
 * A string rather than a module file so that it runs the same from dist/ and from the TypeScript
 * sources under the tests.
 */
const WORKER_SOURCE = `
const { createHash } = require('node:crypto');
const { closeSync, fstatSync, openSync, readSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
try {
  const fd = openSync(workerData.path, 'r');
  try {
    const size = fstatSync(fd).size;
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(Math.min(workerData.chunk, Math.max(size, 1)));
    for (let at = 0; at < size; ) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - at), at);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
      at += n;
    }
    parentPort.postMessage({ sha256: hash.digest('hex') });
  } finally {
    closeSync(fd);
  }
} catch (error) {
  parentPort.postMessage({ error: String(error && error.message || error) });
}
`;

/**
 * SHA-256 of a regular file, computed on another thread while the caller parses the same file:
 * hashing a 110 MB shared library costs about as much as everything else `inspect` does to it,
 * and the two need not wait for each other. The caller has already checked that `path` is a
 * regular file (a FIFO would block the worker).
 */
export function hashFileAside(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, chunk: HASH_CHUNK_BYTES } });
    worker.once('message', (reply: { sha256?: string; error?: string }) => {
      if (reply.sha256 !== undefined) resolve(reply.sha256);
      else reject(new UserError('FILE_NOT_FOUND', reply.error ?? 'cannot read', { file: path }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the hashing thread exited with ${code}`));
    });
  });
}
