import type { EdgeKind } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { compareDebianVersions, satisfiesVersion } from './debian-version.js';
import type { DebPackageRecord } from './read-packages-index.js';
import { formatRelation, parseRelations } from './parse-relations.js';
import type { Relation } from './parse-relations.js';

/** Package records by name (all versions, highest first) and the providers of each virtual name. */
export interface DebIndex {
  byName: Map<string, DebPackageRecord[]>;
  providers: Map<string, { record: DebPackageRecord; version?: string }[]>;
}

/** One resolved dependency edge: who wanted what, through which field, satisfied by which package. */
export interface ClosureEdge {
  from: string;
  to: string;
  kind: Extract<EdgeKind, 'runtime' | 'pre-depends'>;
  /** The alternative that was chosen, as written (`libc6 (>= 2.34)`). */
  constraint: string;
}

/** The closure of some roots: one chosen record per package name, and the edges that pulled them in. */
export interface Closure {
  roots: string[];
  packages: DebPackageRecord[];
  edges: ClosureEdge[];
}

/**
 * Builds the lookup tables of one or more `Packages` indexes merged together (the way apt sees
 * main + updates + security). Records for other architectures than `arch` and `all` are dropped.
 */
export function buildDebIndex(records: Iterable<DebPackageRecord>, arch = 'amd64'): DebIndex {
  const byName = new Map<string, DebPackageRecord[]>();
  const providers = new Map<string, { record: DebPackageRecord; version?: string }[]>();
  for (const record of records) {
    if (record.architecture !== arch && record.architecture !== 'all') continue;
    const list = byName.get(record.package) ?? [];
    if (list.some((r) => r.version === record.version)) continue; // the same version from two indexes
    list.push(record);
    byName.set(record.package, list);
    if (!record.provides) continue;
    for (const group of parseRelations(record.provides, `Provides of ${record.package}`)) {
      for (const provided of group) {
        const entry: { record: DebPackageRecord; version?: string } = { record };
        if (provided.constraint) entry.version = provided.constraint.version;
        const plist = providers.get(provided.name) ?? [];
        plist.push(entry);
        providers.set(provided.name, plist);
      }
    }
  }
  for (const list of byName.values()) list.sort((a, b) => compareDebianVersions(b.version, a.version));
  return { byName, providers };
}

/**
 * Resolves the closure of `roots` through `Pre-Depends` and `Depends`, as a first approximation of
 * apt: each root takes its highest version; in each group the first alternative that the index can
 * satisfy wins, preferring a package already chosen; virtual names are satisfied by their providers.
 * Throws `DEB_MISSING` for an unknown root, `DEB_UNSATISFIABLE` naming the relation and who wanted it.
 */
export function resolveClosure(index: DebIndex, roots: string[]): Closure {
  const chosen = new Map<string, DebPackageRecord>();
  const edges: ClosureEdge[] = [];
  const queue: DebPackageRecord[] = [];
  for (const root of roots) {
    const record = index.byName.get(root)?.[0];
    if (!record)
      throw new UserError('DEB_MISSING', `root package "${root}" is not in the index`, { at: root });
    if (!chosen.has(root)) {
      chosen.set(root, record);
      queue.push(record);
    }
  }
  while (queue.length > 0) {
    const record = queue.shift() as DebPackageRecord;
    const fields: [string | undefined, ClosureEdge['kind'], string][] = [
      [record.preDepends, 'pre-depends', 'Pre-Depends'],
      [record.depends, 'runtime', 'Depends'],
    ];
    for (const [value, kind, field] of fields) {
      if (!value) continue;
      for (const group of parseRelations(value, `${field} of ${record.package}`)) {
        const pick = chooseAlternative(index, chosen, group);
        if (!pick) {
          const wanted = group.map(formatRelation).join(' | ');
          const missing = group.every((r) => !index.byName.has(r.name) && !index.providers.has(r.name));
          throw new UserError(
            missing ? 'DEB_MISSING' : 'DEB_UNSATISFIABLE',
            `${record.package} ${record.version} ${field} "${wanted}": ${missing ? 'no such package in the index' : 'no version in the index satisfies it'}`,
            { at: `${field} of ${record.package}` },
          );
        }
        edges.push({
          from: record.package,
          to: pick.record.package,
          kind,
          constraint: formatRelation(pick.relation),
        });
        if (!chosen.has(pick.record.package)) {
          chosen.set(pick.record.package, pick.record);
          queue.push(pick.record);
        }
      }
    }
  }
  const packages = [...chosen.values()].sort((a, b) =>
    a.package < b.package ? -1 : a.package > b.package ? 1 : 0,
  );
  const seen = new Set<string>();
  const uniqueEdges = edges.filter((e) => {
    const key = `${e.from}\0${e.to}\0${e.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  uniqueEdges.sort((a, b) => (a.from + '\0' + a.to < b.from + '\0' + b.to ? -1 : 1));
  return { roots: [...roots], packages, edges: uniqueEdges };
}

/** The record chosen for one `a | b | c` group, or undefined when no alternative can be satisfied. */
function chooseAlternative(
  index: DebIndex,
  chosen: Map<string, DebPackageRecord>,
  group: Relation[],
): { record: DebPackageRecord; relation: Relation } | undefined {
  // An alternative already in the closure wins: that is what keeps apt from installing two MTAs.
  for (const relation of group) {
    const candidates = candidatesFor(index, relation);
    const already = candidates.find((r) => chosen.get(r.package) === r);
    if (already) return { record: already, relation };
  }
  for (const relation of group) {
    const candidates = candidatesFor(index, relation).filter((r) => {
      const other = chosen.get(r.package);
      return other === undefined || other === r;
    });
    const first = candidates[0];
    if (first) return { record: first, relation };
  }
  return undefined;
}

/** Records that satisfy one relation: real packages (highest version first), then providers. */
function candidatesFor(index: DebIndex, relation: Relation): DebPackageRecord[] {
  const out: DebPackageRecord[] = [];
  for (const record of index.byName.get(relation.name) ?? []) {
    if (
      !relation.constraint ||
      satisfiesVersion(record.version, relation.constraint.op, relation.constraint.version)
    )
      out.push(record);
  }
  for (const provider of index.providers.get(relation.name) ?? []) {
    if (!relation.constraint) out.push(provider.record);
    else if (
      provider.version !== undefined &&
      satisfiesVersion(provider.version, relation.constraint.op, relation.constraint.version)
    )
      out.push(provider.record);
  }
  return out;
}
