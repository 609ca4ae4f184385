import type { AuditResult } from '../../analyzer/advisories/audit-result.js';
import { markdownCell, markdownCode } from '../markdown-text.js';
import { describeAdvisory, describeAuditVerdict, describeReach, describeSeverity } from './describe-match.js';

const TABLE = [
  '| advisory | package | version | affected | severity | reach | summary |',
  '|:--|:--|:--|:--|:--|:--|:--|',
];

/** The audit as a pull-request comment: the verdict and one table row per match. */
export function renderAuditMarkdown(result: AuditResult): string {
  const icon = result.ok ? (result.matches.length === 0 ? '✅' : '⚠️') : '❌';
  const out = [
    `## ${icon} tcbscope audit: ${describeAuditVerdict(result)}`,
    '',
    `Image ${markdownCode(result.image)} (${markdownCode(result.target)}), advisories from ${markdownCode(result.advisoryFolder)}.`,
    '',
  ];
  if (result.matches.length > 0)
    out.push(
      ...TABLE,
      ...result.matches.map(
        (m) =>
          `| ${[
            markdownCell(describeAdvisory(m)),
            markdownCode(m.package),
            markdownCode(m.version),
            markdownCode(m.range),
            markdownCell(describeSeverity(m.severity)),
            markdownCell(describeReach(m)),
            markdownCell(m.summary ?? ''),
          ].join(' | ')} |`,
      ),
      '',
    );
  if (result.unchecked.length > 0)
    out.push(
      `Not checked: ${result.unchecked.map((u) => `${markdownCode(u.package)} (${markdownCell(u.reason)})`).join(', ')}.`,
      '',
    );
  return out.join('\n');
}
