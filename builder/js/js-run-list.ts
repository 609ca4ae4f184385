import type { Attribution, Evidence, Language, PackageBytes, UnitRecord } from '../../analyzer/model/manifest.js';

/** A unit as the JS readers find it, before sorting and totals. */
export interface JsUnitSpec {
  name: string;
  package: string;
  library?: string;
  language: Language;
  evidence: Evidence;
  evidenceDetail?: string;
  /** False for bytes that are not code (whitespace, comments): they do not count in `codeSize`. */
  code: boolean;
}

/**
 * Contiguous byte runs of a bundle, each owned by one unit, appended in file order. Adjacent runs with
 * the same unit and leaf name are merged, so a leaf is a maximal span of one source.
 */
export class JsRunList {
  readonly offset: number[] = [];
  readonly size: number[] = [];
  readonly unit: number[] = [];
  readonly name: (string | undefined)[] = [];
  private end = 0;

  /** Appends `[offset, offset + size)`; runs must be added in order and without holes. */
  add(offset: number, size: number, unit: number, name?: string): void {
    if (size <= 0) return;
    if (offset !== this.end) throw new Error(`JS runs out of order: ${offset} after ${this.end}`);
    const last = this.unit.length - 1;
    if (last >= 0 && this.unit[last] === unit && this.name[last] === name) this.size[last]! += size;
    else {
      this.offset.push(offset);
      this.size.push(size);
      this.unit.push(unit);
      this.name.push(name);
    }
    this.end = offset + size;
  }

  /** Bytes covered so far. */
  get covered(): number {
    return this.end;
  }
}

/**
 * Turns runs over the whole file into the manifest's flat attribution: units sorted by package and name
 * (zero-byte units dropped), packages sorted by name, one leaf per run in file order (region 0: the file).
 * A JS bundle is loaded whole, so memory sizes equal file sizes and a leaf's address is its offset.
 */
export function buildJsAttribution(specs: readonly JsUnitSpec[], runs: JsRunList, fileSize: number): Attribution {
  if (runs.covered !== fileSize) throw new Error(`JS runs cover ${runs.covered} of ${fileSize} bytes`);
  const bytes = new Array<number>(specs.length).fill(0);
  runs.unit.forEach((u, i) => {
    bytes[u]! += runs.size[i]!;
  });
  const order = specs
    .map((_, i) => i)
    .filter((i) => bytes[i]! > 0)
    .sort((a, b) => compareText(specs[a]!.package, specs[b]!.package) || compareText(specs[a]!.name, specs[b]!.name) || compareText(specs[a]!.evidenceDetail ?? '', specs[b]!.evidenceDetail ?? ''));
  const newIndex = new Int32Array(specs.length).fill(-1);
  order.forEach((old, i) => {
    newIndex[old] = i;
  });
  const units: UnitRecord[] = order.map((i) => {
    const s = specs[i]!;
    const record: UnitRecord = { name: s.name, package: s.package, language: s.language, evidence: s.evidence, fileSize: bytes[i]!, memSize: bytes[i]! };
    if (s.library !== undefined) record.library = s.library;
    if (s.evidenceDetail !== undefined) record.evidenceDetail = s.evidenceDetail;
    return record;
  });
  const packages = new Map<string, PackageBytes>();
  order.forEach((i) => {
    const s = specs[i]!;
    const n = bytes[i]!;
    let p = packages.get(s.package);
    if (!p) packages.set(s.package, (p = { name: s.package, fileSize: 0, memSize: 0, codeSize: 0, languages: {}, evidence: {} }));
    p.fileSize += n;
    p.memSize += n;
    if (s.code) p.codeSize += n;
    p.languages[s.language] = (p.languages[s.language] ?? 0) + n;
    p.evidence[s.evidence] = (p.evidence[s.evidence] ?? 0) + n;
  });
  const leafUnits = runs.unit.map((u) => newIndex[u]!);
  return {
    packages: [...packages.values()].sort((a, b) => compareText(a.name, b.name)),
    units,
    leaves: {
      name: runs.name.map((nm, i) => nm ?? units[leafUnits[i]!]!.name),
      region: runs.unit.map(() => 0),
      address: [...runs.offset],
      offset: [...runs.offset],
      fileSize: [...runs.size],
      memSize: [...runs.size],
      unit: leafUnits,
    },
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
