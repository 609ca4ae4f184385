import { countPackages } from './compare.js';
import { measureCAsmCode } from './measure-code-languages.js';
import type { Manifest, Solo5Device } from './model/manifest.js';
import { summarizeImage, type ImageSummary } from './summarize-image.js';

/**
 * One target of a build, as the build page shows it beside the others: the figures a reviewer
 * compares across targets, each computed from that target's manifest alone.
 */
export interface TargetFigures {
  target: string;
  name: string;
  arch: string;
  format: string;
  sha256: string;
  /** Bytes of the image file. */
  fileSize: number;
  /** Bytes once loaded (allocated sections, `.bss` included); a JavaScript bundle's is its file size. */
  memorySize: number;
  /** Bytes of executable sections (for `js`: the bundle without whitespace and comments). */
  codeSize: number;
  /** Real packages (not bracketed, not `unknown`) that put at least one byte in the image. */
  linkedPackages: number;
  /** Packages of the dependency graph, build-only ones included. */
  graphPackages: number;
  /** Packages of the graph needed only to build (compiler, dune, ppx): trusted at build time, absent from the image. */
  buildOnlyPackages: number;
  /**
   * Code bytes written in C or assembly, and their share of the code bytes of known language
   * (OCaml, C, assembly, JS; null when there are none): a share of code, not of file bytes, which
   * debug tables and data would dilute.
   */
  cAsmBytes: number;
  cAsmShare: number | null;
  /** Solo5 devices the image declares (its manifest note); empty when it has none. */
  devices: Solo5Device[];
  /** Shared objects a hosted image loads from the host (DT_NEEDED): outside the image, inside its TCB. */
  needed: string[];
  /** What a browser downloads, for `js` images. */
  downloads?: { gzip: number; brotli: number };
  /** Diagnostics the manifest carries, by severity. */
  warnings: number;
}

/** The figures of one target; pass the image's summary when the caller has it already. */
export function summarizeTarget(m: Manifest, summary: ImageSummary = summarizeImage(m)): TargetFigures {
  const cAsm = measureCAsmCode(m);
  const figures: TargetFigures = {
    target: m.identity.target,
    name: m.identity.name,
    arch: m.identity.arch,
    format: m.identity.format,
    sha256: m.identity.sha256,
    fileSize: m.identity.fileSize,
    memorySize: m.identity.memorySize,
    codeSize: summary.code.bytes,
    linkedPackages: countPackages(m),
    graphPackages: m.dependencies.packages.length,
    buildOnlyPackages: m.dependencies.packages.filter((p) => p.buildOnly).length,
    cAsmBytes: cAsm.bytes,
    cAsmShare: cAsm.share,
    devices: m.platform.solo5?.manifest?.devices ?? [],
    needed: [...m.platform.needed].sort(compareText),
    warnings: m.diagnostics.filter((d) => d.severity === 'warning').length,
  };
  if (m.downloads) figures.downloads = { gzip: m.downloads.gzip, brotli: m.downloads.brotli };
  return figures;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
