import { isPseudoPackage } from '../model/is-pseudo-package.js';
import type { Manifest } from '../model/manifest.js';

/** What the gate measures of one image. */
export interface GateMetrics {
  /** Bytes of the file. */
  file: number;
  /** File-backed allocated sections: what a loader maps from the file. */
  loaded: number;
  /** Executable sections. */
  code: number;
  /** Code bytes whose unit is written in C or assembly. */
  cAndAssembly: number;
  /** File bytes per real package that puts bytes into the image, by name. */
  packages: Map<string, number>;
  /** Licence per contributing package, where the dependency metadata gives one. */
  licences: Map<string, string>;
}

/**
 * Measures a manifest for the gate. A metadata-only manifest (no regions) has no sizes; its packages
 * are the dependency graph's packages that are not build-only, since nothing else says what it links.
 */
export function measureGateMetrics(m: Manifest): GateMetrics {
  let loaded = 0;
  let code = 0;
  const codeRegions = new Set<number>();
  m.regions.forEach((r, i) => {
    if (r.kind !== 'section') return;
    if (r.flags.includes('alloc')) loaded += r.fileSize;
    if (r.flags.includes('exec')) {
      code += r.fileSize;
      codeRegions.add(i);
    }
  });
  return {
    file: m.identity.fileSize,
    loaded,
    code,
    cAndAssembly: sumCAndAssemblyCode(m, codeRegions),
    packages: contributingPackages(m),
    licences: new Map(
      m.dependencies.packages.flatMap((p) => (p.licence !== undefined ? [[p.name, p.licence] as const] : [])),
    ),
  };
}

function sumCAndAssemblyCode(m: Manifest, codeRegions: ReadonlySet<number>): number {
  const { leaves, units } = m.attribution;
  let sum = 0;
  for (let i = 0; i < leaves.name.length; i++) {
    if (!codeRegions.has(leaves.region[i] as number)) continue;
    const language = units[leaves.unit[i] as number]?.language;
    if (language === 'C' || language === 'assembly') sum += leaves.fileSize[i] as number;
  }
  return sum;
}

function contributingPackages(m: Manifest): Map<string, number> {
  const out = new Map<string, number>();
  if (m.regions.length === 0) {
    for (const p of m.dependencies.packages) if (!p.buildOnly) out.set(p.name, p.fileSize);
    return out;
  }
  for (const p of m.attribution.packages)
    if (!isPseudoPackage(p.name) && p.fileSize > 0) out.set(p.name, p.fileSize);
  return out;
}
