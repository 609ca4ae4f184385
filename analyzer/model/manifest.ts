/**
 * The manifest: the one contract between the build side and everything downstream.
 * One JSON document per image (or per conventional stack). JSON Schema: manifest.schema.json;
 * the closed lists (targets, edge kinds, languages, ...) are in manifest-enumerations.ts.
 * Everything here is plain, JSON-serialisable data.
 */

import type {
  BuildTarget,
  DiagnosticSeverity,
  EdgeKind,
  ElfType,
  Evidence,
  KernelModuleMode,
  Language,
  ManifestKind,
  RegionKind,
  Solo5DeviceKind,
  StackLayerName,
} from './manifest-enumerations.js';

export * from './manifest-enumerations.js';

/** The manifest format name, checked by every reader. */
export const MANIFEST_SCHEMA = 'tcbscope.manifest';
/** Bumped on every incompatible change; readers refuse other versions. */
export const MANIFEST_VERSION = 1;

/** The targets unikernels are built for (see {@link BUILD_TARGETS}), `unknown`, or a stack's own name (`debian-12-amd64`). */
export type Target = BuildTarget | 'unknown' | (string & {});

/** A recoverable problem found while reading: returned as data, shown by the CLI, kept in the manifest. */
export interface Diagnostic {
  /** Stable code, e.g. `opam-unresolved`, `dwarf-skipped`. */
  code: string;
  severity: DiagnosticSeverity;
  message: string;
  file?: string;
  /** Offset, line or key the diagnostic refers to. */
  at?: string;
}

/** Who the image is: the identity block. */
export interface Identity {
  name: string;
  target: Target;
  /** How the target was established: `solo5-abi-note`, `config`, `dt-interp`, `stack-profile`, ... */
  targetEvidence: string;
  /** `x86_64`, `aarch64`, `arm`, `i386`, `ppc64`, `js`, ... */
  arch: string;
  /** `elf64-le`, `elf32-le`, `elf64-be`, `elf32-be`, `js`, or `stack`. */
  format: string;
  /** ELF file type: `exec`, `dyn`, `rel`, `core`; absent for non-ELF. */
  elfType?: ElfType;
  /** Bytes of the file on disk (for a stack: of the files it loads, kernel included). */
  fileSize: number;
  /** Bytes occupied in memory once loaded: allocated sections, `.bss` included. */
  memorySize: number;
  sha256: string;
  /** GNU build-id as lowercase hex. */
  buildId?: string;
  /** True when the image has no `.symtab`: attribution then rests on `.dynsym` and sections only. */
  stripped: boolean;
}

/** One region of the file. Regions do not overlap and their sizes add up to the file size exactly. */
export interface Region {
  /** `[ELF header]`, `[program headers]`, a section name, `[section headers]`, `[padding]`. */
  name: string;
  kind: RegionKind;
  offset: number;
  /** Bytes in the file (0 for `.bss`-like sections). */
  fileSize: number;
  /** Bytes in memory (0 for sections that are not allocated). */
  memSize: number;
  /** ELF section index, for `section` regions. */
  sectionIndex?: number;
  /** `alloc`, `write`, `exec`, `tls` for sections; empty otherwise. */
  flags: string[];
  /** The section's type as readelf names it (`PROGBITS`, `NOBITS`, `NOTE`), for `section` regions. */
  sectionType?: string;
  /** The section's SHF_* flags as readelf's letters (`AX`, `WAT`), for `section` regions. */
  sectionFlags?: string;
  /**
   * The section's `sh_size`, for `section` regions: its size as readelf prints it, kept apart from the
   * file and memory bytes because `.tbss` has a size but takes neither in the image.
   */
  sectionSize?: number;
}

/**
 * The finest level of byte accounting, stored in columns so that a 100,000-symbol image stays a few MB.
 * Every byte of the file lies in exactly one leaf: symbols, `[unattributed <section>]` gaps, headers,
 * padding and non-allocated sections. Row i is `{ name[i], region[i], ... }`.
 */
export interface LeafTable {
  /** Symbol name (demangled form is the analyser's job), or a bracketed name for non-symbol bytes. */
  name: string[];
  /** Index into `regions`. */
  region: number[];
  /** Virtual address (0 where the leaf is not loaded). */
  address: number[];
  /** File offset of the leaf's first byte. */
  offset: number[];
  fileSize: number[];
  memSize: number[];
  /** Index into `attribution.units`. */
  unit: number[];
}

/** A compilation unit (OCaml module, C file, JS source), a file of a stack, or a named pseudo-unit. */
export interface UnitRecord {
  /** Display name: `Lwt_main`, `runtime/major_gc.c`, `[unattributed .text]`, `[ELF header]`. */
  name: string;
  /** The package it belongs to (a name from `attribution.packages`). */
  package: string;
  /** Library inside the package (findlib name, archive file), when known. */
  library?: string;
  language: Language;
  evidence: Evidence;
  /** The concrete evidence: the install-list file, the DWARF unit name, the map line, the rule id. */
  evidenceDetail?: string;
  fileSize: number;
  memSize: number;
}

/** Bytes contributed by one package (or a bracketed pseudo-package such as `[headers]`, `[unattributed]`). */
export interface PackageBytes {
  name: string;
  version?: string;
  fileSize: number;
  memSize: number;
  /** Bytes in executable sections. */
  codeSize: number;
  /** File bytes by language. */
  languages: Partial<Record<Language, number>>;
  /** Evidence kinds used for this package's units, with file bytes per kind. */
  evidence: Partial<Record<Evidence, number>>;
}

/** The attribution tree in flat form: package → unit → leaf. */
export interface Attribution {
  packages: PackageBytes[];
  units: UnitRecord[];
  leaves: LeafTable;
}

/** One package of the build's dependency metadata. */
export interface DependencyPackage {
  name: string;
  version?: string;
  licence?: string;
  homepage?: string;
  /** Where the source came from and its checksums (`sha256=...`). */
  source?: { url: string; checksums: string[] };
  /** The metadata that listed it: `opam-lock`, `opam-switch`, `findlib`, `dpkg`, `debian-index`, ... */
  origin: string;
  /** opam-monorepo: compiled from source into the image (`?vendor`). */
  vendored?: boolean;
  /** Bytes it puts in the image (0 when it is build-time only or contributes nothing). */
  fileSize: number;
  /** True when the package is reachable from the roots only through build/test/doc edges. */
  buildOnly: boolean;
  /** False when no metadata (opam file, control record) was found for this name and version. */
  resolved: boolean;
  /** Installed size in bytes, for Debian packages. */
  installedSize?: number;
  sha256?: string;
}

/** A dependency edge with its kind and the version constraint as written. */
export interface DependencyEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  constraint?: string;
  /**
   * True when tcbscope added the edge itself rather than reading it from metadata: a package that
   * puts bytes in the image but that no dependency metadata names (hung off the roots as `runtime`),
   * or a lock-file entry that no opam file's depends reaches (hung off the root). Absent on edges
   * read from opam files, findlib META files or Debian control records. Writers set it only to true.
   */
  inferred?: boolean;
}

/** The dependency part of a manifest. */
export interface Dependencies {
  packages: DependencyPackage[];
  edges: DependencyEdge[];
  roots: string[];
  /** Names (with versions) that no metadata resolves: listed, not fatal. */
  unresolved: string[];
}

/** A Solo5 device declared in `.note.solo5.manifest`. */
export interface Solo5Device {
  name: string;
  kind: Solo5DeviceKind;
  typeCode: number;
}

/** Facts about the platform layer the image runs on. */
export interface Platform {
  solo5?: {
    abi?: { target: Target; targetCode: number; version: number };
    manifest?: { version: number; entries: number; devices: Solo5Device[] };
  };
  /** Xen PVH entry point from the `Xen` note type 0x12. */
  xenPvhEntry?: number;
  /** PT_INTERP. */
  interpreter?: string;
  /** DT_NEEDED: shared objects that belong to the host's TCB for hosted targets. */
  needed: string[];
  soname?: string;
  runpath?: string[];
}

/** One input file and its hash. */
export interface ProvenanceInput {
  role: string;
  path: string;
  sha256: string;
  size: number;
}

/** How the manifest was made. */
export interface Provenance {
  tool: 'tcbscope';
  toolVersion: string;
  command: string[];
  /** Build environment as recorded (selected variables, OS, compiler versions). */
  environment: Record<string, string>;
  inputs: ProvenanceInput[];
}

/** Stack-only details: layers, loaded files and the kernel. */
export interface StackDetails {
  distribution: string;
  roots: string[];
  kernel?: {
    package: string;
    version: string;
    image: string;
    format: string;
    compressedSize: number;
    /** Size of the decompressed ELF `vmlinux`. */
    elfSize: number;
    codeSize: number;
    modules: { mode: KernelModuleMode; count: number; fileSize: number; codeSize: number; names: string[] };
  };
  /** ELF files the service loads: the binary and its DT_NEEDED closure. */
  loaded: { path: string; package: string; fileSize: number; codeSize: number; needed: string[] }[];
  layers: {
    name: StackLayerName;
    packages: string[];
    loadedSize: number;
    codeSize: number;
    installedSize: number;
  }[];
  installedSize: number;
}

/** One manifest: an image, or a conventional stack. */
export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  version: typeof MANIFEST_VERSION;
  kind: ManifestKind;
  identity: Identity;
  regions: Region[];
  attribution: Attribution;
  dependencies: Dependencies;
  platform: Platform;
  provenance: Provenance;
  diagnostics: Diagnostic[];
  /** For `js` images: what a browser downloads. */
  downloads?: { gzip: number; brotli: number; packages: { name: string; gzip: number; brotli: number }[] };
  stack?: StackDetails;
}
