import { COMPARISON_LAYERS, layerOfPackages, type ComparisonLayer } from './comparison-layers.js';
import type { Manifest } from './model/manifest.js';

/** Whether the kernel's boot-only (`.init.*`) and type-information (`.BTF`) sections count in the headline. */
export type KernelExtrasMode = 'exclude' | 'include';
/** The documented default: boot-only code is freed after boot and BTF is not executed, so they are left out. */
export const DEFAULT_KERNEL_EXTRAS: KernelExtrasMode = 'exclude';
/** Every value `--kernel-extras` accepts. */
export const KERNEL_EXTRAS_MODES: readonly KernelExtrasMode[] = ['exclude', 'include'];

/** Options of {@link measureTcbBytes}; all optional. */
export interface MeasureOptions {
  /** Count the kernel's `.init.*` and `.BTF` sections in loaded, code and memory bytes (default `exclude`). */
  kernelExtras?: KernelExtrasMode;
}

/**
 * One side's bytes, each metric defined once: what counts (`loaded`, `code`, `memory`) and what
 * is reported apart (`apart`), for an image and a stack alike.
 */
export interface TcbBytes {
  /** File bytes of allocated sections that occupy file space (`SHF_ALLOC`, not `SHT_NOBITS`). */
  loaded: number;
  /** File bytes of executable sections (`SHF_EXECINSTR`, a subset of `loaded`). */
  code: number;
  /** Memory bytes of allocated sections, `.bss` and other `NOBITS` sections included. */
  memory: number;
  /** Bytes in neither headline, reported apart. */
  apart: {
    /** File bytes between and after sections (alignment). */
    padding: number;
    /** ELF header, program and section headers. */
    structure: number;
    /** Sections that are not allocated: symbol and string tables, DWARF, notes kept off the load. */
    symbolsAndDebug: number;
    /** File bytes of the kernel's `.init.*` sections (freed once booted). */
    kernelBootOnly: number;
    /** File bytes of the kernel's `.BTF` type information. */
    kernelTypeInfo: number;
  };
}

/** A manifest measured: the whole side and its layers. */
export interface TcbMeasurement {
  kernelExtras: KernelExtrasMode;
  total: TcbBytes;
  layers: { name: ComparisonLayer; packages: string[]; bytes: TcbBytes }[];
}

/** What one leaf of the attribution is, by the section it lies in. */
type LeafClass = 'code' | 'data' | 'nonalloc' | 'padding' | 'structure';

/** An empty {@link TcbBytes}. */
export function emptyTcbBytes(): TcbBytes {
  return {
    loaded: 0,
    code: 0,
    memory: 0,
    apart: { padding: 0, structure: 0, symbolsAndDebug: 0, kernelBootOnly: 0, kernelTypeInfo: 0 },
  };
}

const STRUCTURE = new Set(['[ELF header]', '[program headers]', '[section headers]']);

/**
 * The class of each leaf. An image's regions are its sections with their ELF flags. A stack's
 * regions are whole files, so its leaves are the sections and its units say what they hold: the
 * stack builder puts executable sections in a code unit (language C), other allocated sections in
 * `[data]` and everything unallocated in `[metadata]`. A JS bundle has no sections: see below.
 */
function leafClassifier(m: Manifest): (leaf: number) => LeafClass {
  const { leaves, units } = m.attribution;
  if (m.kind === 'stack')
    return (i) => {
      const name = leaves.name[i] as string;
      if (name === '[padding]') return 'padding';
      if (STRUCTURE.has(name)) return 'structure';
      const language = units[leaves.unit[i] as number]?.language;
      return language === 'metadata' ? 'nonalloc' : language === 'data' ? 'data' : 'code';
    };
  return (i) => {
    const r = m.regions[leaves.region[i] as number];
    if (!r || r.kind === 'padding') return 'padding';
    // A JS bundle is one `file` region, all of it downloaded and parsed: its code is what the
    // bundle reader attributed to a source (JS, OCaml, or unmapped but code), the rest (whitespace,
    // comments: `metadata`) is loaded data.
    if (r.kind === 'file') {
      const language = units[leaves.unit[i] as number]?.language;
      return language === 'metadata' || language === 'data' ? 'data' : 'code';
    }
    if (r.kind !== 'section') return 'structure';
    if (!r.flags.includes('alloc')) return 'nonalloc';
    return r.flags.includes('exec') ? 'code' : 'data';
  };
}

/** The section a leaf lies in: an image's region, a stack's leaf name (its leaves are sections). */
function sectionOf(m: Manifest, i: number): string {
  const { leaves } = m.attribution;
  return m.kind === 'stack'
    ? (leaves.name[i] as string)
    : (m.regions[leaves.region[i] as number]?.name ?? '');
}

/** `boot` for `.init.*`, `btf` for `.BTF`, of the stack's kernel package only. */
function kernelExtraOf(
  m: Manifest,
  kernelPackage: string | undefined,
  pkg: string,
  i: number,
): 'boot' | 'btf' | undefined {
  if (kernelPackage === undefined || pkg !== kernelPackage) return undefined;
  const section = sectionOf(m, i);
  if (section.startsWith('.init.')) return 'boot';
  if (section === '.BTF') return 'btf';
  return undefined;
}

/** Adds leaf `i`'s bytes to `into`. */
function addLeaf(
  into: TcbBytes,
  cls: LeafClass,
  file: number,
  mem: number,
  extra: 'boot' | 'btf' | undefined,
  countExtras: boolean,
): void {
  if (cls === 'padding') into.apart.padding += file;
  else if (cls === 'structure') into.apart.structure += file;
  else if (cls === 'nonalloc') into.apart.symbolsAndDebug += file;
  else {
    if (extra === 'boot') into.apart.kernelBootOnly += file;
    if (extra === 'btf') into.apart.kernelTypeInfo += file;
    if (extra !== undefined && !countExtras) return;
    into.loaded += file;
    into.memory += mem;
    if (cls === 'code') into.code += file;
  }
}

/**
 * Measures one side, leaf by leaf (every file byte lies in exactly one leaf), so the whole and
 * its layers add up and an image and a stack are measured by the same rules.
 */
export function measureTcbBytes(m: Manifest, options: MeasureOptions = {}): TcbMeasurement {
  const kernelExtras = options.kernelExtras ?? DEFAULT_KERNEL_EXTRAS;
  const classify = leafClassifier(m);
  const layerOf = layerOfPackages(m);
  const { leaves, units } = m.attribution;
  const kernelPackage = m.kind === 'stack' ? m.stack?.kernel?.package : undefined;
  const total = emptyTcbBytes();
  const layers = new Map(
    COMPARISON_LAYERS.map((name) => [name, { bytes: emptyTcbBytes(), packages: new Set<string>() }]),
  );
  for (let i = 0; i < leaves.name.length; i++) {
    const pkg = units[leaves.unit[i] as number]?.package ?? 'unknown';
    const cls = classify(i);
    const extra = kernelExtraOf(m, kernelPackage, pkg, i);
    const file = leaves.fileSize[i] as number;
    const mem = leaves.memSize[i] as number;
    addLeaf(total, cls, file, mem, extra, kernelExtras === 'include');
    const layer = layers.get(layerOf(pkg));
    if (!layer) continue;
    addLeaf(layer.bytes, cls, file, mem, extra, kernelExtras === 'include');
    if (file > 0 && !pkg.startsWith('[')) layer.packages.add(pkg);
  }
  // A stack's layer lists every package of the layer, also those that load nothing.
  if (m.kind === 'stack')
    for (const l of m.stack?.layers ?? []) for (const p of l.packages) layers.get(l.name)?.packages.add(p);
  return {
    kernelExtras,
    total,
    layers: COMPARISON_LAYERS.map((name) => {
      const l = layers.get(name) as { bytes: TcbBytes; packages: Set<string> };
      return { name, packages: [...l.packages].sort(), bytes: l.bytes };
    }),
  };
}

/**
 * Each loaded file of a stack (its units' `library`) measured alone: what a test checks against
 * readelf's section table of the same file.
 */
export function measureStackFiles(m: Manifest, options: MeasureOptions = {}): Map<string, TcbBytes> {
  const countExtras = (options.kernelExtras ?? DEFAULT_KERNEL_EXTRAS) === 'include';
  const classify = leafClassifier(m);
  const { leaves, units } = m.attribution;
  const kernelPackage = m.stack?.kernel?.package;
  const out = new Map<string, TcbBytes>();
  for (let i = 0; i < leaves.name.length; i++) {
    const unit = units[leaves.unit[i] as number];
    const file = unit?.library ?? unit?.package ?? 'unknown';
    let bytes = out.get(file);
    if (!bytes) out.set(file, (bytes = emptyTcbBytes()));
    const extra = kernelExtraOf(m, kernelPackage, unit?.package ?? '', i);
    addLeaf(
      bytes,
      classify(i),
      leaves.fileSize[i] as number,
      leaves.memSize[i] as number,
      extra,
      countExtras,
    );
  }
  return out;
}
