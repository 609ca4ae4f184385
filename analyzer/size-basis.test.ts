import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectSolo5, SOLO5_DIR, SOLO5_IMAGES } from '../test/support/solo5-build.js';
import { buildAttributionTree, buildUnitSymbols } from './build-attribution-tree.js';
import { measureUnitBytes, parseSizeBasis } from './size-basis.js';

/** Loaded and code bytes from the section table `readelf -SW` printed when the fixture was built. */
function readelfBases(name: string): { loaded: number; code: number } {
  let loaded = 0;
  let code = 0;
  for (const line of readFileSync(join(SOLO5_DIR, `${name}.readelf-S.txt`), 'utf8').split('\n')) {
    const m =
      /^\s*\[\s*\d+\]\s+\S*\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([A-Za-z]*)\s/.exec(
        line,
      );
    if (!m || m[1] === 'NOBITS') continue;
    const size = parseInt(m[2] as string, 16);
    if (m[3]?.includes('A')) loaded += size;
    if (m[3]?.includes('X')) code += size;
  }
  return { loaded, code };
}

describe.each(SOLO5_IMAGES.map((image) => [image.name] as const))('size bases of %s', (name) => {
  const manifest = inspectSolo5(name);
  const truth = readelfBases(name);

  it('sums the loaded and code trees to what readelf’s section table gives', () => {
    const tree = buildAttributionTree(manifest);
    expect(tree.loaded).toBe(truth.loaded);
    expect(tree.code).toBe(truth.code);
    expect((tree.children ?? []).reduce((n, p) => n + p.code, 0)).toBe(truth.code);
    expect(measureUnitBytes(manifest, 'code').reduce((a, b) => a + b, 0)).toBe(truth.code);
  });

  it('gives a unit’s symbols the same bytes on every basis as its tree node', () => {
    const tree = buildAttributionTree(manifest);
    const unit = [...(tree.children ?? [])].sort((a, b) => b.code - a.code)[0]?.children?.[0];
    const symbols = unit && buildUnitSymbols(manifest, unit.unit as number, 2000);
    expect(unit?.code).toBeGreaterThan(0);
    expect([symbols?.bytes, symbols?.loaded, symbols?.code]).toEqual([unit?.bytes, unit?.loaded, unit?.code]);
  });
});

describe('parseSizeBasis', () => {
  it.each([
    ['file', 'file'],
    ['loaded', 'loaded'],
    ['code', 'code'],
    ['memory', undefined],
    [undefined, undefined],
  ])('%s → %s', (value, expected) => expect(parseSizeBasis(value)).toBe(expected));
});
