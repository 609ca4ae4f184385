import { isPseudoPackage } from './model/is-pseudo-package.js';
import type { Language, Manifest } from './model/manifest.js';

/** Headline figures of one manifest, computed from its regions and attribution. */
export interface ImageSummary {
  fileSize: number;
  memorySize: number;
  /** File bytes by language, over the whole file. */
  languages: Partial<Record<Language, number>>;
  /** Bytes of executable sections, and how many of them a named package (not bracketed, not `unknown`) holds. */
  code: { bytes: number; attributed: number; unknown: number; unattributed: number };
  /** Bytes per section name for the executable sections, by package (for "who owns .text"). */
  packages: {
    name: string;
    version?: string;
    fileSize: number;
    memSize: number;
    codeSize: number;
    share: number;
  }[];
}

/** Summarises a manifest for the text report and for checks such as "99% of .text is attributed". */
export function summarizeImage(m: Manifest): ImageSummary {
  const languages: Partial<Record<Language, number>> = {};
  for (const u of m.attribution.units) languages[u.language] = (languages[u.language] ?? 0) + u.fileSize;
  const code = { bytes: 0, attributed: 0, unknown: 0, unattributed: 0 };
  for (const p of m.attribution.packages) {
    code.bytes += p.codeSize;
    if (p.name === 'unknown') code.unknown += p.codeSize;
    else if (isPseudoPackage(p.name)) code.unattributed += p.codeSize;
    else code.attributed += p.codeSize;
  }
  const total = m.identity.fileSize || 1;
  return {
    fileSize: m.identity.fileSize,
    memorySize: m.identity.memorySize,
    languages,
    code,
    packages: m.attribution.packages.map((p) => {
      const row: ImageSummary['packages'][number] = {
        name: p.name,
        fileSize: p.fileSize,
        memSize: p.memSize,
        codeSize: p.codeSize,
        share: p.fileSize / total,
      };
      if (p.version !== undefined) row.version = p.version;
      return row;
    }),
  };
}

/** Bytes of one section (by name) per package, from the leaf table: e.g. who owns `.text`. */
export function sectionBytesByPackage(m: Manifest, sectionName: string): Map<string, number> {
  const out = new Map<string, number>();
  const { leaves, units } = m.attribution;
  for (let i = 0; i < leaves.name.length; i++) {
    const region = m.regions[leaves.region[i] as number];
    if (region?.name !== sectionName) continue;
    const pkg = (units[leaves.unit[i] as number] as { package: string }).package;
    out.set(pkg, (out.get(pkg) ?? 0) + (leaves.memSize[i] as number));
  }
  return out;
}
