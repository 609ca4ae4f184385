import { compareDebianVersions, parseDebianVersion } from '../../builder/debian/debian-version.js';
import { compareOpamVersions } from '../../builder/opam/compare-opam-versions.js';
import type { DependencyPackage, Manifest } from '../model/manifest.js';
import { UserError } from '../model/user-error.js';
import { packageEcosystem, type PackageEcosystem } from '../package-ecosystem.js';
import { eventVersion, findAffectedRange, type VersionOrder } from './affected-range.js';
import { severityOf, severityRank, type AdvisorySeverity } from './advisory-severity.js';
import type { LoadedAdvisory, OsvAffected } from './osv-advisory.js';

/** One advisory that affects one package of the manifest at its version. */
export interface AdvisoryMatch {
  /** The advisory's id (`OSEC-2026-01`) and its aliases (CVE, GHSA ids). */
  id: string;
  aliases: string[];
  summary?: string;
  /** The OSV file it was read from, as the user named the folder. */
  file: string;
  package: string;
  version: string;
  ecosystem: PackageEcosystem;
  /** Where the version falls: `>= 0, < 4.14.3`, or `listed in versions`. */
  range: string;
  /** JSON pointer of that range in the advisory (`/affected/0/ranges/0`). */
  at: string;
  severity: AdvisorySeverity;
  /** The package is needed only to build (its advisory does not reach the running image). */
  buildOnly: boolean;
  /** Bytes the package puts into the image (0 for metadata-only manifests). */
  fileSize: number;
}

const ORDERS: Record<PackageEcosystem, VersionOrder> = {
  opam: compareOpamVersions,
  Debian: compareDebianVersions,
};

/**
 * The advisories that affect the manifest's packages, most severe first. Pure: the gate's advisory
 * rule calls it with the manifest it judges and the advisories the pipeline read. opam packages
 * match `opam` entries in opam's version order; Debian packages match `Debian` and `Debian:N`
 * entries in dpkg's order (a `Debian:N` entry is skipped only when the manifest is a stack of
 * another release: a host's dpkg packages do not record theirs). Withdrawn advisories match nothing.
 */
export function matchAdvisories(manifest: Manifest, advisories: LoadedAdvisory[]): AdvisoryMatch[] {
  const release = /^debian-(\d+)-/.exec(manifest.identity.target)?.[1];
  const packages = manifest.dependencies.packages.flatMap((p) => {
    const ecosystem = packageEcosystem(p);
    return ecosystem !== undefined && p.version !== undefined && isComparable(ecosystem, p.version)
      ? [{ pkg: p, ecosystem, version: p.version }]
      : [];
  });
  const matches: AdvisoryMatch[] = [];
  for (const { file, advisory } of advisories) {
    if (advisory.withdrawn !== undefined) continue;
    let severity: AdvisorySeverity | undefined;
    for (const [i, affected] of (advisory.affected ?? []).entries()) {
      const ecosystem = osvEcosystem(affected.package.ecosystem, release);
      if (ecosystem === undefined) continue;
      checkEventVersions(affected, ecosystem, file, i);
      for (const { pkg, version } of packages.filter((x) => x.ecosystem === ecosystem)) {
        if (!sameName(ecosystem, pkg, affected.package.name)) continue;
        const hit = findAffectedRange(version, affected, ORDERS[ecosystem]);
        if (hit === undefined) continue;
        severity ??= severityOf(advisory, (index, why) => {
          throw new UserError('ADVISORY_BAD', `not a CVSS v3 vector: ${why}`, {
            file,
            at: `/severity/${index}/score`,
          });
        });
        const match: AdvisoryMatch = {
          id: advisory.id,
          aliases: [...(advisory.aliases ?? [])].sort(),
          file,
          package: pkg.name,
          version,
          ecosystem,
          range: hit.range,
          at: `/affected/${i}/${hit.at}`,
          severity,
          buildOnly: pkg.buildOnly,
          fileSize: pkg.fileSize,
        };
        if (advisory.summary !== undefined) match.summary = advisory.summary;
        matches.push(match);
      }
    }
  }
  return matches.sort(
    (a, b) =>
      severityRank(b.severity.level) - severityRank(a.severity.level) ||
      (b.severity.score ?? -1) - (a.severity.score ?? -1) ||
      compareText(a.id, b.id) ||
      compareText(a.package, b.package),
  );
}

/** The ecosystem an OSV entry names, if tcbscope reads that ecosystem (and, for `Debian:N`, that release). */
function osvEcosystem(name: string, release: string | undefined): PackageEcosystem | undefined {
  if (name === 'opam') return 'opam';
  const debian = /^Debian(?::(\d+))?$/.exec(name);
  if (debian === null) return undefined;
  return debian[1] === undefined || release === undefined || debian[1] === release ? 'Debian' : undefined;
}

/** Debian names are lower case (Policy 5.6.1); opam names are compared as written. */
function sameName(ecosystem: PackageEcosystem, pkg: DependencyPackage, name: string): boolean {
  return ecosystem === 'Debian' ? pkg.name.toLowerCase() === name.toLowerCase() : pkg.name === name;
}

/** A Debian version dpkg would refuse cannot be ordered: such a package is reported unchecked. */
export function isComparable(ecosystem: PackageEcosystem, version: string): boolean {
  if (ecosystem !== 'Debian') return true;
  try {
    parseDebianVersion(version);
    return true;
  } catch {
    return false;
  }
}

/** Refuses an advisory whose Debian range versions dpkg could not order, naming the event's key. */
function checkEventVersions(
  affected: OsvAffected,
  ecosystem: PackageEcosystem,
  file: string,
  i: number,
): void {
  if (ecosystem !== 'Debian') return;
  for (const [r, range] of (affected.ranges ?? []).entries()) {
    if (range.type !== 'ECOSYSTEM') continue;
    for (const [e, event] of range.events.entries()) {
      const v = eventVersion(event);
      if (event.introduced === '0' || isComparable('Debian', v)) continue;
      throw new UserError('ADVISORY_BAD', `"${v}" is not a Debian version`, {
        file,
        at: `/affected/${i}/ranges/${r}/events/${e}`,
      });
    }
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
