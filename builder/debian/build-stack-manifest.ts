import { createManifestHeader } from '../../analyzer/model/create-manifest-header.js';
import {
  STACK_LAYER_NAMES,
  type DependencyPackage,
  type Diagnostic,
  type KernelModuleMode,
  type Manifest,
  type ProvenanceInput,
  type StackDetails,
} from '../../analyzer/model/manifest.js';
import type { ElfFile } from '../elf/read-elf.js';
import { accountElfFile, createStackAccounting } from './account-elf-file.js';
import { classifyStackLayer } from './classify-stack-layer.js';
import type { Closure } from './resolve-closure.js';
import type { LoadedElf } from './resolve-loaded-files.js';
import type { SelectedModule } from './select-kernel-modules.js';

/** The kernel part of a stack, already read from its package. */
export interface StackKernelInput {
  package: string;
  version: string;
  /** Path of the image in the package: `/boot/vmlinuz-6.1.0-56-cloud-amd64`. */
  image: string;
  /** `bzImage+lz4`, ... */
  format: string;
  /** Bytes of the compressed image file. */
  compressedSize: number;
  vmlinux: ElfFile;
  modules: { mode: KernelModuleMode; selected: SelectedModule[] };
}

/** Everything a stack manifest is made from; the CLI gathers it (downloads, hashes, reads). */
export interface StackManifestInput {
  name: string;
  /** `debian-12-amd64`. */
  target: string;
  distribution: string;
  /** The service's root packages (the kernel package excluded). */
  roots: string[];
  closure: Closure;
  /** Per package name: the verified `.deb`. */
  debs: Map<string, { sha256: string; size: number; path: string }>;
  /** Licences read from the packages' machine-readable copyright files. */
  licences?: ReadonlyMap<string, string>;
  loaded: LoadedElf[];
  kernel?: StackKernelInput;
  /** A digest that names this stack's inputs (the CLI hashes the list of .deb hashes). */
  sha256: string;
  toolVersion: string;
  command: string[];
  environment: Record<string, string>;
  extraInputs: ProvenanceInput[];
  diagnostics: Diagnostic[];
}

/**
 * Builds a stack manifest: every loaded ELF file, the kernel's `vmlinux` and the selected modules are
 * accounted section by section, so the attribution adds up to `identity.fileSize` exactly.
 */
export function buildStackManifest(input: StackManifestInput): Manifest {
  const acc = createStackAccounting();
  const versionOf = new Map(input.closure.packages.map((p) => [p.package, p.version]));
  const loadedFigures: StackDetails['loaded'] = [];
  const perPackage = new Map<string, { loaded: number; code: number }>();
  const add = (pkg: string, size: number, code: number): void => {
    const entry = perPackage.get(pkg) ?? { loaded: 0, code: 0 };
    entry.loaded += size;
    entry.code += code;
    perPackage.set(pkg, entry);
  };
  let stripped = false;
  for (const file of input.loaded) {
    const figures = accountElfFile(
      acc,
      { name: file.package, version: versionOf.get(file.package) ?? '' },
      file.path,
      file.elf,
    );
    loadedFigures.push({
      path: file.path,
      package: file.package,
      fileSize: figures.fileSize,
      codeSize: figures.codeSize,
      needed: file.needed,
    });
    add(file.package, figures.fileSize, figures.codeSize);
    if (!file.elf.sections.some((s) => s.name === '.symtab')) stripped = true;
  }
  let kernel: StackDetails['kernel'];
  if (input.kernel) {
    const k = input.kernel;
    const pkg = { name: k.package, version: k.version };
    const image = accountElfFile(acc, pkg, `${k.image} (vmlinux)`, k.vmlinux);
    let modulesSize = 0;
    let modulesCode = 0;
    for (const m of k.modules.selected) {
      const figures = accountElfFile(acc, pkg, m.path, m.elf);
      modulesSize += figures.fileSize;
      modulesCode += figures.codeSize;
    }
    add(k.package, image.fileSize + modulesSize, image.codeSize + modulesCode);
    kernel = {
      package: k.package,
      version: k.version,
      image: k.image,
      format: k.format,
      compressedSize: k.compressedSize,
      elfSize: image.fileSize,
      codeSize: image.codeSize,
      modules: {
        mode: k.modules.mode,
        count: k.modules.selected.length,
        fileSize: modulesSize,
        codeSize: modulesCode,
        names: k.modules.selected.map((m) => m.name),
      },
    };
  }

  const packages: DependencyPackage[] = input.closure.packages.map((record) => {
    const deb = input.debs.get(record.package);
    const out: DependencyPackage = {
      name: record.package,
      version: record.version,
      origin: 'debian-index',
      fileSize: perPackage.get(record.package)?.loaded ?? 0,
      buildOnly: false,
      resolved: true,
    };
    if (record.homepage) out.homepage = record.homepage;
    const licence = input.licences?.get(record.package);
    if (licence !== undefined) out.licence = licence;
    if (record.installedSizeKiB !== undefined) out.installedSize = record.installedSizeKiB * 1024;
    const sha = deb?.sha256 ?? record.sha256;
    if (sha) out.sha256 = sha;
    return out;
  });
  const installedSize = packages.reduce((sum, p) => sum + (p.installedSize ?? 0), 0);
  const kernelPackage = input.kernel?.package;
  const layers: StackDetails['layers'] = STACK_LAYER_NAMES.map((name) => {
    const members = packages.filter((p) => classifyStackLayer(p.name, input.roots, kernelPackage) === name);
    return {
      name,
      packages: members.map((p) => p.name),
      loadedSize: members.reduce((sum, p) => sum + (perPackage.get(p.name)?.loaded ?? 0), 0),
      codeSize: members.reduce((sum, p) => sum + (perPackage.get(p.name)?.code ?? 0), 0),
      installedSize: members.reduce((sum, p) => sum + (p.installedSize ?? 0), 0),
    };
  });
  acc.attribution.packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const debInputs: ProvenanceInput[] = [...input.debs.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, deb]) => ({ role: 'deb', path: deb.path, sha256: deb.sha256, size: deb.size }));
  const main = input.loaded[0]?.elf;
  const stack: StackDetails = {
    distribution: input.distribution,
    roots: [...input.roots],
    loaded: loadedFigures,
    layers,
    installedSize,
  };
  if (kernel) stack.kernel = kernel;
  return {
    ...createManifestHeader('stack'),
    identity: {
      name: input.name,
      target: input.target,
      targetEvidence: 'stack-profile',
      arch: main?.arch ?? input.kernel?.vmlinux.arch ?? 'unknown',
      format: 'stack',
      fileSize: acc.fileSize,
      memorySize: acc.memorySize,
      sha256: input.sha256,
      stripped,
    },
    regions: acc.regions,
    attribution: acc.attribution,
    dependencies: {
      packages,
      edges: input.closure.edges.map((e) => ({
        from: e.from,
        to: e.to,
        kind: e.kind,
        constraint: e.constraint,
      })),
      roots: [...input.closure.roots],
      unresolved: [],
    },
    platform: { needed: [...new Set(input.loaded.flatMap((f) => f.needed))].sort() },
    provenance: {
      tool: 'tcbscope',
      toolVersion: input.toolVersion,
      command: input.command,
      environment: input.environment,
      inputs: [...debInputs, ...input.extraInputs],
    },
    diagnostics: input.diagnostics,
    stack,
  };
}
