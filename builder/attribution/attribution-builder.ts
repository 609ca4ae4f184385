import type {
  Attribution,
  Evidence,
  Language,
  LeafTable,
  PackageBytes,
  UnitRecord,
} from '../../analyzer/model/manifest.js';

/** A unit before it has bytes: what resolution decided. */
export interface UnitKey {
  name: string;
  package: string;
  version?: string;
  library?: string;
  language: Language;
  evidence: Evidence;
  evidenceDetail?: string;
}

/** Accumulates leaves in columns and sums bytes per unit and package as they are added. */
export class AttributionBuilder {
  private readonly leaves: LeafTable = {
    name: [],
    region: [],
    address: [],
    offset: [],
    fileSize: [],
    memSize: [],
    unit: [],
  };
  private readonly units: UnitRecord[] = [];
  private readonly unitIds = new Map<string, number>();
  private readonly codeSize: number[] = [];
  private readonly versions = new Map<string, string>();

  /** The unit record at `index` (as returned by {@link unitFor}). */
  unitAt(index: number): Readonly<UnitRecord> {
    return this.units[index] as UnitRecord;
  }

  /** Index of the unit for this key, created on first use. Units are identified by package, library and name. */
  unitFor(key: UnitKey): number {
    const id = `${key.package}\u0000${key.library ?? ''}\u0000${key.name}`;
    let index = this.unitIds.get(id);
    if (index === undefined) {
      index = this.units.length;
      this.unitIds.set(id, index);
      // Copy the record's own fields only: callers may pass a wider key (the JS readers' specs).
      const record: UnitRecord = {
        name: key.name,
        package: key.package,
        language: key.language,
        evidence: key.evidence,
        fileSize: 0,
        memSize: 0,
      };
      if (key.library !== undefined) record.library = key.library;
      if (key.evidenceDetail !== undefined) record.evidenceDetail = key.evidenceDetail;
      this.units.push(record);
      this.codeSize.push(0);
      if (key.version !== undefined && !this.versions.has(key.package))
        this.versions.set(key.package, key.version);
    }
    return index;
  }

  /** Adds one leaf; zero-byte leaves are dropped (they carry no bytes in the file or in memory). */
  addLeaf(
    leaf: {
      name: string;
      region: number;
      address: number;
      offset: number;
      fileSize: number;
      memSize: number;
      exec: boolean;
    },
    unit: number,
  ): void {
    const { name, region, address, offset, fileSize, memSize, exec } = leaf;
    this.addLeafFields(name, region, address, offset, fileSize, memSize, exec, unit);
  }

  /**
   * {@link addLeaf} with the leaf's fields as arguments: the ELF sweep adds one leaf per symbol
   * (76k for libLLVM), and an object per leaf was garbage to collect.
   */
  addLeafFields(
    name: string,
    region: number,
    address: number,
    offset: number,
    fileSize: number,
    memSize: number,
    exec: boolean,
    unit: number,
  ): void {
    if (fileSize === 0 && memSize === 0) return;
    const t = this.leaves;
    t.name.push(name);
    t.region.push(region);
    t.address.push(address);
    t.offset.push(offset);
    t.fileSize.push(fileSize);
    t.memSize.push(memSize);
    t.unit.push(unit);
    const u = this.units[unit] as UnitRecord;
    u.fileSize += fileSize;
    u.memSize += memSize;
    if (exec) this.codeSize[unit] = (this.codeSize[unit] as number) + memSize;
  }

  /**
   * The finished attribution: units sorted by package then name (leaf unit indices remapped),
   * packages sorted by file bytes descending then name, so output is deterministic.
   */
  finish(): Attribution {
    const order = this.units
      .map((_, i) => i)
      .sort((a, b) => compareUnits(this.units[a] as UnitRecord, this.units[b] as UnitRecord));
    const remap = new Int32Array(order.length);
    order.forEach((oldIndex, newIndex) => (remap[oldIndex] = newIndex));
    const units = order.map((i) => this.units[i] as UnitRecord);
    const unitColumn = this.leaves.unit.map((u) => remap[u] as number);
    const packages = new Map<string, PackageBytes>();
    order.forEach((oldIndex) => {
      const u = this.units[oldIndex] as UnitRecord;
      let p = packages.get(u.package);
      if (!p) {
        p = { name: u.package, fileSize: 0, memSize: 0, codeSize: 0, languages: {}, evidence: {} };
        const version = this.versions.get(u.package);
        if (version !== undefined) p.version = version;
        packages.set(u.package, p);
      }
      p.fileSize += u.fileSize;
      p.memSize += u.memSize;
      p.codeSize += this.codeSize[oldIndex] as number;
      p.languages[u.language] = (p.languages[u.language] ?? 0) + u.fileSize;
      p.evidence[u.evidence] = (p.evidence[u.evidence] ?? 0) + u.fileSize;
    });
    const sorted = [...packages.values()].sort(
      (a, b) => b.fileSize - a.fileSize || b.memSize - a.memSize || (a.name < b.name ? -1 : 1),
    );
    return { packages: sorted, units, leaves: { ...this.leaves, unit: unitColumn } };
  }
}

function compareUnits(a: UnitRecord, b: UnitRecord): number {
  if (a.package !== b.package) return a.package < b.package ? -1 : 1;
  const la = a.library ?? '';
  const lb = b.library ?? '';
  if (la !== lb) return la < lb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
