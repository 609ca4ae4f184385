import { isPseudoPackage } from './model/is-pseudo-package.js';
import type { Manifest } from './model/manifest.js';

/** One compared metric: both sides, their ratio (image ÷ stack), and what the metric counts. */
export interface ComparisonMetric {
  id: 'loaded-bytes' | 'code-bytes' | 'installed-bytes' | 'packages' | 'c-asm-bytes' | 'memory-safe-bytes';
  label: string;
  image: number;
  stack: number;
  /** image ÷ stack; null when the stack side is 0. */
  ratio: number | null;
  /** How each side was measured, and what is in and out. */
  definition: string;
}

/** The stack's figures for one layer, and the image's whole figure over it. */
export interface LayerComparison {
  name: string;
  packages: string[];
  loadedSize: number;
  codeSize: number;
  installedSize: number;
  /** The image's loaded bytes ÷ this layer's loaded bytes (null when the layer loads nothing). */
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
  stack: { name: string; target: string; sha256: string; roots: string[]; kernel?: string };
  headline: { metric: ComparisonMetric['id']; ratio: number | null; sentence: string };
  metrics: ComparisonMetric[];
  /** Language shares of each side's attributed bytes (C and assembly vs OCaml and JS). */
  languages: {
    image: { cAsm: number; memorySafe: number; other: number };
    stack: { cAsm: number; memorySafe: number; other: number };
  };
  layers: LayerComparison[];
  methodology: string[];
  provenance: StackProvenance[];
}

/** Sum of the file bytes of executable sections (for stacks: of every loaded file, kernel and modules). */
export function measureCodeBytes(m: Manifest): number {
  if (m.kind === 'stack') return m.attribution.packages.reduce((sum, p) => sum + p.codeSize, 0);
  return m.regions
    .filter((r) => r.kind === 'section' && r.flags.includes('exec'))
    .reduce((sum, r) => sum + r.fileSize, 0);
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

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/** Compares an image manifest (or a stack manifest) with a stack manifest, metric by metric. */
export function compareManifests(image: Manifest, stack: Manifest): Comparison {
  const imageLang = measureLanguages(image);
  const stackLang = measureLanguages(stack);
  const side = (m: Manifest): string => (m.kind === 'stack' ? 'stack' : 'image');
  const metric = (
    id: ComparisonMetric['id'],
    label: string,
    a: number,
    b: number,
    definition: string,
  ): ComparisonMetric => ({ id, label, image: a, stack: b, ratio: ratio(a, b), definition });
  const metrics: ComparisonMetric[] = [
    metric(
      'loaded-bytes',
      'loaded binary bytes',
      image.identity.fileSize,
      stack.identity.fileSize,
      `image: the ${side(image)} file size on disk (identity.fileSize); stack: the ELF files the service loads (its programs and their DT_NEEDED closure, loader included) + the decompressed kernel ELF (vmlinux) + the selected modules. Out: configuration, data files, the compressed kernel image, userland outside the service's closure.`,
    ),
    metric(
      'code-bytes',
      'code bytes (executable sections)',
      measureCodeBytes(image),
      measureCodeBytes(stack),
      'file bytes of sections flagged executable (SHF_EXECINSTR) in the same files as "loaded binary bytes". Out: data, relocations, symbol and debug tables, headers, padding.',
    ),
    metric(
      'installed-bytes',
      'installed bytes',
      measureInstalledBytes(image),
      measureInstalledBytes(stack),
      "image: its file size (a unikernel installs nothing else); stack: the sum of Debian's Installed-Size (KiB × 1024) over the whole dependency closure (Depends + Pre-Depends, kernel package included). Out: Recommends, Suggests, files created at run time.",
    ),
    metric(
      'packages',
      'packages',
      countPackages(image),
      countPackages(stack),
      'image: packages that contribute bytes to the image (pseudo-packages excluded: the bracketed ones, and `unknown` for units no metadata names); stack: every package of the dependency closure.',
    ),
    metric(
      'c-asm-bytes',
      'bytes written in C or assembly',
      imageLang.cAsm,
      stackLang.cAsm,
      'attributed file bytes whose unit language is C or assembly. For stacks every executable section of a Debian ELF file counts as C (C and assembly cannot be told apart without DWARF); data and metadata bytes are not counted.',
    ),
    metric(
      'memory-safe-bytes',
      'bytes written in memory-safe languages',
      imageLang.memorySafe,
      stackLang.memorySafe,
      'attributed file bytes whose unit language is OCaml or JavaScript.',
    ),
  ];
  const headline = metrics[0] as ComparisonMetric;
  const percent = headline.ratio === null ? 'n/a' : `${Number((headline.ratio * 100).toPrecision(3))}%`;
  const layers: LayerComparison[] = (stack.stack?.layers ?? []).map((l) => ({
    ...l,
    packages: [...l.packages],
    imageOverLayer: ratio(image.identity.fileSize, l.loadedSize),
  }));
  const provenance: StackProvenance[] = stack.dependencies.packages.map((p) => {
    const out: StackProvenance = { package: p.name };
    if (p.version !== undefined) out.version = p.version;
    if (p.sha256 !== undefined) out.sha256 = p.sha256;
    if (p.installedSize !== undefined) out.installedSize = p.installedSize;
    return out;
  });
  const stackInfo: Comparison['stack'] = {
    name: stack.identity.name,
    target: stack.identity.target,
    sha256: stack.identity.sha256,
    roots: [...(stack.stack?.roots ?? stack.dependencies.roots)],
  };
  if (stack.stack?.kernel) stackInfo.kernel = `${stack.stack.kernel.package} ${stack.stack.kernel.version}`;
  return {
    image: {
      name: image.identity.name,
      kind: image.kind,
      target: image.identity.target,
      sha256: image.identity.sha256,
    },
    stack: stackInfo,
    headline: {
      metric: headline.id,
      ratio: headline.ratio,
      sentence: `${image.identity.name} loads ${percent} of the binary bytes of ${stack.identity.name} (${headline.image} vs ${headline.stack} bytes).`,
    },
    metrics,
    languages: { image: imageLang, stack: stackLang },
    layers,
    methodology: [
      'Both sides are measured from manifests written by tcbscope with the same ELF reader: every byte of every counted file lies in exactly one region, and sizes are file bytes.',
      'Ratios are image ÷ stack; below 1 the image is smaller.',
      "The stack side is resolved from Debian's own dependency metadata and measured from the real .deb files, each verified against the index's SHA256 (listed under provenance).",
      'Layers split the stack by package: the kernel package; the C library (libc6, libcrypt1); crypto/TLS libraries (libssl*, libgnutls*, ...); the root packages (server); everything else.',
      ...hostedCaveat(image),
      ...metadataOnlyCaveat(image),
    ],
    provenance,
  };
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
