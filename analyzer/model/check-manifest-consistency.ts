import type { LeafTable, Manifest } from './manifest.js';
import { UserError } from './user-error.js';

/** The leaf columns, in the order the model lists them; `name` is the one the others are measured against. */
const LEAF_COLUMNS = [
  'name',
  'region',
  'address',
  'offset',
  'fileSize',
  'memSize',
  'unit',
] as const satisfies readonly (keyof LeafTable)[];

/**
 * Checks what the JSON Schema cannot say about a manifest that already matches it: the leaf
 * columns are rows of one table, its indices point into `regions` and `attribution.units`, every
 * unit's package is listed, and the regions account for the file exactly. Downstream code (the
 * treemap, diff, the store) indexes by these numbers without checking, so a manifest that breaks
 * one is refused here, naming the JSON pointer, rather than failing later with a TypeError.
 * @throws UserError MANIFEST_BAD naming `file` and the pointer.
 */
export function checkManifestConsistency(manifest: Manifest, file: string): void {
  const bad = (at: string, detail: string): never => {
    throw new UserError('MANIFEST_BAD', detail, { file, at });
  };
  const { leaves, units, packages } = manifest.attribution;
  // The columns are rows of one table: the length most columns share is the table's, and the
  // first column that differs is the one named (so a short `name` is blamed, not `region`).
  const lengths = LEAF_COLUMNS.map((column) => leaves[column].length);
  const rows = mostCommon(lengths);
  const odd = LEAF_COLUMNS.findIndex((_c, i) => lengths[i] !== rows);
  if (odd >= 0) {
    const column = LEAF_COLUMNS[odd] as string;
    const other = LEAF_COLUMNS.find((_c, i) => lengths[i] === rows) as string;
    bad(
      `/attribution/leaves/${column}`,
      `leaf column ${column} has ${lengths[odd]} entries, /attribution/leaves/${other} has ${rows}`,
    );
  }
  // -1 is the schema's "no region" (a leaf outside every region); anything else must be an index.
  const regionCount = manifest.regions.length;
  const region = leaves.region.findIndex((r) => r >= regionCount);
  if (region >= 0)
    bad(
      `/attribution/leaves/region/${region}`,
      `region index ${leaves.region[region]} is out of range (/regions has ${regionCount} entries)`,
    );
  const unit = leaves.unit.findIndex((u) => u >= units.length);
  if (unit >= 0)
    bad(
      `/attribution/leaves/unit/${unit}`,
      `unit index ${leaves.unit[unit]} is out of range (/attribution/units has ${units.length} entries)`,
    );
  const named = new Set(packages.map((p) => p.name));
  const orphan = units.findIndex((u) => !named.has(u.package));
  if (orphan >= 0)
    bad(
      `/attribution/units/${orphan}/package`,
      `unit ${JSON.stringify(units[orphan]?.name)} names package ${JSON.stringify(units[orphan]?.package)}, which /attribution/packages does not list`,
    );
  // A metadata-only manifest (from `tcbscope deps`) has no regions: there is no file to account for.
  if (regionCount > 0) {
    const sum = manifest.regions.reduce((total, r) => total + r.fileSize, 0);
    if (sum !== manifest.identity.fileSize)
      bad(
        '/regions',
        `region file sizes add up to ${sum}, /identity/fileSize is ${manifest.identity.fileSize}`,
      );
  }
}

/** The value that occurs most often; on a tie, the one that occurs first. */
function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0] ?? 0;
  for (const [v, n] of counts) if (n > (counts.get(best) ?? 0)) best = v;
  return best;
}
