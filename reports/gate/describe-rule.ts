import type { RuleResult } from '../../analyzer/gate/gate-result.js';

/** A rule's limit as a reader wants it: patterns joined, percent limits marked. */
export function describeLimit(r: RuleResult): string {
  if (Array.isArray(r.limit)) return r.limit.length === 0 ? '(none allowed)' : r.limit.join(', ');
  if (typeof r.limit === 'string') return `${r.limit} or above`; // a severity level
  return r.rule.includes('Percent') ? `${r.limit}%` : String(r.limit);
}

/** A rule's measured value: a figure, or the names it found (`-` for none). */
export function describeMeasured(r: RuleResult): string {
  if (Array.isArray(r.measured)) return r.measured.length === 0 ? '-' : r.measured.join(', ');
  return String(r.measured);
}

/** The verdict line shared by every reporter. */
export function describeVerdict(failures: number, targets: number): string {
  return failures === 0
    ? `passed: every rule holds on ${targets} target(s)`
    : `FAILED: ${failures} rule(s) broken`;
}
