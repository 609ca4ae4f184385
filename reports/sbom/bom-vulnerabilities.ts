import { Vulnerability as VulnerabilityEnums } from '@cyclonedx/cyclonedx-library/Enums';
import { Property, Vulnerability, type Component } from '@cyclonedx/cyclonedx-library/Models';
import type { AdvisorySeverity } from '../../analyzer/advisories/advisory-severity.js';
import type { AdvisoryMatch } from '../../analyzer/advisories/match-advisories.js';
import type { LoadedAdvisory, OsvAdvisory } from '../../analyzer/advisories/osv-advisory.js';

const { AffectStatus, RatingMethod, Severity } = VulnerabilityEnums;

/** Namespace of the properties tcbscope adds where CycloneDX has no field of its own. */
const P = 'tcbscope:';

/** The source every vulnerability and its ratings name: tcbscope reads OSV files and nothing else. */
const OSV_SOURCE = (): Vulnerability.Source => new Vulnerability.Source({ name: 'OSV' });

const SEVERITIES: Record<AdvisorySeverity['level'], VulnerabilityEnums.Severity> = {
  low: Severity.Low,
  medium: Severity.Medium,
  high: Severity.High,
  critical: Severity.Critical,
  unknown: Severity.Unknown,
};

/**
 * The advisory matches as CycloneDX vulnerabilities: one per OSV file that matched, whatever the
 * number of packages it affects, each package an `affects` entry pointing at its component's
 * bom-ref with the matched version (status `affected`). The matches come from `matchAdvisories`,
 * so the SBOM lists exactly what `tcbscope audit` reports; `advisories` gives the fields a match
 * does not carry (details, references, dates). `components` maps package names to components.
 */
export function buildBomVulnerabilities(
  matches: AdvisoryMatch[],
  advisories: LoadedAdvisory[],
  components: ReadonlyMap<string, Component>,
): Vulnerability.Vulnerability[] {
  const byFile = new Map(advisories.map((a) => [a.file, a.advisory]));
  const grouped = new Map<string, AdvisoryMatch[]>();
  for (const m of matches) grouped.set(m.file, [...(grouped.get(m.file) ?? []), m]);
  const ids = new Map<string, number>();
  for (const first of [...grouped.values()].map((g) => g[0] as AdvisoryMatch))
    ids.set(first.id, (ids.get(first.id) ?? 0) + 1);
  const out: Vulnerability.Vulnerability[] = [];
  for (const [file, group] of grouped) {
    const first = group[0] as AdvisoryMatch;
    const advisory = byFile.get(file);
    if (advisory === undefined) continue; // a match always comes from one of the advisories given
    // Two files may carry the same id (a copy, or two databases): bom-refs must still be unique.
    const bomRef = ids.get(first.id) === 1 ? `vulnerability:${first.id}` : `vulnerability:${file}`;
    const v = new Vulnerability.Vulnerability({ bomRef, id: first.id, source: OSV_SOURCE() });
    describe(v, advisory);
    v.ratings.add(ratingOf(first.severity));
    for (const alias of first.aliases)
      v.references.add(new Vulnerability.Reference(alias, aliasSource(alias)));
    for (const m of group) {
      const component = components.get(m.package);
      if (component === undefined) continue;
      v.affects.add(
        new Vulnerability.Affect(component.bomRef, {
          versions: new Vulnerability.AffectedVersionRepository([
            new Vulnerability.AffectedSingleVersion(m.version, { status: AffectStatus.Affected }),
          ]),
        }),
      );
      // Which range of the advisory the version fell in, so a reader can check the match by hand.
      v.properties.add(new Property(`${P}matched-range`, `${m.package}@${m.version}: ${m.range} (${m.at})`));
    }
    v.properties.add(new Property(`${P}osv-file`, file));
    out.push(v);
  }
  return out;
}

/** Summary, details, dates and links of the advisory; dates OSV writes in another form are left out. */
function describe(v: Vulnerability.Vulnerability, advisory: OsvAdvisory): void {
  if (advisory.summary !== undefined && advisory.summary !== '') v.description = advisory.summary;
  if (advisory.details !== undefined && advisory.details !== '') v.detail = advisory.details;
  const published = dateOf(advisory.published);
  if (published !== undefined) v.published = published;
  const updated = dateOf(advisory.modified);
  if (updated !== undefined) v.updated = updated;
  // CycloneDX's `advisories` are links with an optional title: OSV's reference type is the title.
  // The library drops a URL that is not an IRI reference, so a bad link cannot break the BOM.
  for (const ref of advisory.references ?? [])
    v.advisories.add(new Vulnerability.Advisory(ref.url, { title: ref.type }));
}

/** The rating: a CVSS v3 score and vector with its method, else the database's word, else unknown. */
function ratingOf(severity: AdvisorySeverity): Vulnerability.Rating {
  const rating = new Vulnerability.Rating({ source: OSV_SOURCE(), severity: SEVERITIES[severity.level] });
  if (severity.source === 'CVSS_V3' && severity.vector !== undefined) {
    rating.method = severity.vector.startsWith('CVSS:3.1/') ? RatingMethod.CVSSv31 : RatingMethod.CVSSv3;
    rating.vector = severity.vector;
    if (severity.score !== undefined) rating.score = severity.score;
  } else if (severity.vector?.startsWith('CVSS:4.0/') === true) {
    // A CVSS v4 vector, which tcbscope does not score: the vector is kept for tools that do.
    rating.method = RatingMethod.CVSSv4;
    rating.vector = severity.vector;
    rating.justification = severity.source;
  } else {
    // A database's own word (`MODERATE`), or a kind of severity tcbscope does not know.
    rating.method = RatingMethod.Other;
    rating.justification =
      severity.vector !== undefined ? `${severity.source}: ${severity.vector}` : severity.source;
  }
  return rating;
}

/** Where an alias is published: NVD for CVE ids, GitHub for GHSA ids, else the OSV database. */
function aliasSource(alias: string): Vulnerability.Source {
  const id = encodeURIComponent(alias);
  if (/^CVE-\d+-\d+$/.test(alias))
    return new Vulnerability.Source({ name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` });
  if (alias.startsWith('GHSA-'))
    return new Vulnerability.Source({ name: 'GitHub', url: `https://github.com/advisories/${id}` });
  return new Vulnerability.Source({ name: 'OSV', url: `https://osv.dev/vulnerability/${id}` });
}

/** An RFC 3339 time as a Date, or undefined when it is not one (the serializer would throw). */
function dateOf(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
