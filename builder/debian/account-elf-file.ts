import type { Attribution, Language, PackageBytes, Region } from '../../analyzer/model/manifest.js';
import { computeRegions } from '../elf/read-elf.js';
import type { ElfFile } from '../elf/read-elf.js';

/** Accumulates files of a stack into one region list and one attribution (package → unit → leaf). */
export interface StackAccounting {
  regions: Region[];
  attribution: Attribution;
  /** Running total of file bytes: the base offset of the next file. */
  fileSize: number;
  memorySize: number;
}

/** An empty accumulator. */
export function createStackAccounting(): StackAccounting {
  return {
    regions: [],
    attribution: {
      packages: [],
      units: [],
      leaves: { name: [], region: [], address: [], offset: [], fileSize: [], memSize: [], unit: [] },
    },
    fileSize: 0,
    memorySize: 0,
  };
}

/** Per-file figures returned to the caller. */
export interface FileFigures {
  fileSize: number;
  codeSize: number;
  memSize: number;
}

type LeafClass = 'code' | 'data' | 'metadata';
const LANGUAGE: Record<LeafClass, Language> = { code: 'C', data: 'data', metadata: 'metadata' };

/**
 * Adds one ELF file of a Debian package: one `file` region (offsets run on across files, so that the
 * regions add up to the stack's size), and up to three units per file (its code, data and metadata
 * bytes; units keep the file path as `library`) whose leaves are the file's ELF regions.
 * Executable sections count as C: without DWARF, C and assembly cannot be told apart in a package,
 * so the evidence is `dpkg` (the file belongs to the package) and the language is C for both.
 */
export function accountElfFile(
  acc: StackAccounting,
  pkg: { name: string; version: string },
  label: string,
  elf: ElfFile,
): FileFigures {
  const base = acc.fileSize;
  const fileRegions = computeRegions(elf);
  const regionIndex = acc.regions.length;
  const memSize = fileRegions.reduce((sum, r) => sum + r.memSize, 0);
  acc.regions.push({ name: label, kind: 'file', offset: base, fileSize: elf.fileSize, memSize, flags: [] });
  const unitIndex = new Map<LeafClass, number>();
  const unitFor = (cls: LeafClass): number => {
    let index = unitIndex.get(cls);
    if (index === undefined) {
      index = acc.attribution.units.length;
      unitIndex.set(cls, index);
      acc.attribution.units.push({
        name: cls === 'code' ? label : `${label} [${cls}]`,
        package: pkg.name,
        library: label,
        language: LANGUAGE[cls],
        evidence: 'dpkg',
        evidenceDetail: `${pkg.name} ${pkg.version} ships ${label}`,
        fileSize: 0,
        memSize: 0,
      });
    }
    return index;
  };
  const bytes = packageBytes(acc, pkg);
  let codeSize = 0;
  const leaves = acc.attribution.leaves;
  for (const region of fileRegions) {
    const cls: LeafClass =
      region.kind !== 'section'
        ? 'metadata'
        : region.flags.includes('exec')
          ? 'code'
          : region.flags.includes('alloc')
            ? 'data'
            : 'metadata';
    const unit = unitFor(cls);
    const section = region.sectionIndex !== undefined ? elf.sections[region.sectionIndex] : undefined;
    leaves.name.push(region.name);
    leaves.region.push(regionIndex);
    leaves.address.push(section?.address ?? 0);
    leaves.offset.push(base + region.offset);
    leaves.fileSize.push(region.fileSize);
    leaves.memSize.push(region.memSize);
    leaves.unit.push(unit);
    const record = acc.attribution.units[unit];
    if (record) {
      record.fileSize += region.fileSize;
      record.memSize += region.memSize;
    }
    const language = LANGUAGE[cls];
    bytes.fileSize += region.fileSize;
    bytes.memSize += region.memSize;
    bytes.languages[language] = (bytes.languages[language] ?? 0) + region.fileSize;
    bytes.evidence.dpkg = (bytes.evidence.dpkg ?? 0) + region.fileSize;
    if (cls === 'code') {
      codeSize += region.fileSize;
      bytes.codeSize += region.fileSize;
    }
  }
  acc.fileSize += elf.fileSize;
  acc.memorySize += memSize;
  return { fileSize: elf.fileSize, codeSize, memSize };
}

function packageBytes(acc: StackAccounting, pkg: { name: string; version: string }): PackageBytes {
  let record = acc.attribution.packages.find((p) => p.name === pkg.name);
  if (!record) {
    record = {
      name: pkg.name,
      version: pkg.version,
      fileSize: 0,
      memSize: 0,
      codeSize: 0,
      languages: {},
      evidence: {},
    };
    acc.attribution.packages.push(record);
  }
  return record;
}
