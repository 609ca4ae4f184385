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

// What the file system answers when a path cannot be written, in the user's words: theirs to fix, not a bug.
const UNWRITABLE: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOENT: 'no such folder',
  // mkdir -p meets a regular file where the path needs a folder.
  EEXIST: 'a part of the path is a file, not a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'the path is a folder',
  ENAMETOOLONG: 'the name is too long',
  ENOSPC: 'no space left on the device',
};

/**
 * Writes an output file the user named ({@link writeFileAtomic}), and turns "cannot write
 * there" into a one-line OUTPUT_UNWRITABLE error naming the path as the user gave it.
 */
export function writeOutputFile(path: string, shown: string, content: string | Uint8Array): void {
  try {
    writeFileAtomic(path, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const words = code === undefined ? undefined : UNWRITABLE[code];
    if (words === undefined) throw error;
    throw new UserError('OUTPUT_UNWRITABLE', `${words} (${code})`, { file: shown });
  }
}
