import type { Evidence, Language, Manifest } from './model/manifest.js';
import { readPackageVersions } from './describe-image-audit.js';
import { measureLeafBytes, measureUnitBytes } from './size-basis.js';

/**
 * A node of the attribution tree the treemap draws: image → package → unit → symbol, with its
 * bytes on each basis (file, loaded, code), so that on every basis each level adds up to the
 * level above, and the root's file bytes to the file size.
 */
export interface AttributionNode {
  name: string;
  kind: 'image' | 'package' | 'unit' | 'symbol' | 'rest';
  /** File bytes. */
  bytes: number;
  /** File-backed bytes of allocated sections (see `size-basis.ts`). */
  loaded: number;
  /** Bytes of executable sections. */
  code: number;
  /** The unit's language; for a package, the language of most of its bytes. */
  language?: Language;
  /** For units: what the attribution rests on (the unit panel shows the record itself). */
  evidence?: Evidence;
  /** For packages: the version, from the attribution or else the dependency graph. */
  version?: string;
  /** For units: the index into `attribution.units`, to ask for its symbols. */
  unit?: number;
  /** For units whose symbols are not included: how many there are. */
  symbols?: number;
  children?: AttributionNode[];
}

/**
 * The tree down to units (symbols are asked for per unit: an image may hold 100,000 of them).
 * Nodes without file bytes (`.bss` symbols, empty units) are left out: a treemap cannot show
 * them, and they do not change any sum. Children are sorted by file bytes, largest first, then
 * name: the treemap keeps that order on every basis, so a basis switch changes sizes, not order.
 */
export function buildAttributionTree(m: Manifest): AttributionNode {
  const { packages, units, leaves } = m.attribution;
  const loaded = measureUnitBytes(m, 'loaded');
  const code = measureUnitBytes(m, 'code');
  const versions = readPackageVersions(m);
  const symbolCounts = new Map<number, number>();
  for (let i = 0; i < leaves.unit.length; i++) {
    if ((leaves.fileSize[i] as number) > 0)
      symbolCounts.set(leaves.unit[i] as number, (symbolCounts.get(leaves.unit[i] as number) ?? 0) + 1);
  }
  const unitsByPackage = new Map<string, AttributionNode[]>();
  units.forEach((u, index) => {
    if (u.fileSize === 0) return;
    const list = unitsByPackage.get(u.package) ?? [];
    list.push({
      name: u.name,
      kind: 'unit',
      bytes: u.fileSize,
      loaded: loaded[index] as number,
      code: code[index] as number,
      language: u.language,
      evidence: u.evidence,
      unit: index,
      symbols: symbolCounts.get(index) ?? 0,
    });
    unitsByPackage.set(u.package, list);
  });
  const children = packages
    .filter((p) => p.fileSize > 0)
    .map((p): AttributionNode => {
      const own = sortNodes(unitsByPackage.get(p.name) ?? []);
      const node: AttributionNode = {
        name: p.name,
        kind: 'package',
        bytes: p.fileSize,
        ...sumBases(own),
        children: own,
      };
      const language = dominantLanguage(p.languages);
      if (language) node.language = language;
      const version = versions.get(p.name);
      if (version !== undefined) node.version = version;
      return node;
    });
  const sorted = sortNodes(children);
  return {
    name: m.identity.name,
    kind: 'image',
    bytes: m.identity.fileSize,
    ...sumBases(sorted),
    children: sorted,
  };
}

function sumBases(nodes: readonly AttributionNode[]): { loaded: number; code: number } {
  return {
    loaded: nodes.reduce((n, c) => n + c.loaded, 0),
    code: nodes.reduce((n, c) => n + c.code, 0),
  };
}

function sortNodes(nodes: AttributionNode[]): AttributionNode[] {
  return nodes.sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * One unit with its symbols, the largest `limit` of them as nodes and the others summed into one
 * `rest` node, so that a unit of 50,000 symbols stays drawable and still adds up.
 */
export function buildUnitSymbols(m: Manifest, unitIndex: number, limit: number): AttributionNode | undefined {
  const unit = m.attribution.units[unitIndex];
  if (!unit) return undefined;
  const { leaves } = m.attribution;
  const loaded = measureLeafBytes(m, 'loaded');
  const code = measureLeafBytes(m, 'code');
  const symbols: AttributionNode[] = [];
  for (let i = 0; i < leaves.unit.length; i++) {
    if (leaves.unit[i] !== unitIndex || (leaves.fileSize[i] as number) === 0) continue;
    symbols.push({
      name: leaves.name[i] as string,
      kind: 'symbol',
      bytes: leaves.fileSize[i] as number,
      loaded: loaded[i] as number,
      code: code[i] as number,
      language: unit.language,
    });
  }
  const sorted = sortNodes(symbols);
  const kept = sorted.slice(0, limit);
  const rest = sorted.slice(limit);
  if (rest.length > 0) {
    kept.push({
      name: `[${rest.length} smaller symbols]`,
      kind: 'rest',
      bytes: rest.reduce((n, s) => n + s.bytes, 0),
      ...sumBases(rest),
      language: unit.language,
    });
  }
  return {
    name: unit.name,
    kind: 'unit',
    bytes: unit.fileSize,
    ...sumBases(sorted),
    language: unit.language,
    unit: unitIndex,
    symbols: symbols.length,
    children: kept,
  };
}

function dominantLanguage(languages: Partial<Record<Language, number>>): Language | undefined {
  let best: [Language, number] | undefined;
  for (const [language, bytes] of Object.entries(languages) as [Language, number][]) {
    if (!best || bytes > best[1] || (bytes === best[1] && language < best[0])) best = [language, bytes];
  }
  return best?.[0];
}
