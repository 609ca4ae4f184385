import type { Manifest } from '../model/manifest.js';
import { packageEcosystem } from '../package-ecosystem.js';
import { severityRank, type SeverityLevel } from './advisory-severity.js';
import { isComparable, matchAdvisories, type AdvisoryMatch } from './match-advisories.js';
import type { LoadedAdvisory } from './osv-advisory.js';

/** What `tcbscope audit` found: every reporter renders this, and the exit code follows `ok`. */
export interface AuditResult {
  /** The image (or stack) name and target, and the manifest and advisory folder as the user gave them. */
  image: string;
  target: string;
  manifest: string;
  advisoryFolder: string;
  /** Advisories read, and how many of them are withdrawn (they match nothing). */
  advisories: number;
  withdrawn: number;
  /** Packages with an ecosystem and a version, compared with the advisories. */
  checked: number;
  /** Packages that could not be compared, with the reason (no version, no package manager). */
  unchecked: { package: string; reason: string }[];
  matches: AdvisoryMatch[];
  /** The `--fail-on` level, if given. */
  failOn?: SeverityLevel;
  /** Matches at or above `failOn` (an unknown severity counts as above every level). */
  failing: number;
  ok: boolean;
}

/** Options of the audit verdict. */
export interface AuditOptions {
  manifest: string;
  advisoryFolder: string;
  /** Fail when a match is at or above this level; without it the audit only reports. */
  failOn?: SeverityLevel;
}

/** Matches the advisories and judges the result against `failOn`. */
export function auditManifest(
  manifest: Manifest,
  advisories: LoadedAdvisory[],
  options: AuditOptions,
): AuditResult {
  const matches = matchAdvisories(manifest, advisories);
  const unchecked: AuditResult['unchecked'] = [];
  let checked = 0;
  for (const p of manifest.dependencies.packages) {
    const ecosystem = packageEcosystem(p);
    if (ecosystem === undefined)
      unchecked.push({ package: p.name, reason: `no package manager named it (${p.origin})` });
    else if (p.version === undefined) unchecked.push({ package: p.name, reason: 'no version' });
    else if (!isComparable(ecosystem, p.version))
      unchecked.push({ package: p.name, reason: `version ${p.version} is not a Debian version` });
    else checked++;
  }
  const failOn = options.failOn;
  const failing =
    failOn === undefined
      ? 0
      : matches.filter((m) => severityRank(m.severity.level) >= severityRank(failOn)).length;
  const result: AuditResult = {
    image: manifest.identity.name,
    target: manifest.identity.target,
    manifest: options.manifest,
    advisoryFolder: options.advisoryFolder,
    advisories: advisories.length,
    withdrawn: advisories.filter((a) => a.advisory.withdrawn !== undefined).length,
    checked,
    unchecked: unchecked.sort((a, b) => (a.package < b.package ? -1 : a.package > b.package ? 1 : 0)),
    matches,
    failing,
    ok: failing === 0,
  };
  if (failOn !== undefined) result.failOn = failOn;
  return result;
}
