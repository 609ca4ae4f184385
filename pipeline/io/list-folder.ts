import { readdirSync, statSync } from 'node:fs';
import { UserError } from '../../analyzer/model/user-error.js';

/** One entry of a folder: its name and whether it is a file or a folder (anything else is left out). */
export interface FolderEntry {
  name: string;
  kind: 'file' | 'folder';
}

/** True for a folder, false for anything else; a path that cannot be read is the user's error, naming it as shown. */
export function isFolder(path: string, shown: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    throw new UserError(
      'FILE_NOT_FOUND',
      `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      {
        file: shown,
      },
    );
  }
}

/** The files and folders in a folder, sorted by name so that every caller sees one order. */
export function listFolder(path: string): FolderEntry[] {
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isFile() || e.isDirectory())
    .map((e): FolderEntry => ({ name: e.name, kind: e.isFile() ? 'file' : 'folder' }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
