import type { DependencyPackage } from '../../analyzer/model/manifest.js';
import { packageEcosystem } from '../../analyzer/package-ecosystem.js';

/**
 * The package URL of a manifest package, for the two purl types whose packages tcbscope reads:
 * `pkg:opam/NAME@VERSION` (type `opam`, no namespace) and `pkg:deb/debian/NAME@VERSION` (type `deb`,
 * version required). Undefined for packages no package manager named (name rules, linker maps).
 *
 * Debian's `arch` and `distro` qualifiers are left out: the manifest does not record a package's
 * architecture (a package of one image can be `all` or the machine's) nor the release it came from,
 * and a wrong qualifier would name another file than the one that was used.
 */
export function packageUrlOf(pkg: DependencyPackage): string | undefined {
  const ecosystem = packageEcosystem(pkg);
  if (ecosystem === 'opam')
    return `pkg:opam/${encodePurlPart(pkg.name)}${pkg.version !== undefined ? `@${encodePurlPart(pkg.version)}` : ''}`;
  if (ecosystem === 'Debian' && pkg.version !== undefined)
    // The deb type's namespace and name are case-insensitive and written in lower case.
    return `pkg:deb/debian/${encodePurlPart(pkg.name.toLowerCase())}@${encodePurlPart(pkg.version)}`;
  return undefined;
}

/** Percent-encodes a purl name or version; `:` stays as it is (an epoch, `1:1.2.13.dfsg-1`), as purl requires. */
function encodePurlPart(text: string): string {
  return encodeURIComponent(text).replace(/%3A/gi, ':');
}
