import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectSolo5, readSolo5Truth, SOLO5_IMAGES } from '../test/support/solo5-build.js';
import { buildAttributionTree, buildUnitSymbols, type AttributionNode } from './build-attribution-tree.js';

const truth = readSolo5Truth();

/** Symbol names `nm -S` listed for the fixture when it was built. */
function nmNames(path: string): Set<string> {
  return new Set(
    readFileSync(`${path}.nm-S.txt`, 'utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/).pop() ?? '')
      .filter(Boolean),
  );
}

const sum = (nodes: readonly AttributionNode[] | undefined) => (nodes ?? []).reduce((n, c) => n + c.bytes, 0);

describe.each(SOLO5_IMAGES.map((image, i) => [image.name, image, truth[i]] as const))(
  'attribution tree of %s',
  (_name, image, t) => {
    const manifest = inspectSolo5(image.name);
    const tree = buildAttributionTree(manifest);

    it('has the file size stat gives at the root, and packages that add up to it', () => {
      expect(tree.bytes).toBe(t?.size);
      expect(sum(tree.children)).toBe(t?.size);
    });

    it('has units that add up to their package, largest first', () => {
      for (const p of tree.children ?? []) {
        expect(sum(p.children), p.name).toBe(p.bytes);
        const bytes = (p.children ?? []).map((u) => u.bytes);
        expect(bytes).toEqual([...bytes].sort((a, b) => b - a));
      }
    });

    it('gives every unit its symbols, adding up to the unit, named as nm names them', () => {
      const names = nmNames(t?.path as string);
      const units = (tree.children ?? []).flatMap((p) => p.children ?? []);
      let symbols = 0;
      for (const u of units) {
        const withSymbols = buildUnitSymbols(manifest, u.unit as number, 10_000);
        expect(sum(withSymbols?.children), u.name).toBe(u.bytes);
        expect(withSymbols?.symbols).toBe(u.symbols);
        for (const s of withSymbols?.children ?? [])
          if (!s.name.startsWith('[') && !s.name.startsWith('.')) {
            expect(names.has(s.name), s.name).toBe(true);
            symbols++;
          }
      }
      expect(symbols).toBeGreaterThan(0);
    });
  },
);

describe('buildUnitSymbols level of detail', () => {
  const manifest = inspectSolo5('solo5-hvt');
  const tree = buildAttributionTree(manifest);
  const unit = (tree.children ?? [])
    .flatMap((p) => p.children ?? [])
    .find((u) => (u.symbols ?? 0) >= 3) as AttributionNode;

  it('keeps the largest symbols and sums the others into one node, so the unit still adds up', () => {
    const cut = buildUnitSymbols(manifest, unit.unit as number, 1);
    expect(cut?.children).toHaveLength(2);
    expect(cut?.children?.[1]?.kind).toBe('rest');
    expect(cut?.children?.[1]?.name).toBe(`[${(unit.symbols as number) - 1} smaller symbols]`);
    expect(sum(cut?.children)).toBe(unit.bytes);
  });

  it('answers undefined for a unit that does not exist', () => {
    expect(buildUnitSymbols(manifest, manifest.attribution.units.length, 10)).toBeUndefined();
  });
});
