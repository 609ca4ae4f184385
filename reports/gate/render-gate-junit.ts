import type { GateResult } from '../../analyzer/gate/gate-result.js';
import { describeLimit, describeMeasured } from './describe-rule.js';

// Control characters XML 1.0 forbids even as references: shown as \uXXXX so the report stays well-formed.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** XML text and attribute values: the five special characters, and control characters XML 1.0 forbids. */
function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(FORBIDDEN_IN_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

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
