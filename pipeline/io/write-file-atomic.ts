import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
