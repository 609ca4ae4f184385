import type { AdvisorySeverity } from '../../analyzer/advisories/advisory-severity.js';
import type { AuditResult } from '../../analyzer/advisories/audit-result.js';
import type { AdvisoryMatch } from '../../analyzer/advisories/match-advisories.js';

/** A severity as a reader wants it: `high 7.5 (CVSS_V3)`, `unknown (CVSS_V4 not scored by tcbscope)`. */
export function describeSeverity(s: AdvisorySeverity): string {
  return `${s.level}${s.score !== undefined ? ` ${s.score.toFixed(1)}` : ''} (${s.source})`;
}

/** The id with its aliases: `OSEC-2026-01 (CVE-2026-28364, GHSA-...)`. */
export function describeAdvisory(m: AdvisoryMatch): string {
  return m.aliases.length > 0 ? `${m.id} (${m.aliases.join(', ')})` : m.id;
}

/** Whether the package reaches the running image, for the reviewer weighing the match. */
export function describeReach(m: AdvisoryMatch): string {
  if (m.buildOnly) return 'build-only';
  return m.fileSize > 0 ? `in the image, ${m.fileSize} bytes` : 'runtime dependency';
}

/** The verdict line shared by every reporter. */
export function describeAuditVerdict(r: AuditResult): string {
  const found = `${r.matches.length} advisory match(es) in ${r.checked} package(s) checked against ${r.advisories} advisories`;
  if (r.failOn === undefined) return found;
  return r.ok
    ? `passed: ${found}, none at or above ${r.failOn}`
    : `FAILED: ${r.failing} match(es) at or above ${r.failOn}; ${found}`;
}
