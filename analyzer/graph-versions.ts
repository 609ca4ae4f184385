import type { Manifest } from './model/manifest.js';

/**
 * Each package's version: the attribution's, else the dependency graph's. A js bundle's
 * attribution names packages from its source map without versions, while its graph, read
 * from the build's metadata, has them; a reviewer needs the version wherever it is known.
 */
export function readPackageVersions(m: Manifest): Map<string, string> {
  const versions = new Map<string, string>();
  for (const p of m.dependencies.packages) if (p.version !== undefined) versions.set(p.name, p.version);
  for (const p of m.attribution.packages) if (p.version !== undefined) versions.set(p.name, p.version);
  return versions;
}
