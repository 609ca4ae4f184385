import { appendFileSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../../analyzer/model/user-error.js';
import { describeFsError } from './input-file-kind.js';

/**
 * Mode of every file tcbscope writes: owner-only. A manifest lists every package, version and hash
 * of an image, which an owner may not want others on a shared machine to read; whoever publishes
 * one can widen it with chmod.
 */
export const PRIVATE_FILE_MODE = 0o600;

/** Mode of every folder tcbscope creates (build output folders, the database folder): owner-only. */
export const PRIVATE_FOLDER_MODE = 0o700;

/**
 * Writes a file through a temporary sibling and a rename, so a failure never leaves half a file.
 * The file is owner-only ({@link PRIVATE_FILE_MODE}), and so are the folders created for it.
 * Every file-system failure (a folder at the path, a file where a folder should be, no permission, a
 * full disk) is a user error naming the path, not a stack trace.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  // rename() onto a folder fails only after the whole content is written; say it up front.
  if (isFolder(path)) throw new UserError('OUTPUT_UNWRITABLE', 'is a folder, not a file', { file: path });
  try {
    mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_FOLDER_MODE });
  } catch (error) {
    throw new UserError('OUTPUT_UNWRITABLE', describeFsError(error), { file: path });
  }
  const temp = `${path}.tmp-${process.pid}`;
  try {
    rmSync(temp, { force: true });
    // The temporary file is new (flag wx), so the mode applies, and rename keeps it.
    writeFileSync(temp, content, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new UserError('OUTPUT_UNWRITABLE', describeFsError(error), { file: path });
  }
}

/** Removes an output file if it is there (an earlier run's manifest that this run must not leave behind). */
export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

/** Appends to a file another program owns (GitHub's step summary), creating it when missing. */
export function appendToFile(path: string, content: string): void {
  try {
    appendFileSync(path, content, { mode: PRIVATE_FILE_MODE });
  } catch (error) {
    throw new UserError('OUTPUT_UNWRITABLE', describeFsError(error), { file: path });
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Writes an output file the user named ({@link writeFileAtomic}), with the path shown as the user
 * gave it in the one-line error.
 */
export function writeOutputFile(path: string, shown: string, content: string | Uint8Array): void {
  try {
    writeFileAtomic(path, content);
  } catch (error) {
    throw error instanceof UserError ? new UserError(error.code, error.detail, { file: shown }) : error;
  }
}
