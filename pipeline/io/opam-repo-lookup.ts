import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../analyzer/model/user-error.js';
import type { OpamFileLookup } from '../../builder/opam/read-opam-repo.js';

/**
 * Opam files looked up lazily in repository folders (layout `packages/NAME/NAME.VERSION/opam`),
 * first folder first. `shown` are the folders as the user typed them, for messages and provenance.
 */
export function createOpamRepoLookup(
  dirs: string[],
  shown: string[],
  onRead?: (path: string, bytes: Buffer) => void,
): OpamFileLookup {
  dirs.forEach((dir, i) => {
    if (!existsSync(join(dir, 'packages')) || !statSync(join(dir, 'packages')).isDirectory()) {
      throw new UserError('FILE_NOT_FOUND', 'not an opam repository (no packages/ folder)', {
        file: shown[i] ?? dir,
      });
    }
  });
  return (pkg, version) => {
    // Names and versions come from the metadata: refuse ones that would leave the repository folder.
    if (/[/\\]|^\.\.?$/.test(pkg) || /[/\\]/.test(version)) return undefined;
    for (const [i, dir] of dirs.entries()) {
      const path = join(dir, 'packages', pkg, `${pkg}.${version}`, 'opam');
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      const file = join(shown[i] ?? dir, 'packages', pkg, `${pkg}.${version}`, 'opam');
      onRead?.(file, bytes);
      return { text: bytes.toString('utf8'), file };
    }
    return undefined;
  };
}
