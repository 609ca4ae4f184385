import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { UserError } from '../../analyzer/model/user-error.js';
import { dirname } from 'node:path';

/** Writes a file through a temporary sibling and a rename, so a failure never leaves half a file. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Removes an output file if it is there (an earlier run's manifest that this run must not leave behind). */
export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

/** Appends to a file another program owns (GitHub's step summary), creating it when missing. */
export function appendToFile(path: string, content: string): void {
  appendFileSync(path, content);
}

// What the file system answers when a path cannot be written: the user's to fix, not a bug.
const UNWRITABLE = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOENT',
  'ENOTDIR',
  'EISDIR',
  'ENAMETOOLONG',
  'ENOSPC',
]);

/**
 * Writes an output file the user named ({@link writeFileAtomic}), and turns "cannot write
 * there" into a one-line OUTPUT_UNWRITABLE error naming the path as the user gave it.
 */
export function writeOutputFile(path: string, shown: string, content: string | Uint8Array): void {
  try {
    writeFileAtomic(path, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined || !UNWRITABLE.has(code)) throw error;
    throw new UserError('OUTPUT_UNWRITABLE', (error as Error).message.split(',')[0] ?? code, {
      file: shown,
    });
  }
}
