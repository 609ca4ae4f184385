import { readPackageVersions } from './describe-image-audit.js';
import type { Evidence, Language, Manifest, UnitRecord } from './model/manifest.js';
import { measureLeafBytes } from './size-basis.js';

/** Everything the unit panel shows about one unit: where it comes from, on what evidence, and what it holds. */
export interface UnitDetail {
  /** Index into `attribution.units`. */
  unit: number;
  name: string;
  package: string;
  /** The package's version, from the attribution or else from the dependency graph. */
  version?: string;
  library?: string;
  language: Language;
  evidence: Evidence;
  /** The concrete evidence record: install-list file, DWARF unit, map line, rule id. */
  evidenceDetail?: string;
  /** The unit's bytes on each basis, and in memory (`.bss` included). */
  bytes: { file: number; loaded: number; code: number; memory: number };
  /** Evidence kinds of the unit's whole package, with file bytes per kind: how the package was recognised. */
  packageEvidence: { evidence: Evidence; bytes: number }[];
  /** Bytes per region (section) the unit's leaves lie in, largest first. */
  sections: { name: string; fileSize: number; memSize: number }[];
  /** How many leaves (symbols and gaps) the unit has, and the largest `limit` of them. */
  symbolCount: number;
  symbols: { name: string; section: string; address: number; fileSize: number; memSize: number }[];
}

/** The detail of unit `index` of the manifest, or undefined when there is no such unit. */
export function describeUnit(m: Manifest, index: number, limit: number): UnitDetail | undefined {
  if (!m.attribution.units[index]) return undefined;
  const leaves: number[] = [];
  m.attribution.leaves.unit.forEach((u, i) => {
    if (u === index) leaves.push(i);
  });
  return detailOf(m, index, leaves, new UnitContext(m), limit);
}

/** The detail of every unit, in one pass over the leaves (a report file embeds them all). */
export function describeUnits(m: Manifest, limit: number): UnitDetail[] {
  const byUnit = m.attribution.units.map((): number[] => []);
  m.attribution.leaves.unit.forEach((u, i) => byUnit[u]?.push(i));
  const context = new UnitContext(m);
  return byUnit.map((leaves, index) => detailOf(m, index, leaves, context, limit));
}

/** What every unit's detail reads, computed once per manifest. */
class UnitContext {
  readonly loaded: number[];
  readonly code: number[];
  readonly versions: Map<string, string>;
  constructor(m: Manifest) {
    this.loaded = measureLeafBytes(m, 'loaded');
    this.code = measureLeafBytes(m, 'code');
    this.versions = readPackageVersions(m);
  }
}

function detailOf(
  m: Manifest,
  index: number,
  leafIndices: number[],
  ctx: UnitContext,
  limit: number,
): UnitDetail {
  const u = m.attribution.units[index] as UnitRecord;
  const { leaves } = m.attribution;
  const bytes = { file: 0, loaded: 0, code: 0, memory: 0 };
  const sections = new Map<string, { name: string; fileSize: number; memSize: number }>();
  const symbols: UnitDetail['symbols'] = [];
  for (const i of leafIndices) {
    const fileSize = leaves.fileSize[i] as number;
    const memSize = leaves.memSize[i] as number;
    bytes.file += fileSize;
    bytes.loaded += ctx.loaded[i] as number;
    bytes.code += ctx.code[i] as number;
    bytes.memory += memSize;
    const section = m.regions[leaves.region[i] as number]?.name ?? '?';
    const s = sections.get(section) ?? { name: section, fileSize: 0, memSize: 0 };
    s.fileSize += fileSize;
    s.memSize += memSize;
    sections.set(section, s);
    symbols.push({
      name: leaves.name[i] as string,
      section,
      address: leaves.address[i] as number,
      fileSize,
      memSize,
    });
  }
  const pkg = m.attribution.packages.find((p) => p.name === u.package);
  const version = ctx.versions.get(u.package);
  const detail: UnitDetail = {
    unit: index,
    name: u.name,
    package: u.package,
    language: u.language,
    evidence: u.evidence,
    bytes,
    packageEvidence: (Object.entries(pkg?.evidence ?? {}) as [Evidence, number][])
      .map(([evidence, n]) => ({ evidence, bytes: n }))
      .sort((a, b) => b.bytes - a.bytes || compareText(a.evidence, b.evidence)),
    sections: [...sections.values()].sort(
      (a, b) => b.fileSize - a.fileSize || b.memSize - a.memSize || compareText(a.name, b.name),
    ),
    symbolCount: symbols.length,
    symbols: symbols
      .sort(
        (a, b) =>
          b.fileSize - a.fileSize ||
          b.memSize - a.memSize ||
          compareText(a.name, b.name) ||
          a.address - b.address,
      )
      .slice(0, limit),
  };
  if (version !== undefined) detail.version = version;
  if (u.library !== undefined) detail.library = u.library;
  if (u.evidenceDetail !== undefined) detail.evidenceDetail = u.evidenceDetail;
  return detail;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
