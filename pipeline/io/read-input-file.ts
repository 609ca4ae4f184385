import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { UserError } from '../../analyzer/model/user-error.js';

/** Reads a whole input file into one Buffer (parsers then work on views of it), or fails with FILE_NOT_FOUND. */
export function readInputFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(
      'FILE_NOT_FOUND',
      code === 'EISDIR' ? 'is a folder, not a file' : `cannot read (${code})`,
      { file: path },
    );
  }
}

/** The first `length` bytes of a file (fewer if it is shorter), to tell formats apart without reading it all. */
export function readInputHead(path: string, length: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return readInputFile(path); // reports the error the same way
  }
  try {
    const head = Buffer.alloc(length);
    return head.subarray(0, readSync(fd, head, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Reads a text input file (UTF-8). */
export function readInputText(path: string): string {
  return readInputFile(path).toString('utf8');
}

/** Lowercase hex SHA-256 of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** True when something is at the path: an optional input, or a build output that should now exist. */
export function fileExists(path: string): boolean {
  return existsSync(path);
}
