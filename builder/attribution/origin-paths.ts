/**
 * Build paths that name the package a file came from. Package managers build each package in a
 * folder named after it, and that folder survives in linker maps (the archive's path) and in DWARF
 * (`DW_AT_comp_dir` + `DW_AT_name`): opam's `.opam-switch/build/<pkg>.<version>/`, opam-monorepo's
 * `duniverse/<dir>/`, Debian's `/build/<source>-<random>/<source>-<version>/`.
 */
import type { OpamLock } from '../opam/read-opam-lock.js';

/** The package a path names, and how. */
export interface PathOrigin {
  package: string;
  version?: string;
  /** Which layout the path follows. */
  layout: 'opam-build' | 'opam-source' | 'duniverse' | 'debian-build';
  /** Human-readable: what in the path names the package. */
  detail: string;
}

/** Packages per duniverse folder, from an opam-monorepo lock file (one repository can hold several packages). */
export type DuniverseIndex = ReadonlyMap<string, readonly { name: string; version: string }[]>;

// opam package names cannot contain a dot, so the first dot of `<pkg>.<version>` separates them.
const OPAM_DIR = /(?:^|\/)\.opam(?:-switch|\/[^/]+)\/(build|sources)\/([^/.]+)(?:\.([^/]+))?(?:\/|$)/;
const DUNIVERSE_DIR = /(?:^|\/)duniverse\/([^/]+)(?:\/|$)/;
// dpkg-buildpackage under sbuild/pbuilder: /build/<source>-<6 random chars>/<source>-<upstream version>/,
// or /build/reproducible-path/<source>-<upstream version>/.
const DEBIAN_DIR = /^\/build\/([^/]+)\/([a-z0-9][a-z0-9+.-]*)-(\d[^/-]*)(?:\/|$)/;

/** The package a path names, or undefined when its layout names none. */
export function originOfPath(path: string, duniverse?: DuniverseIndex): PathOrigin | undefined {
  const opam = OPAM_DIR.exec(path);
  if (opam) {
    const [, kind, name, version] = opam as unknown as [string, string, string, string | undefined];
    const origin: PathOrigin = {
      package: name,
      layout: kind === 'build' ? 'opam-build' : 'opam-source',
      detail: `opam ${kind} folder ${name}${version !== undefined ? `.${version}` : ''}`,
    };
    if (version !== undefined) origin.version = version;
    return origin;
  }
  const debian = DEBIAN_DIR.exec(path);
  const [, outer, source, version] = (debian ?? []) as unknown as [string, string?, string?, string?];
  // The outer folder repeats the source name (or is sbuild's fixed one): a plain /build/x/y-1 is no evidence.
  if (source !== undefined && version !== undefined && isDebianOuterFolder(outer ?? '', source)) {
    return {
      package: source,
      version,
      layout: 'debian-build',
      detail: `Debian build folder of source package ${source} ${version}`,
    };
  }
  const monorepo = DUNIVERSE_DIR.exec(path);
  if (monorepo) return duniverseOrigin(monorepo[1] as string, duniverse);
  return undefined;
}

function isDebianOuterFolder(outer: string, source: string): boolean {
  return (
    outer === 'reproducible-path' ||
    new RegExp(`^${source.replace(/[.+]/g, '\\$&')}-[A-Za-z0-9]{6}$`).test(outer)
  );
}

/**
 * A duniverse folder is named after the source repository, not a package: only the lock file's
 * `x-opam-monorepo-duniverse-dirs` and `pin-depends` say which package (and version) it builds.
 * Without a lock file, or when the repository holds several packages, the folder itself is recorded.
 */
function duniverseOrigin(dir: string, duniverse: DuniverseIndex | undefined): PathOrigin {
  const packages = duniverse?.get(dir) ?? [];
  const only = packages.length === 1 ? packages[0] : undefined;
  if (only)
    return {
      package: only.name,
      version: only.version,
      layout: 'duniverse',
      detail: `duniverse/${dir}, pinned as ${only.name}.${only.version} by the lock file`,
    };
  const why =
    duniverse === undefined
      ? 'no lock file given'
      : packages.length === 0
        ? 'the lock file pins no package there'
        : `the lock file pins ${packages.map((p) => `${p.name}.${p.version}`).join(', ')} there`;
  return { package: `duniverse/${dir}`, layout: 'duniverse', detail: `duniverse/${dir} (${why})` };
}

/** Folder → packages, joining the lock's duniverse folders (URL → folder) with its pins (package → URL). */
export function buildDuniverseIndex(lock: Pick<OpamLock, 'pins' | 'duniverseDirs'>): DuniverseIndex {
  const out = new Map<string, { name: string; version: string }[]>();
  for (const d of lock.duniverseDirs) {
    const pins = lock.pins.filter((p) => p.url === d.url).map((p) => ({ name: p.name, version: p.version }));
    out.set(
      d.dir,
      [...(out.get(d.dir) ?? []), ...pins].sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
  }
  return out;
}

/** `dir/name`, or `name` alone when it is absolute or there is no folder. */
export function joinSourcePath(dir: string | undefined, name: string): string {
  if (dir === undefined || dir === '' || name.startsWith('/')) return name;
  return `${dir.replace(/\/+$/, '')}/${name}`;
}
