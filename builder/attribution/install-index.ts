import type { Evidence } from '../../analyzer/model/manifest.js';

/** The files one package installed, from dpkg `.list` files, opam `.changes`, findlib or dune-package. */
export interface InstallList {
  package: string;
  version?: string;
  /** Absolute paths (`/usr/lib/ocaml/lwt/unix/lwt_unix.a`), or prefix-relative ones for opam. */
  files: string[];
  evidence: Evidence;
  /** Where the list was read from (`/var/lib/dpkg/info/liblwt-ocaml-dev.list`). */
  source: string;
}

/** Lookups from files to the packages that installed them. */
export interface InstallIndex {
  byPath: Map<string, number>;
  /** File base name → indices of lists that hold a file of that name. */
  byBase: Map<string, number[]>;
  lists: InstallList[];
}

/** One package found for a file, with the evidence and the file that showed it. */
export interface InstallHit {
  package: string;
  version?: string;
  evidence: Evidence;
  file: string;
  source: string;
  /** More than one package installed a file of this name: the first (by name) was taken. */
  ambiguous: boolean;
}

/** Indexes install lists by full path and by base name. Lists are sorted by package so lookups are deterministic. */
export function buildInstallIndex(lists: readonly InstallList[]): InstallIndex {
  const sorted = [...lists].sort((a, b) => (a.package < b.package ? -1 : a.package > b.package ? 1 : 0));
  const byPath = new Map<string, number>();
  const byBase = new Map<string, number[]>();
  sorted.forEach((list, i) => {
    for (const file of list.files) {
      // dpkg and opam write clean paths; normalise only the ones that need it (this loop sees ~10^5 paths).
      const path = file.includes('/.') || file.includes('//') ? normalizePath(file) : file;
      if (!byPath.has(path)) byPath.set(path, i);
      const base = baseName(path);
      const hits = byBase.get(base);
      if (!hits) byBase.set(base, [i]);
      else if (hits[hits.length - 1] !== i) hits.push(i);
    }
  });
  return { byPath, byBase, lists: sorted };
}

/** The package that installed this exact path (merged-/usr aware: `/lib/x` and `/usr/lib/x` are the same file). */
export function findByPath(index: InstallIndex, path: string): InstallHit | undefined {
  const norm = normalizePath(path);
  const alt = norm.startsWith('/usr/') ? norm.slice(4) : `/usr${norm}`;
  const i = index.byPath.get(norm) ?? index.byPath.get(alt);
  return i === undefined ? undefined : hit(index, i, norm, false);
}

/** The package that installed a file with this base name (for object names and OCaml units). */
export function findByBase(index: InstallIndex, base: string): InstallHit | undefined {
  const hits = index.byBase.get(base);
  const first = hits?.[0];
  return first === undefined ? undefined : hit(index, first, base, (hits?.length ?? 0) > 1);
}

function hit(index: InstallIndex, i: number, file: string, ambiguous: boolean): InstallHit {
  const list = index.lists[i] as InstallList;
  return {
    package: list.package,
    version: list.version,
    evidence: list.evidence,
    file,
    source: list.source,
    ambiguous,
  };
}

/** Resolves `.` and `..` segments and doubled slashes, lexically (the linker writes `gcc/12/../../../crt1.o`). */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

/** The last path segment. */
export function baseName(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? path : path.slice(cut + 1);
}
