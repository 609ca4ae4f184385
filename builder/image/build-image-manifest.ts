import { createManifestHeader } from '../../analyzer/model/create-manifest-header.js';
import { isPseudoPackage } from '../../analyzer/model/is-pseudo-package.js';
import {
  type Dependencies,
  type Diagnostic,
  type Identity,
  type Manifest,
  type Platform,
  type Provenance,
  type Target,
} from '../../analyzer/model/manifest.js';
import { attributeImage } from '../attribution/attribute-image.js';
import type { CompiledRule } from '../attribution/attribution-rules.js';
import type { InstallIndex } from '../attribution/install-index.js';
import type { DuniverseIndex } from '../attribution/origin-paths.js';
import { computeRegions } from '../elf/compute-regions.js';
import type { ElfFile } from '../elf/elf-types.js';
import { readInterpreter } from '../elf/read-dynamic.js';
import { readBuildId } from '../elf/read-notes.js';
import { readSolo5Notes } from '../elf/solo5-notes.js';
import type { LinkerMap } from '../linker-map/read-ld-map.js';
import { findArchiveDefinitions, type ReadArchiveSymbols } from './find-archive-definitions.js';
import { readElfDwarf } from './read-elf-dwarf.js';
import { nameUnreadableRegions, readImageTables } from './read-image-tables.js';

/** Everything needed to describe one ELF image; the pipeline reads files and hashes, this stays pure. */
export interface ImageManifestInput {
  name: string;
  /** The image, parsed once by the caller (the sparse reader parses it while planning what to load). */
  elf: ElfFile;
  sha256: string;
  /** The target the build was configured for; the Solo5 ABI note, when present, is checked against it. */
  target?: Target;
  map?: LinkerMap;
  install?: InstallIndex;
  /**
   * Reads which installed static archives define each of the `wanted` symbols. Called only without a
   * linker map (the map names every input), with the symbols the image defines.
   */
  readArchiveSymbols?: ReadArchiveSymbols;
  rules: readonly CompiledRule[];
  /** opam-monorepo's duniverse folders → packages, from the lock file (`buildDuniverseIndex`), when one is given. */
  duniverse?: DuniverseIndex;
  provenance: Provenance;
  dependencies?: Dependencies;
}

/** Reads an ELF image and returns its manifest: identity, regions, attribution, platform facts. */
export function buildImageManifest(input: ImageManifestInput): Manifest {
  const { elf } = input;
  const tables = readImageTables(elf);
  const regions = nameUnreadableRegions(computeRegions(elf), tables.unreadable);
  const { symtab, notes } = tables;
  const symbols = symtab ?? tables.dynsym;
  const solo5 = readSolo5Notes(elf, notes);
  const { dynamic } = tables;
  const interpreter = readInterpreter(elf);
  const dwarf = readElfDwarf(elf);
  const { attribution, diagnostics } = attributeImage({
    elf,
    regions,
    symbols,
    map: input.map,
    dwarfUnits: dwarf.units,
    install: input.install,
    archiveSymbols: input.map ? undefined : findArchiveDefinitions(symbols, input.readArchiveSymbols),
    rules: input.rules,
    ownPackage: input.name,
    duniverse: input.duniverse,
  });
  const platform: Platform = { needed: dynamic.needed };
  if (solo5.abi || solo5.manifest) platform.solo5 = {};
  if (solo5.abi && platform.solo5) platform.solo5.abi = solo5.abi;
  if (solo5.manifest && platform.solo5) platform.solo5.manifest = solo5.manifest;
  if (solo5.xenPvhEntry !== undefined) platform.xenPvhEntry = solo5.xenPvhEntry;
  if (interpreter !== undefined) platform.interpreter = interpreter;
  if (dynamic.soname !== undefined) platform.soname = dynamic.soname;
  const runpath = [...dynamic.runpath, ...dynamic.rpath];
  if (runpath.length > 0) platform.runpath = runpath;
  const { target, targetEvidence, targetDiagnostics } = decideTarget(input.target, platform, elf);
  const identity: Identity = {
    name: input.name,
    target,
    targetEvidence,
    arch: elf.arch,
    format: `elf${elf.bits}-${elf.littleEndian ? 'le' : 'be'}`,
    elfType: elf.typeName,
    fileSize: elf.fileSize,
    memorySize: regions.reduce((sum, r) => sum + r.memSize, 0),
    sha256: input.sha256,
    stripped: !tables.hasSymtab,
  };
  const buildId = readBuildId(elf, notes);
  if (buildId !== undefined) identity.buildId = buildId;
  return {
    ...createManifestHeader('image'),
    identity,
    regions,
    attribution,
    dependencies: input.dependencies ?? dependenciesFromAttribution(attribution.packages, input.name),
    platform,
    provenance: input.provenance,
    diagnostics: sortDiagnostics([
      ...tables.diagnostics,
      ...solo5.diagnostics,
      ...dwarf.diagnostics,
      ...diagnostics,
      ...targetDiagnostics,
    ]),
  };
}

/** The PT_INTERP Solo5's linker scripts write into every image, so that no host loader runs one. */
const SOLO5_INTERPRETER = '/nonexistent/solo5/';

/** The target: the Solo5 ABI note is authoritative; hosted executables are `unix`; otherwise say it is unknown. */
function decideTarget(
  configured: Target | undefined,
  platform: Platform,
  elf: ElfFile,
): { target: Target; targetEvidence: string; targetDiagnostics: Diagnostic[] } {
  const abi = platform.solo5?.abi;
  const diagnostics: Diagnostic[] = [];
  if (abi) {
    if (configured !== undefined && configured !== abi.target) {
      diagnostics.push({
        code: 'target-mismatch',
        severity: 'warning',
        message: `configured target ${configured}, but the Solo5 ABI note says ${abi.target}`,
      });
    }
    return { target: abi.target, targetEvidence: 'solo5-abi-note', targetDiagnostics: diagnostics };
  }
  if (platform.solo5?.manifest) {
    diagnostics.push({
      code: 'solo5-no-abi',
      severity: 'info',
      message: 'Solo5 manifest note without an ABI note: a stub build, or a target Solo5 does not name',
    });
  }
  if (configured !== undefined)
    return { target: configured, targetEvidence: 'configured', targetDiagnostics: diagnostics };
  // Solo5's stub bindings link a manifest but no ABI note, and its linker scripts write a
  // PT_INTERP that no host has, so that no loader runs it: the interpreter is not a hosted sign here.
  if (platform.solo5?.manifest) {
    const interp = platform.interpreter === SOLO5_INTERPRETER ? `, interpreter ${SOLO5_INTERPRETER}` : '';
    return {
      target: 'stub',
      targetEvidence: `Solo5 manifest note without an ABI note${interp}`,
      targetDiagnostics: diagnostics,
    };
  }
  if (
    platform.interpreter !== undefined ||
    (elf.typeName === 'dyn' && platform.needed.length > 0 && platform.soname === undefined)
  ) {
    return {
      target: 'unix',
      targetEvidence: 'program interpreter (hosted executable)',
      targetDiagnostics: diagnostics,
    };
  }
  return {
    target: 'unknown',
    targetEvidence: 'no Solo5 ABI note and no program interpreter',
    targetDiagnostics: diagnostics,
  };
}

/** Without build metadata, the dependency part lists the packages that contribute bytes, as found. */
function dependenciesFromAttribution(
  packages: Manifest['attribution']['packages'],
  own: string,
): Dependencies {
  const real = packages.filter((p) => !isPseudoPackage(p.name));
  return {
    packages: real
      .map((p) => {
        const d: Dependencies['packages'][number] = {
          name: p.name,
          origin: Object.keys(p.evidence).sort().join('+'),
          fileSize: p.fileSize,
          buildOnly: false,
          resolved: p.name === own || p.version !== undefined,
        };
        if (p.version !== undefined) d.version = p.version;
        return d;
      })
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    edges: [],
    roots: real.some((p) => p.name === own) ? [own] : [],
    unresolved: [],
  };
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.message < b.message ? -1 : 1));
}
