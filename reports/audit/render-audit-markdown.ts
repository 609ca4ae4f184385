import type { AuditResult } from '../../analyzer/advisories/audit-result.js';
import { markdownCell, markdownCode, markdownRow } from '../markdown-text.js';
import { describeAuditVerdict } from './describe-match.js';
import { MATCH_COLUMNS, renderMatchRowsMarkdown } from './render-match-rows-markdown.js';

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
      markdownRow(MATCH_COLUMNS),
      // The comment's separator row has always been written without spaces; the report file's has them.
      '|:--|:--|:--|:--|:--|:--|:--|',
      ...renderMatchRowsMarkdown(result.matches, markdownCell),
      '',
    );
  if (result.unchecked.length > 0)
    out.push(
      `Not checked: ${result.unchecked.map((u) => `${markdownCode(u.package)} (${markdownCell(u.reason)})`).join(', ')}.`,
      '',
    );
  return out.join('\n');
}
