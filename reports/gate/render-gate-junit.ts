import type { GateResult } from '../../analyzer/gate/gate-result.js';
import { xmlText as xml } from '../xml-text.js';
import { describeLimit, describeMeasured } from './describe-rule.js';

/** JUnit XML for CI test reports: one test suite per target, one test case per rule. */
export function renderGateJunit(result: GateResult): string {
  const suites = result.targets.map((t) => {
    const failures = t.rules.filter((r) => r.status === 'fail').length;
    const skipped = t.rules.filter((r) => r.status === 'skipped').length;
    const cases = t.rules.map((r) => {
      const open = `    <testcase classname="tcbscope.gate.${xml(t.target)}" name="${xml(r.rule)}">`;
      const detail = `${r.message}; limit ${describeLimit(r)}; measured ${describeMeasured(r)}${r.baseline === undefined ? '' : `; baseline ${r.baseline}`}; set at ${r.where}`;
      if (r.status === 'pass') return `${open}</testcase>`;
      if (r.status === 'skipped') return `${open}<skipped>${xml(r.message)}</skipped></testcase>`;
      return `${open}\n      <failure type="${xml(r.rule)}" message="${xml(r.message)}">${xml(detail)}</failure>\n    </testcase>`;
    });
    return [
      `  <testsuite name="${xml(`target ${t.target}`)}" tests="${t.rules.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const tests = result.targets.reduce((n, t) => n + t.rules.length, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tcbscope gate" tests="${tests}" failures="${result.failures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
