import type { Manifest } from './model/manifest.js';

/**
 * What a byte count counts, as the comparison metrics define it: `file` = bytes of the file on
 * disk; `loaded` = file-backed bytes of allocated sections (what the loader maps); `code` = bytes
 * of executable sections. Headers, symbol and debug tables count only under `file`. For a
 * JavaScript bundle, `loaded` is the whole file and `code` leaves out whitespace and comments.
 */
export type SizeBasis = 'file' | 'loaded' | 'code';

/** Every basis, in the order the treemap's switch lists them. */
export const SIZE_BASES: readonly SizeBasis[] = ['file', 'loaded', 'code'];

/** Reads a basis from a query value; anything else is undefined (the caller picks its default or refuses). */
export function parseSizeBasis(value: unknown): SizeBasis | undefined {
  return SIZE_BASES.find((b) => b === value);
}

/**
 * Bytes of each leaf of the manifest on one basis: its file bytes when its region counts on that
 * basis, else 0. One pass over the regions, then one over the leaves.
 */
export function measureLeafBytes(m: Manifest, basis: SizeBasis): number[] {
  const { leaves } = m.attribution;
  if (basis === 'file') return leaves.fileSize;
  // A bundle is one region without ELF flags: a browser loads all of it, and everything but
  // whitespace and comments (the `metadata` units) is code, as the bundle's `codeSize` counts it.
  if (m.identity.format === 'js') {
    if (basis === 'loaded') return leaves.fileSize;
    const isCode = m.attribution.units.map((u) => u.language !== 'metadata');
    return leaves.fileSize.map((bytes, i) => (isCode[leaves.unit[i] as number] ? bytes : 0));
  }
  const flag = basis === 'loaded' ? 'alloc' : 'exec';
  const counts = m.regions.map((r) => r.flags.includes(flag));
  return leaves.fileSize.map((bytes, i) => (counts[leaves.region[i] as number] ? bytes : 0));
}

/** Bytes of each unit (by index into `attribution.units`) on one basis, summed from its leaves. */
export function measureUnitBytes(m: Manifest, basis: SizeBasis): number[] {
  if (basis === 'file') return m.attribution.units.map((u) => u.fileSize);
  const bytes = measureLeafBytes(m, basis);
  const out = new Array<number>(m.attribution.units.length).fill(0);
  const { unit } = m.attribution.leaves;
  for (let i = 0; i < bytes.length; i++) {
    const u = unit[i] as number;
    out[u] = (out[u] as number) + (bytes[i] as number);
  }
  return out;
}
