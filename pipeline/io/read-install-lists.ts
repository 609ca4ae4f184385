import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readOpamChanges } from '../../builder/opam/read-opam-changes.js';
import type { InstallList } from '../../builder/attribution/install-index.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { readDpkgStatus } from './read-dpkg-status.js';

/**
 * Reads install lists from a metadata folder, recognising its kind by its contents:
 * - a dpkg database folder (`/var/lib/dpkg/info`: `<package>[:arch].list`), versions from `../status`;
 * - an opam switch prefix (`.opam-switch/install/<package>.changes`);
 * - a findlib library folder (sub-folders with `META` files): each folder's files belong to that findlib package.
 */
export function readInstallLists(dir: string): InstallList[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserError('FILE_NOT_FOUND', 'metadata folder does not exist', { file: dir });
  const entries = readdirSync(dir);
  if (entries.some((e) => e.endsWith('.list'))) return readDpkgLists(dir, entries);
  const changesDir = join(dir, '.opam-switch', 'install');
  if (existsSync(changesDir)) return readOpamPrefix(dir, changesDir);
  return readFindlibTree(dir);
}

function readDpkgLists(dir: string, entries: string[]): InstallList[] {
  const status = readDpkgStatus(join(dir, '..', 'status'));
  return entries
    .filter((e) => e.endsWith('.list'))
    .sort()
    .map((e) => {
      const pkg = e.slice(0, -'.list'.length).replace(/:[a-z0-9]+$/, '');
      const source = join(dir, e);
      const files = readFileSync(source, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('/'));
      const list: InstallList = { package: pkg, files, evidence: 'dpkg', source };
      const version = status.get(pkg)?.version;
      if (version !== undefined) list.version = version;
      return list;
    });
}

function readOpamPrefix(prefix: string, changesDir: string): InstallList[] {
  return readdirSync(changesDir)
    .filter((e) => e.endsWith('.changes'))
    .sort()
    .map((e) => {
      const source = join(changesDir, e);
      // Paths in `.changes` files are relative to the switch prefix.
      const files = readOpamChanges(readFileSync(source, 'utf8'), source)
        .filter((f) => f.kind === 'file')
        .map((f) => join(prefix, f.path));
      return { package: e.slice(0, -'.changes'.length), files, evidence: 'install-list' as const, source };
    });
}

function readFindlibTree(dir: string): InstallList[] {
  const lists: InstallList[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const sub = join(dir, entry);
    if (!statSync(sub).isDirectory() || !existsSync(join(sub, 'META'))) continue;
    lists.push({
      package: entry,
      files: listFiles(sub).map((f) => join(dir, relative(dir, f))),
      evidence: 'findlib',
      source: join(sub, 'META'),
    });
  }
  return lists;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}
