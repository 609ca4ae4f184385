import type { Language, Manifest } from './model/manifest.js';
import { measureLeafBytes, measureUnitBytes, type SizeBasis } from './size-basis.js';

/**
 * A node of the attribution tree the treemap draws: image → package → unit → symbol, sized on
 * one basis (file bytes unless asked otherwise), so that every level adds up to the level above
 * and, on the file basis, the root to the file size.
 */
export interface AttributionNode {
  name: string;
  kind: 'image' | 'package' | 'unit' | 'symbol' | 'rest';
  /** Bytes on the tree's basis (file bytes by default). */
  bytes: number;
  /** The unit's language; for a package, the language of most of its bytes. */
  language?: Language;
  /** For units: the index into `attribution.units`, to ask for its symbols. */
  unit?: number;
  /** For units whose symbols are not included: how many there are. */
  symbols?: number;
  children?: AttributionNode[];
}

/**
 * The tree down to units (symbols are asked for per unit: an image may hold 100,000 of them).
 * Nodes without bytes on the basis (`.bss` symbols, empty units, headers under `code`) are left
 * out: a treemap cannot show them, and they do not change any sum. Children are sorted by file
 * bytes, largest first, then name, whatever the basis: switching basis then keeps every
 * rectangle in its place in the order, and only its size changes.
 */
export function buildAttributionTree(m: Manifest, basis: SizeBasis = 'file'): AttributionNode {
  const { packages, units, leaves } = m.attribution;
  const leafBytes = measureLeafBytes(m, basis);
  const unitBytes = measureUnitBytes(m, basis);
  const symbolCounts = new Map<number, number>();
  for (let i = 0; i < leaves.unit.length; i++) {
    if ((leafBytes[i] as number) > 0)
      symbolCounts.set(leaves.unit[i] as number, (symbolCounts.get(leaves.unit[i] as number) ?? 0) + 1);
  }
  const unitsByPackage = new Map<string, Ranked[]>();
  units.forEach((u, index) => {
    const bytes = unitBytes[index] as number;
    if (bytes === 0) return;
    const list = unitsByPackage.get(u.package) ?? [];
    list.push({
      fileSize: u.fileSize,
      node: {
        name: u.name,
        kind: 'unit',
        bytes,
        language: u.language,
        unit: index,
        symbols: symbolCounts.get(index) ?? 0,
      },
    });
    unitsByPackage.set(u.package, list);
  });
  const children = packages.flatMap((p): Ranked[] => {
    const own = rankNodes(unitsByPackage.get(p.name) ?? []);
    const bytes = basis === 'file' ? p.fileSize : own.reduce((n, c) => n + c.bytes, 0);
    if (bytes === 0) return [];
    const node: AttributionNode = { name: p.name, kind: 'package', bytes, children: own };
    const language = dominantLanguage(p.languages);
    if (language) node.language = language;
    return [{ fileSize: p.fileSize, node }];
  });
  const ranked = rankNodes(children);
  const bytes = basis === 'file' ? m.identity.fileSize : ranked.reduce((n, c) => n + c.bytes, 0);
  return { name: m.identity.name, kind: 'image', bytes, children: ranked };
}

/** A node and the file bytes it is ordered by. */
interface Ranked {
  fileSize: number;
  node: AttributionNode;
}

function rankNodes(list: Ranked[]): AttributionNode[] {
  return list
    .sort(
      (a, b) =>
        b.fileSize - a.fileSize || (a.node.name < b.node.name ? -1 : a.node.name > b.node.name ? 1 : 0),
    )
    .map((r) => r.node);
}

/**
 * One unit with its symbols, the largest `limit` of them as nodes and the others summed into one
 * `rest` node, so that a unit of 50,000 symbols stays drawable and still adds up.
 */
export function buildUnitSymbols(
  m: Manifest,
  unitIndex: number,
  limit: number,
  basis: SizeBasis = 'file',
): AttributionNode | undefined {
  const unit = m.attribution.units[unitIndex];
  if (!unit) return undefined;
  const { leaves } = m.attribution;
  const leafBytes = measureLeafBytes(m, basis);
  const symbols: Ranked[] = [];
  for (let i = 0; i < leaves.unit.length; i++) {
    const bytes = leafBytes[i] as number;
    if (leaves.unit[i] !== unitIndex || bytes === 0) continue;
    symbols.push({
      fileSize: leaves.fileSize[i] as number,
      node: { name: leaves.name[i] as string, kind: 'symbol', bytes, language: unit.language },
    });
  }
  const sorted = rankNodes(symbols);
  const kept = sorted.slice(0, limit);
  const rest = sorted.slice(limit);
  if (rest.length > 0) {
    kept.push({
      name: `[${rest.length} smaller symbols]`,
      kind: 'rest',
      bytes: rest.reduce((n, s) => n + s.bytes, 0),
      language: unit.language,
    });
  }
  // `symbols` counts the unit's leaves with bytes on this basis.
  return {
    name: unit.name,
    kind: 'unit',
    bytes: sorted.reduce((n, s) => n + s.bytes, 0),
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
