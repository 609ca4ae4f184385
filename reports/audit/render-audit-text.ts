import type { AuditResult } from '../../analyzer/advisories/audit-result.js';
import { describeAdvisory, describeAuditVerdict, describeReach, describeSeverity } from './describe-match.js';

/** The audit for a terminal or a CI log: the verdict, then each match with its range and severity. */
export function renderAuditText(result: AuditResult): string {
  const lines = [
    `tcbscope audit: ${describeAuditVerdict(result)}`,
    `  ${result.image} (${result.target}), manifest ${result.manifest}, advisories ${result.advisoryFolder}`,
  ];
  for (const m of result.matches)
    lines.push(
      '',
      `${describeAdvisory(m)}: ${m.package} ${m.version} (${m.ecosystem}, ${describeReach(m)})`,
      `  affected: ${m.range} [${m.file} ${m.at}]`,
      `  severity: ${describeSeverity(m.severity)}${m.severity.vector !== undefined ? ` ${m.severity.vector}` : ''}`,
      ...(m.summary !== undefined ? [`  ${m.summary}`] : []),
    );
  if (result.unchecked.length > 0)
    lines.push(
      '',
      `not checked (${result.unchecked.length}): ${result.unchecked.map((u) => `${u.package} (${u.reason})`).join(', ')}`,
    );
  return lines.join('\n') + '\n';
}
