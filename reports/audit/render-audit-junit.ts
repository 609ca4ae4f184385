import { severityRank } from '../../analyzer/advisories/advisory-severity.js';
import type { AuditResult } from '../../analyzer/advisories/audit-result.js';
import type { AdvisoryMatch } from '../../analyzer/advisories/match-advisories.js';
import { describeAdvisory, describeReach, describeSeverity } from './describe-match.js';
import { xmlText as xml } from '../xml-text.js';

/**
 * JUnit XML for CI test reports: one test case per advisory match. A match at or above `--fail-on`
 * (every match, without `--fail-on`: a known advisory is a failed check) is a failure; one below
 * the level is a passing case whose output says why it passed. No match: one passing case.
 */
export function renderAuditJunit(result: AuditResult): string {
  const suite = `tcbscope.audit.${result.image}`;
  const cases = result.matches.map((m) => {
    const open = `    <testcase classname="${xml(suite)}" name="${xml(`${m.id} ${m.package} ${m.version}`)}">`;
    const detail = `${describeAdvisory(m)}: ${m.package} ${m.version} is in ${m.range} (${m.file} ${m.at}); severity ${describeSeverity(m.severity)}; ${describeReach(m)}${m.summary !== undefined ? `; ${m.summary}` : ''}`;
    if (!isFailure(result, m))
      return `${open}\n      <system-out>${xml(`below --fail-on ${result.failOn}: ${detail}`)}</system-out>\n    </testcase>`;
    return `${open}\n      <failure type="${xml(m.severity.level)}" message="${xml(`${m.id} affects ${m.package} ${m.version}`)}">${xml(detail)}</failure>\n    </testcase>`;
  });
  if (cases.length === 0)
    cases.push(
      `    <testcase classname="${xml(suite)}" name="${xml(`no advisory affects the ${result.checked} package(s) checked`)}"></testcase>`,
    );
  const failures = result.matches.filter((m) => isFailure(result, m)).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tcbscope audit" tests="${cases.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${xml(`image ${result.image}`)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function isFailure(result: AuditResult, m: AdvisoryMatch): boolean {
  return result.failOn === undefined || severityRank(m.severity.level) >= severityRank(result.failOn);
}
