import type { Attribution } from '../../analyzer/model/manifest.js';
import { AttributionBuilder, type UnitKey } from '../attribution/attribution-builder.js';

/** A unit as the JS readers find it: the shared unit key, and whether its bytes are code. */
export interface JsUnitSpec extends UnitKey {
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
 * Turns runs over the whole file into the manifest's flat attribution through the same builder as
 * ELF images (units sorted by package and name, packages by size), one leaf per run in file order
 * (region 0: the file). A bundle is loaded whole, so memory sizes equal file sizes and a leaf's
 * address is its offset; bytes that are not code (whitespace, comments) do not count as code.
 */
export function buildJsAttribution(
  specs: readonly JsUnitSpec[],
  runs: JsRunList,
  fileSize: number,
): Attribution {
  if (runs.covered !== fileSize) throw new Error(`JS runs cover ${runs.covered} of ${fileSize} bytes`);
  const builder = new AttributionBuilder();
  // The spec is a unit key with one extra field; `code` is read per leaf below.
  const unitOf = specs.map((spec) => builder.unitFor(spec));
  runs.unit.forEach((u, i) => {
    const spec = specs[u] as JsUnitSpec;
    const offset = runs.offset[i] as number;
    const size = runs.size[i] as number;
    builder.addLeaf(
      {
        name: runs.name[i] ?? spec.name,
        region: 0,
        address: offset,
        offset,
        fileSize: size,
        memSize: size,
        exec: spec.code,
      },
      unitOf[u] as number,
    );
  });
  return builder.finish();
}
