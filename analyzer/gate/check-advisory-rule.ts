import { severityRank, type SeverityLevel } from '../advisories/advisory-severity.js';
import { matchAdvisories, type AdvisoryMatch } from '../advisories/match-advisories.js';
import type { LoadedAdvisory } from '../advisories/osv-advisory.js';
import type { Manifest } from '../model/manifest.js';
import type { RuleResult } from './gate-result.js';
import type { ResolvedLimit } from './resolve-target-rules.js';

/** The matches at or above `level`: an unrated advisory ranks above critical, so it always counts. */
function failingMatches(
  manifest: Manifest,
  advisories: readonly LoadedAdvisory[],
  level: SeverityLevel,
): AdvisoryMatch[] {
  return matchAdvisories(manifest, [...advisories]).filter(
    (m) => severityRank(m.severity.level) >= severityRank(level),
  );
}

/** `OSEC-2026-01 (zlib1g-dev 1:1.2.13, high)`: what a reviewer looks up, and where it hits. */
function describeMatch(m: AdvisoryMatch): string {
  return `${m.id} (${m.package} ${m.version}, ${m.severity.level}${m.buildOnly ? ', build only' : ''})`;
}

/**
 * `failOnAdvisories`: the advisories at or above the level that affect the current build's packages
 * fail the rule; the baseline's count is shown beside them so a reviewer sees whether the change
 * brought them in. Without advisories (the caller read none) the rule is skipped, never passed.
 */
export function checkAdvisoryRule(
  target: string,
  limit: ResolvedLimit<SeverityLevel>,
  current: Manifest,
  baseline: Manifest | undefined,
  advisories: readonly LoadedAdvisory[] | undefined,
): RuleResult {
  const base = { target, rule: 'failOnAdvisories', limit: limit.value, where: limit.where };
  if (advisories === undefined)
    return {
      ...base,
      status: 'skipped',
      measured: [],
      message: 'no advisories given (gate --advisories DIR)',
    };
  const hits = failingMatches(current, advisories, limit.value);
  // One entry per advisory and package: an advisory listing a package twice is one finding.
  const measured = [...new Set(hits.map(describeMatch))];
  const out: RuleResult = {
    ...base,
    status: measured.length === 0 ? 'pass' : 'fail',
    measured,
    message:
      measured.length === 0
        ? `no advisory at ${limit.value} or above (${advisories.length} read)`
        : `advisor${measured.length > 1 ? 'ies' : 'y'} at ${limit.value} or above: ${measured.join(', ')}`,
  };
  if (baseline)
    out.baseline = new Set(failingMatches(baseline, advisories, limit.value).map(describeMatch)).size;
  return out;
}
