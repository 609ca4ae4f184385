/**
 * Every closed list of the manifest, defined once. Types are derived from these arrays, code that
 * needs the values at run time (validation, messages, colour tables) imports them, and
 * `manifest-schema.test.ts` checks that each enum of manifest.schema.json equals its array here.
 */

/** The manifest kinds: one image, or one conventional stack. */
export const MANIFEST_KINDS = ['image', 'stack'] as const;
/** An element of {@link MANIFEST_KINDS}. */
export type ManifestKind = (typeof MANIFEST_KINDS)[number];

/**
 * Solo5 targets in the order of the ABI note's target code (Solo5's elf_abi.h): code = index + 1,
 * so `hvt` is 1 and `xen` is 6.
 */
export const SOLO5_TARGETS = ['hvt', 'spt', 'virtio', 'muen', 'genode', 'xen'] as const;
/** An element of {@link SOLO5_TARGETS}. */
export type Solo5Target = (typeof SOLO5_TARGETS)[number];

/**
 * Targets a unikernel is built for: Solo5's, `stub` (Solo5's manifest without an ABI note),
 * mirage's hosted ones (`unix`, `macosx`) and js_of_ocaml's `js`.
 */
export const BUILD_TARGETS = [...SOLO5_TARGETS, 'stub', 'unix', 'macosx', 'js'] as const;
/** An element of {@link BUILD_TARGETS}. */
export type BuildTarget = (typeof BUILD_TARGETS)[number];

/** A dependency edge kind, from opam's filters and Debian's fields. */
export const EDGE_KINDS = [
  'runtime',
  'build',
  'test',
  'doc',
  'post',
  'dev',
  'pre-depends',
  'optional',
] as const;
/** An element of {@link EDGE_KINDS}. */
export type EdgeKind = (typeof EDGE_KINDS)[number];

/**
 * Edge kinds along which a package ends up linked into the program (opam's unfiltered depends and
 * depopts, Debian's Depends and Pre-Depends); the others are trusted at build time only.
 */
export const LINKING_EDGE_KINDS = [
  'runtime',
  'optional',
  'pre-depends',
] as const satisfies readonly EdgeKind[];

/** True for the kinds of {@link LINKING_EDGE_KINDS}. */
export function isLinkingEdge(kind: EdgeKind): boolean {
  return (LINKING_EDGE_KINDS as readonly EdgeKind[]).includes(kind);
}

/** The language a byte was written in. `data` is tables and constants; `metadata` is the container's own bytes. */
export const LANGUAGES = ['OCaml', 'C', 'assembly', 'JS', 'data', 'metadata', 'unknown'] as const;
/** An element of {@link LANGUAGES}. */
export type Language = (typeof LANGUAGES)[number];

/**
 * What an attribution rests on, strongest first. `unknown` means nothing matched: it is reported, never hidden.
 * `structure` is the container format itself (ELF headers, section tables): certain by construction.
 */
export const EVIDENCE_KINDS = [
  'structure',
  'install-list',
  'findlib',
  'dune-package',
  'dpkg',
  'dwarf',
  'linker-map',
  'source-map',
  'unit-marker',
  'name-rule',
  'js-parse',
  'unknown',
] as const;
/** An element of {@link EVIDENCE_KINDS}. */
export type Evidence = (typeof EVIDENCE_KINDS)[number];

/** What a region of the file is: ELF structure, a section, padding, or a whole file (a JS bundle, a stack's file). */
export const REGION_KINDS = [
  'elf-header',
  'program-headers',
  'section',
  'section-headers',
  'padding',
  'file',
] as const;
/** An element of {@link REGION_KINDS}. */
export type RegionKind = (typeof REGION_KINDS)[number];

/** ELF file types (`e_type`) by name; `other` for the OS- and processor-specific ranges. */
export const ELF_TYPES = ['exec', 'dyn', 'rel', 'core', 'other'] as const;
/** An element of {@link ELF_TYPES}. */
export type ElfType = (typeof ELF_TYPES)[number];

/** The layers a conventional stack is reported in, in report order. */
export const STACK_LAYER_NAMES = ['kernel', 'C library', 'crypto/TLS', 'server', 'other'] as const;
/** An element of {@link STACK_LAYER_NAMES}. */
export type StackLayerName = (typeof STACK_LAYER_NAMES)[number];

/** How a stack's kernel modules were chosen: a profile's list, or every module the package ships. */
export const KERNEL_MODULE_MODES = ['list', 'all'] as const;
/** An element of {@link KERNEL_MODULE_MODES}. */
export type KernelModuleMode = (typeof KERNEL_MODULE_MODES)[number];

/** How much a diagnostic matters; none of them stops a measurement. */
export const DIAGNOSTIC_SEVERITIES = ['info', 'warning'] as const;
/** An element of {@link DIAGNOSTIC_SEVERITIES}. */
export type DiagnosticSeverity = (typeof DIAGNOSTIC_SEVERITIES)[number];

/** Solo5 device kinds, by MFT1 entry type: 1 block, 2 net; any other code is `unknown`. */
export const SOLO5_DEVICE_KINDS = ['block', 'net', 'unknown'] as const;
/** An element of {@link SOLO5_DEVICE_KINDS}. */
export type Solo5DeviceKind = (typeof SOLO5_DEVICE_KINDS)[number];
