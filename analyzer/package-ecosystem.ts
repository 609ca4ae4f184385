import type { DependencyPackage } from './model/manifest.js';

/**
 * The package universe a dependency comes from, named as OSV names ecosystems: its versions are
 * ordered by that universe's rules, and package URLs and advisories are looked up in it.
 */
export type PackageEcosystem = 'opam' | 'Debian';

// `origin` joins the evidence that named a package with `+` (`dpkg+linker-map`, `findlib+dpkg`): any
// part that is a package manager's own metadata says where the name and version come from.
const OPAM_ORIGINS = new Set(['opam-lock', 'opam-switch']);
const DEBIAN_ORIGINS = new Set(['dpkg', 'debian-index']);

/**
 * The ecosystem of a manifest package, from the metadata that listed it; undefined when only a name
 * rule, a linker map or the build configuration named it (no package manager vouches for the name).
 */
export function packageEcosystem(pkg: Pick<DependencyPackage, 'origin'>): PackageEcosystem | undefined {
  const parts = pkg.origin.split('+');
  if (parts.some((p) => OPAM_ORIGINS.has(p))) return 'opam';
  if (parts.some((p) => DEBIAN_ORIGINS.has(p))) return 'Debian';
  return undefined;
}
