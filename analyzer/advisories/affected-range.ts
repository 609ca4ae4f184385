import type { OsvAffected, OsvEvent } from './osv-advisory.js';

/** An ecosystem's version order: negative, zero or positive as `a` sorts before, with or after `b`. */
export type VersionOrder = (a: string, b: string) => number;

/** Where in an affected entry a version falls: the interval it lies in, or the versions list. */
export interface AffectedHit {
  /** `>= 0, < 4.14.3`, `>= 1.0, <= 1.2`, `>= 2.0` (no end yet), or `listed in versions`. */
  range: string;
  /** JSON pointer of the range or list inside the affected entry (`ranges/1`, `versions`). */
  at: string;
}

/**
 * The place where `version` is affected, or undefined. ECOSYSTEM ranges are evaluated as the OSV
 * schema specifies: events sorted by version (`introduced: "0"` first); an `introduced` at or below
 * the version turns it affected, a `fixed` at or below it (or a `last_affected` or `limit` below it)
 * turns it unaffected again. GIT ranges name commits, not versions, and SEMVER ranges do not apply
 * to opam or Debian versions: both are left to the `versions` list, which OSV generators fill.
 */
export function findAffectedRange(
  version: string,
  affected: OsvAffected,
  compare: VersionOrder,
): AffectedHit | undefined {
  for (const [i, range] of (affected.ranges ?? []).entries()) {
    if (range.type !== 'ECOSYSTEM') continue;
    const interval = intervalContaining(version, range.events, compare);
    if (interval !== undefined) return { range: interval, at: `ranges/${i}` };
  }
  if ((affected.versions ?? []).includes(version)) return { range: 'listed in versions', at: 'versions' };
  return undefined;
}

/** Every version an event names, for callers that check them before comparing. */
export function eventVersion(e: OsvEvent): string {
  return (e.introduced ?? e.fixed ?? e.last_affected ?? e.limit) as string;
}

function intervalContaining(version: string, events: OsvEvent[], compare: VersionOrder): string | undefined {
  const sorted = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => orderEvents(a.e, b.e, compare) || a.i - b.i)
    .map((x) => x.e);
  let affected = false;
  let opened: number | undefined;
  for (const [i, e] of sorted.entries()) {
    if (e.introduced !== undefined) {
      if (e.introduced === '0' || compare(version, e.introduced) >= 0) {
        affected = true;
        opened = i;
      }
    } else if (e.fixed !== undefined) {
      if (compare(version, e.fixed) >= 0) affected = false;
    } else if (e.last_affected !== undefined) {
      if (compare(version, e.last_affected) > 0) affected = false;
    } else if (e.limit !== undefined && compare(version, e.limit) >= 0) affected = false;
  }
  if (!affected || opened === undefined) return undefined;
  const start = `>= ${sorted[opened]?.introduced}`;
  const end = sorted.slice(opened + 1).find((e) => e.introduced === undefined);
  if (end === undefined) return start;
  if (end.fixed !== undefined) return `${start}, < ${end.fixed}`;
  if (end.last_affected !== undefined) return `${start}, <= ${end.last_affected}`;
  return `${start}, < ${end.limit} (limit)`;
}

function orderEvents(a: OsvEvent, b: OsvEvent, compare: VersionOrder): number {
  const zeroA = a.introduced === '0';
  const zeroB = b.introduced === '0';
  if (zeroA || zeroB) return zeroA === zeroB ? 0 : zeroA ? -1 : 1;
  return compare(eventVersion(a), eventVersion(b));
}
