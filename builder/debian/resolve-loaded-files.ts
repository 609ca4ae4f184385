import { isElf, readDynamic, readElf, readInterpreter } from '../elf/read-elf.js';
import type { ElfFile } from '../elf/read-elf.js';

/** One entry of the closure's merged file tree: a regular file with its bytes, or a symlink. */
export interface TreeEntry {
  package: string;
  /** Present for regular files that were kept (ELF candidates). */
  data?: Uint8Array;
  /** Present for symlinks: the target as written. */
  linkTarget?: string;
}

/** One ELF file the service loads, with the parsed ELF and what it needs. */
export interface LoadedElf {
  /** The real file's path (symlinks resolved). */
  path: string;
  package: string;
  elf: ElfFile;
  needed: string[];
  /** PT_INTERP, for executables. */
  interpreter?: string;
}

/** A DT_NEEDED name that no file of the closure provides: reported, not fatal. */
export interface UnresolvedNeeded {
  from: string;
  needed: string;
}

/** The directories the x86-64 Debian loader searches after RUNPATH (ld.so.conf and its defaults). */
export const DEFAULT_LIBRARY_DIRS = [
  '/lib/x86_64-linux-gnu',
  '/usr/lib/x86_64-linux-gnu',
  '/lib64',
  '/usr/lib64',
  '/lib',
  '/usr/lib',
];

/**
 * The DT_NEEDED closure of `startPaths` inside the closure's file tree: each needed name is looked up
 * in the needer's DT_RPATH (when it has no RUNPATH), DT_RUNPATH (`$ORIGIN` expanded), then the default
 * directories; symlinks are followed. The program interpreter is loaded too, so it is included.
 */
export function resolveLoadedFiles(
  tree: Map<string, TreeEntry>,
  startPaths: string[],
  libraryDirs = DEFAULT_LIBRARY_DIRS,
): { loaded: LoadedElf[]; unresolved: UnresolvedNeeded[] } {
  const loaded = new Map<string, LoadedElf>();
  const unresolved: UnresolvedNeeded[] = [];
  const queue: string[] = [];
  const enqueue = (path: string): void => {
    const real = followLinks(tree, path);
    if (real && !loaded.has(real) && !queue.includes(real)) queue.push(real);
  };
  for (const path of startPaths) enqueue(path);
  while (queue.length > 0) {
    const path = queue.shift() as string;
    const entry = tree.get(path);
    if (!entry?.data) continue;
    const elf = readElf(entry.data);
    const dynamic = readDynamic(elf);
    const record: LoadedElf = { path, package: entry.package, elf, needed: dynamic.needed };
    const interpreter = readInterpreter(elf);
    if (interpreter) record.interpreter = interpreter;
    loaded.set(path, record);
    if (interpreter) enqueue(interpreter);
    const origin = path.slice(0, path.lastIndexOf('/')) || '/';
    const expand = (dirs: string[]): string[] =>
      dirs.filter(Boolean).map((d) => d.replace(/\$(ORIGIN|\{ORIGIN\})/g, origin));
    const searchDirs = [
      ...(dynamic.runpath.length === 0 ? expand(dynamic.rpath) : []),
      ...expand(dynamic.runpath),
      ...libraryDirs,
    ];
    for (const name of dynamic.needed) {
      const candidates = name.includes('/') ? [name] : searchDirs.map((dir) => `${dir}/${name}`);
      const found = candidates.find((c) => isElfFile(tree, followLinks(tree, c)));
      if (found) enqueue(found);
      else unresolved.push({ from: path, needed: name });
    }
  }
  const list = [...loaded.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { loaded: list, unresolved };
}

/** Follows symlinks (in the path's directories too) inside the tree; undefined when it leads nowhere. */
export function followLinks(tree: Map<string, TreeEntry>, path: string): string | undefined {
  let current = normalisePath(path);
  for (let hops = 0; hops < 40; hops++) {
    const entry = tree.get(current);
    if (entry && entry.linkTarget === undefined) return current;
    if (entry?.linkTarget !== undefined) {
      current = resolveTarget(current, entry.linkTarget);
      continue;
    }
    // A directory on the way may be a symlink (`/lib64` → `usr/lib64`): resolve the longest such prefix.
    const parts = current.split('/');
    let replaced = false;
    for (let i = parts.length - 1; i > 1 && !replaced; i--) {
      const prefix = parts.slice(0, i).join('/');
      const dirEntry = tree.get(prefix);
      if (dirEntry?.linkTarget !== undefined) {
        current = normalisePath(`${resolveTarget(prefix, dirEntry.linkTarget)}/${parts.slice(i).join('/')}`);
        replaced = true;
      }
    }
    if (!replaced) return undefined;
  }
  return undefined;
}

function isElfFile(tree: Map<string, TreeEntry>, path: string | undefined): boolean {
  const data = path === undefined ? undefined : tree.get(path)?.data;
  return data !== undefined && isElf(data);
}

function resolveTarget(linkPath: string, target: string): string {
  if (target.startsWith('/')) return normalisePath(target);
  return normalisePath(`${linkPath.slice(0, linkPath.lastIndexOf('/'))}/${target}`);
}

/** Collapses `.`, `..` and double slashes in an absolute path. */
export function normalisePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}
