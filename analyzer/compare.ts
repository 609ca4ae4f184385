import { COMPARISON_LAYERS, type ComparisonLayer } from './comparison-layers.js';
import { describeStackBasis } from './describe-stack-basis.js';
import {
  measureTcbBytes,
  type KernelExtrasMode,
  type MeasureOptions,
  type TcbBytes,
  type TcbMeasurement,
} from './measure-tcb-bytes.js';
import { isPseudoPackage } from './model/is-pseudo-package.js';
import { measureCodeLanguages } from './measure-code-languages.js';
import type { Manifest } from './model/manifest.js';

/** One compared metric: both sides, their ratio (image ÷ stack), and what the metric counts. */
export interface ComparisonMetric {
  id:
    | 'code-bytes'
    | 'loaded-bytes'
    | 'memory-bytes'
    | 'installed-bytes'
    | 'packages'
    | 'c-asm-bytes'
    | 'memory-safe-bytes';
  label: string;
  image: number;
  stack: number;
  /** image ÷ stack; null when the stack side is 0. */
  ratio: number | null;
  /** How each side was measured, and what is in and out. */
  definition: string;
}

/**
 * One layer on both sides: the image's and the stack's bytes by the same rules, the packages of
 * each, and (for the reporters' stack table) the stack's figures flat.
 */
export interface LayerComparison {
  name: ComparisonLayer;
  /** The stack's packages in this layer. */
  packages: string[];
  /** The image's packages with bytes in this layer. */
  imagePackages: string[];
  image: TcbBytes;
  stack: TcbBytes;
  /** The stack layer's loaded bytes (= `stack.loaded`). */
  loadedSize: number;
  /** The stack layer's code bytes (= `stack.code`). */
  codeSize: number;
  /** Debian's Installed-Size over the stack layer's packages. */
  installedSize: number;
  /** The image's whole loaded bytes ÷ this stack layer's loaded bytes (null when the layer loads nothing). */
  imageOverLayer: number | null;
}

/** Where a stack figure comes from: the package, its version and the `.deb`'s SHA256. */
export interface StackProvenance {
  package: string;
  version?: string;
  sha256?: string;
  installedSize?: number;
}

/** The comparison of an image (or another stack) against a conventional stack. */
export interface Comparison {
  image: { name: string; kind: Manifest['kind']; target: string; sha256: string };
  stack: {
    name: string;
    target: string;
    sha256: string;
    roots: string[];
    kernel?: string;
    /** The date the stack was measured (`provenance.environment.measured`), when its manifest records one. */
    measuredAt?: string;
  };
  /** The headline names its metric and the stack's basis (`nginx + OpenSSL + glibc + Linux 6.1`). */
  headline: { metric: ComparisonMetric['id']; ratio: number | null; basis: string; sentence: string };
  metrics: ComparisonMetric[];
  /** Whether the kernel's `.init.*` and `.BTF` sections were counted (`--kernel-extras`). */
  kernelExtras: KernelExtrasMode;
  /** Bytes in no headline, on each side: padding, ELF structure, symbol and debug tables, kernel extras. */
  apart: { image: TcbBytes['apart']; stack: TcbBytes['apart'] };
  /** Language shares of each side's attributed bytes (C and assembly vs OCaml and JS). */
  languages: {
    image: { cAsm: number; memorySafe: number; other: number };
    stack: { cAsm: number; memorySafe: number; other: number };
  };
  layers: LayerComparison[];
  methodology: string[];
  provenance: StackProvenance[];
}

/** Installed bytes: a stack's closure installed size; an image is all it installs. */
export function measureInstalledBytes(m: Manifest): number {
  return m.kind === 'stack' ? (m.stack?.installedSize ?? 0) : m.identity.fileSize;
}

/** Packages: a stack's whole closure; an image's real packages that put bytes in it (see {@link isPseudoPackage}). */
export function countPackages(m: Manifest): number {
  if (m.kind === 'stack') return m.dependencies.packages.length;
  return m.attribution.packages.filter((p) => p.fileSize > 0 && !isPseudoPackage(p.name)).length;
}

/** Attributed file bytes by language family. */
export function measureLanguages(m: Manifest): { cAsm: number; memorySafe: number; other: number } {
  let cAsm = 0;
  let memorySafe = 0;
  let other = 0;
  for (const p of m.attribution.packages) {
    for (const [language, bytes] of Object.entries(p.languages)) {
      if (language === 'C' || language === 'assembly') cAsm += bytes ?? 0;
      else if (language === 'OCaml' || language === 'JS') memorySafe += bytes ?? 0;
      else other += bytes ?? 0;
    }
  }
  return { cAsm, memorySafe, other };
}

/**
 * Code bytes by language family, on the code-bytes basis of the headline: an image's code by the
 * language of the unit that holds it; a stack's code all counts as C (a stripped Debian file has no
 * DWARF to tell C from assembly), so its figure is the stack's code bytes, kernel extras as chosen.
 */
function measureCodeFamilies(m: Manifest, code: number): { cAsm: number; memorySafe: number } {
  if (m.kind === 'stack') return { cAsm: code, memorySafe: 0 };
  const l = measureCodeLanguages(m);
  return { cAsm: (l.C ?? 0) + (l.assembly ?? 0), memorySafe: (l.OCaml ?? 0) + (l.JS ?? 0) };
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/** Options of {@link compareManifests}; all optional. */
export type CompareOptions = MeasureOptions;

/** A ratio as a headline prints it: 2–3 significant digits, never rounded to 0 (`2.6%`, `14.8%`, `0.030%`). */
export function describeRatio(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return 'n/a';
  const pct = r * 100;
  if (pct === 0) return '0%';
  const text = pct >= 10 ? pct.toPrecision(3) : pct.toPrecision(2);
  return `${text.includes('e') ? pct.toFixed(1 - Math.floor(Math.log10(pct))) : text}%`;
}

/** `20817238` → `20,817,238`: the sentence is read by people, on pages as in the JSON. */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const LOADED_DEFINITION =
  'file bytes of allocated sections that occupy file space (SHF_ALLOC and not SHT_NOBITS), in the image file; for the stack, in the ELF files the service loads (its programs and their DT_NEEDED closure, loader included), the decompressed kernel ELF (vmlinux) and the selected modules. Out, on both sides and reported apart: ELF headers, padding, symbol and debug tables (every unallocated section).';

function definitions(kernelExtras: KernelExtrasMode): Record<ComparisonMetric['id'], string> {
  const extras =
    kernelExtras === 'exclude'
      ? " The kernel's boot-only sections (.init.*) and its type information (.BTF) are left out and reported apart (--kernel-extras exclude, the default)."
      : " The kernel's boot-only sections (.init.*) and its type information (.BTF) are counted (--kernel-extras include).";
  return {
    'code-bytes': `file bytes of executable sections (SHF_EXECINSTR), in the same files as loaded bytes.${extras}`,
    'loaded-bytes': LOADED_DEFINITION + extras,
    'memory-bytes': `memory bytes of allocated sections (SHF_ALLOC), .bss and other SHT_NOBITS sections included, in the same files as loaded bytes.${extras}`,
    'installed-bytes':
      "image: its file size (a unikernel installs nothing else); stack: the sum of Debian's Installed-Size (KiB × 1024) over the whole dependency closure (Depends + Pre-Depends, kernel package included). Out: Recommends, Suggests, files created at run time.",
    packages:
      'image: packages that contribute bytes to the image (pseudo-packages excluded: the bracketed ones, and `unknown` for units no metadata names); stack: every package of the dependency closure.',
    'c-asm-bytes': `code bytes (as above) whose unit language is C or assembly. For stacks every code byte counts as C (C and assembly cannot be told apart without DWARF).${extras}`,
    'memory-safe-bytes':
      'code bytes (as above) whose unit language is OCaml or JavaScript; a Debian stack has none.',
  };
}

const LABELS: Record<ComparisonMetric['id'], string> = {
  'code-bytes': 'code bytes',
  'loaded-bytes': 'loaded bytes',
  'memory-bytes': 'runtime memory bytes',
  'installed-bytes': 'installed bytes',
  packages: 'packages',
  'c-asm-bytes': 'bytes written in C or assembly',
  'memory-safe-bytes': 'bytes written in memory-safe languages',
};

/** The metric the headline gives: code is what runs, and it is measured alike on both sides. */
export const HEADLINE_METRIC: ComparisonMetric['id'] = 'code-bytes';

/** Compares an image manifest (or a stack manifest) with a stack manifest, metric by metric and layer by layer. */
export function compareManifests(image: Manifest, stack: Manifest, options: CompareOptions = {}): Comparison {
  const a = measureTcbBytes(image, options);
  const b = measureTcbBytes(stack, options);
  const imageLang = measureCodeFamilies(image, a.total.code);
  const stackLang = measureCodeFamilies(stack, b.total.code);
  const defs = definitions(a.kernelExtras);
  const figures: [ComparisonMetric['id'], number, number][] = [
    ['code-bytes', a.total.code, b.total.code],
    ['loaded-bytes', a.total.loaded, b.total.loaded],
    ['memory-bytes', a.total.memory, b.total.memory],
    ['installed-bytes', measureInstalledBytes(image), measureInstalledBytes(stack)],
    ['packages', countPackages(image), countPackages(stack)],
    ['c-asm-bytes', imageLang.cAsm, stackLang.cAsm],
    ['memory-safe-bytes', imageLang.memorySafe, stackLang.memorySafe],
  ];
  const metrics: ComparisonMetric[] = figures.map(([id, x, y]) => ({
    id,
    label: LABELS[id],
    image: x,
    stack: y,
    ratio: ratio(x, y),
    definition: defs[id],
  }));
  const headline = metrics.find((m) => m.id === HEADLINE_METRIC) as ComparisonMetric;
  const basis = describeStackBasis(stack);
  return {
    image: {
      name: image.identity.name,
      kind: image.kind,
      target: image.identity.target,
      sha256: image.identity.sha256,
    },
    stack: describeStackSide(stack),
    headline: {
      metric: headline.id,
      ratio: headline.ratio,
      basis,
      sentence: `${headline.label}: ${describeRatio(headline.ratio)} of ${basis} (${image.identity.name} ${groupDigits(headline.image)} vs ${stack.identity.name} ${groupDigits(headline.stack)} bytes).`,
    },
    metrics,
    kernelExtras: a.kernelExtras,
    apart: { image: a.total.apart, stack: b.total.apart },
    languages: { image: measureLanguages(image), stack: measureLanguages(stack) },
    layers: compareLayers(a, b, stack),
    methodology: [
      'Both sides are measured from manifests written by tcbscope with the same ELF reader and the same rules: every file byte lies in exactly one section, header or padding leaf, and each metric sums the leaves its definition names.',
      'Ratios are image ÷ stack; below 1 the image is smaller. The headline gives code bytes; loaded and runtime memory bytes are beside it.',
      `Padding, ELF structure and symbol and debug tables are in no headline figure on either side; the image's file is measured with its symbol tables and DWARF, the Debian files are stripped, and neither kind of bytes is counted. Kernel boot-only (.init.*) and type-information (.BTF) sections: ${a.kernelExtras === 'exclude' ? 'left out' : 'counted'} (--kernel-extras ${a.kernelExtras}); their sizes are listed apart.`,
      "The stack side is resolved from Debian's own dependency metadata and measured from the real .deb files, each verified against the index's SHA256 (listed under provenance).",
      "Layers: the stack's are the kernel package; the C library (libc6, libcrypt1); crypto/TLS libraries (libssl*, libgnutls*, ...); the root packages (server); everything else. The image's are its platform layer (Solo5, Xen bindings) as kernel; nolibc, openlibm or libc as C library; TLS and crypto libraries; HTTP libraries and the build's roots as server; the OCaml or JS runtime and standard library (and linker fill) as language runtime; everything else, unknown units included.",
      ...hostedCaveat(image),
      ...metadataOnlyCaveat(image),
    ],
    provenance: describeProvenance(stack),
  };
}

function describeStackSide(stack: Manifest): Comparison['stack'] {
  const out: Comparison['stack'] = {
    name: stack.identity.name,
    target: stack.identity.target,
    sha256: stack.identity.sha256,
    roots: [...(stack.stack?.roots ?? stack.dependencies.roots)],
  };
  if (stack.stack?.kernel) out.kernel = `${stack.stack.kernel.package} ${stack.stack.kernel.version}`;
  const measured = stack.provenance.environment.measured;
  if (measured !== undefined) out.measuredAt = measured;
  return out;
}

function describeProvenance(stack: Manifest): StackProvenance[] {
  return stack.dependencies.packages.map((p) => {
    const out: StackProvenance = { package: p.name };
    if (p.version !== undefined) out.version = p.version;
    if (p.sha256 !== undefined) out.sha256 = p.sha256;
    if (p.installedSize !== undefined) out.installedSize = p.installedSize;
    return out;
  });
}

function compareLayers(a: TcbMeasurement, b: TcbMeasurement, stack: Manifest): LayerComparison[] {
  const installed = new Map(stack.dependencies.packages.map((p) => [p.name, p.installedSize ?? 0]));
  return COMPARISON_LAYERS.map((name, i) => {
    const x = a.layers[i] as TcbMeasurement['layers'][number];
    const y = b.layers[i] as TcbMeasurement['layers'][number];
    return {
      name,
      packages: y.packages,
      imagePackages: x.packages,
      image: x.bytes,
      stack: y.bytes,
      loadedSize: y.bytes.loaded,
      codeSize: y.bytes.code,
      installedSize: y.packages.reduce((sum, p) => sum + (installed.get(p) ?? 0), 0),
      imageOverLayer: ratio(a.total.loaded, y.bytes.loaded),
    };
  });
}

/** A metadata-only manifest (from `tcbscope deps`) has no image: its byte figures are zeros, not measurements. */
function metadataOnlyCaveat(image: Manifest): string[] {
  if (image.kind !== 'image' || image.identity.format !== 'metadata') return [];
  return [
    `Caveat: ${image.identity.name} is a metadata-only manifest (dependency metadata, no image), so its byte figures are 0; inspect or build the image to compare bytes.`,
  ];
}

/** A hosted image (the `unix` target) runs on a host whose kernel and shared libraries it does not contain. */
function hostedCaveat(image: Manifest): string[] {
  const needed = image.platform.needed;
  if (image.kind !== 'image' || (needed.length === 0 && image.platform.interpreter === undefined)) return [];
  return [
    `Caveat: ${image.identity.name} is a hosted executable (target ${image.identity.target}); the shared objects it needs (${needed.join(', ') || 'none'}) and the host kernel are outside the image and not counted on its side, so its ratios understate its TCB.`,
  ];
}
