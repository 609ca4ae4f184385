import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { UserError } from '../../analyzer/model/user-error.js';
import { describeFsError, requireReadableWhole, requireRegularFile } from './input-file-kind.js';

/**
 * Reads a whole input file into one Buffer (parsers then work on views of it). Only regular files
 * under the input limit are read (see input-file-kind.ts); anything else fails as a user error naming
 * the path.
 */
export function readInputFile(path: string): Buffer {
  requireReadableWhole(path);
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UserError('FILE_NOT_FOUND', describeFsError(error), { file: path });
  }
}

/** The first `length` bytes of a file (fewer if it is shorter), to tell formats apart without reading it all. */
export function readInputHead(path: string, length: number): Buffer {
  requireRegularFile(path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new UserError('FILE_NOT_FOUND', describeFsError(error), { file: path });
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
