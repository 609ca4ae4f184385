import { join } from 'node:path';
import type { LoadedAdvisory } from '../analyzer/advisories/osv-advisory.js';
import { validateOsvAdvisory } from '../analyzer/advisories/validate-osv-advisory.js';
import { UserError } from '../analyzer/model/user-error.js';
import { isFolder, listFolder } from './io/list-folder.js';
import { readJsonFile } from './read-json-file.js';

/**
 * Reads every `.json` file under a folder (recursively, in name order) as an OSV advisory, or one
 * file when given a file. Other files (the Markdown sources and licence beside OSV exports) are
 * skipped. Any file that is not valid OSV stops the run: a skipped advisory would be a silent pass.
 */
export function readAdvisoryFolder(path: string, shown: string): LoadedAdvisory[] {
  const files = isFolder(path, shown) ? listJsonFiles(path, shown) : [{ path, shown }];
  if (files.length === 0)
    throw new UserError('ADVISORY_NONE', 'no .json file in the folder', { file: shown });
  return files.map((f) => ({
    file: f.shown,
    advisory: validateOsvAdvisory(readJsonFile(f.path, f.shown, 'ADVISORY_BAD'), f.shown),
  }));
}

function listJsonFiles(path: string, shown: string): { path: string; shown: string }[] {
  return listFolder(path).flatMap((e) =>
    e.kind === 'folder'
      ? listJsonFiles(join(path, e.name), join(shown, e.name))
      : e.name.endsWith('.json')
        ? [{ path: join(path, e.name), shown: join(shown, e.name) }]
        : [],
  );
}
