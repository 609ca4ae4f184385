/** Builds manifests of the shared unikernels through the library, as `inspect` does, with or without the map. */
import { readFileSync } from 'node:fs';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { readElf } from '../../builder/elf/read-elf.js';
import { buildImageManifest } from '../../builder/image/build-image-manifest.js';
import { readLdMap } from '../../builder/linker-map/read-ld-map.js';
import { loadRules } from '../../pipeline/io/load-rules.js';
import { sha256Hex } from '../../pipeline/io/read-input-file.js';
import { imagePath, readMapText } from './unikernel-data.js';

const cache = new Map<string, Manifest>();

/** The manifest of `kv.<target>` (or its stripped copy), with its GNU ld map or without it. */
export function inspectUnikernel(target: string, options: { map: boolean; stripped?: boolean }): Manifest {
  const key = `${target}|${options.map}|${options.stripped ?? false}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const bytes = readFileSync(imagePath(target, options.stripped));
  const manifest = buildImageManifest({
    name: `kv.${target}`,
    elf: readElf(bytes),
    sha256: sha256Hex(bytes),
    map: options.map ? readLdMap(readMapText(target)) : undefined,
    rules: loadRules(),
    provenance: { tool: 'tcbscope', toolVersion: 'test', command: [], environment: {}, inputs: [] },
  });
  cache.set(key, manifest);
  return manifest;
}

/** `.text` bytes per (unit index), from the leaves. */
export function textBytesByUnit(manifest: Manifest): Map<number, number> {
  const text = manifest.regions.findIndex((r) => r.name === '.text');
  const { leaves } = manifest.attribution;
  const out = new Map<number, number>();
  for (let i = 0; i < leaves.unit.length; i++) {
    if (leaves.region[i] !== text) continue;
    const unit = leaves.unit[i] as number;
    out.set(unit, (out.get(unit) ?? 0) + (leaves.memSize[i] as number));
  }
  return out;
}

/** The map input a unit's evidence names (`seen as map stdlib.a(list.o)`), or `*fill*` for alignment fill. */
export function mapLabelOf(unit: Manifest['attribution']['units'][number]): string | undefined {
  if (unit.name === '[alignment fill]' || unit.name === '[linker fill]') return '*fill*';
  const label = /seen as map ([^,;\s]+)/.exec(unit.evidenceDetail ?? '')?.[1];
  return label?.replace(/^camlstartup[0-9a-f]+\.o$/, 'camlstartup.o');
}

/** Code bytes of the packages that name no origin: `unknown` and `[unattributed]`. */
export function unnamedCodeBytes(manifest: Manifest): number {
  return manifest.attribution.packages
    .filter((p) => p.name === 'unknown' || p.name === '[unattributed]')
    .reduce((sum, p) => sum + p.codeSize, 0);
}

/** `.text` leaves as address ranges with a label, sorted by address. */
interface LabelledRange {
  start: number;
  end: number;
  label: string;
}

function textRanges(
  manifest: Manifest,
  label: (unit: Manifest['attribution']['units'][number]) => string,
): LabelledRange[] {
  const text = manifest.regions.findIndex((r) => r.name === '.text');
  const { leaves, units } = manifest.attribution;
  const out: LabelledRange[] = [];
  for (let i = 0; i < leaves.unit.length; i++) {
    if (leaves.region[i] !== text) continue;
    const start = leaves.address[i] as number;
    const unit = units[leaves.unit[i] as number] as Manifest['attribution']['units'][number];
    out.push({ start, end: start + (leaves.memSize[i] as number), label: label(unit) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * `.text` bytes per (library, package) of a manifest built without the map, where each byte's
 * library is the one the map-built manifest of the same image gives it through the truth's member
 * list (`libraryOf` maps a map-built unit to its library group).
 */
export function textByLibraryWithoutMap(
  withMap: Manifest,
  withoutMap: Manifest,
  libraryOf: (unit: Manifest['attribution']['units'][number]) => string,
): Map<string, Map<string, number>> {
  const libraries = textRanges(withMap, libraryOf);
  const out = new Map<string, Map<string, number>>();
  let j = 0;
  for (const leaf of textRanges(withoutMap, (u) => u.package)) {
    for (let at = leaf.start; at < leaf.end;) {
      while (j < libraries.length && (libraries[j] as LabelledRange).end <= at) j++;
      const lib = libraries[j];
      const inside = lib !== undefined && lib.start <= at;
      const end = Math.min(leaf.end, lib === undefined ? leaf.end : inside ? lib.end : lib.start);
      const key = inside ? lib.label : '[outside every map input]';
      const perPackage = out.get(key) ?? new Map<string, number>();
      perPackage.set(leaf.label, (perPackage.get(leaf.label) ?? 0) + end - at);
      out.set(key, perPackage);
      at = end;
    }
  }
  return out;
}
