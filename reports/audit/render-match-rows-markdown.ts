import type { AdvisoryMatch } from '../../analyzer/advisories/match-advisories.js';
import { markdownCell, markdownCode, markdownRow } from '../markdown-text.js';
import { describeAdvisory, describeReach, describeSeverity } from './describe-match.js';

/** The columns of an advisory match table, in the order {@link renderMatchRowsMarkdown} fills them. */
export const MATCH_COLUMNS: readonly string[] = [
  'advisory',
  'package',
  'version',
  'affected',
  'severity',
  'reach',
  'summary',
];

/**
 * One Markdown table row per advisory match: `tcbscope audit --reporter markdown` and a report
 * file's advisories section show the same columns. The advisory cell is the caller's: the audit
 * comment writes the id and aliases as text, the report file as a code span. Everything else from
 * a manifest or an advisory file is a code span or an escaped cell, since both are untrusted.
 */
export function renderMatchRowsMarkdown(
  matches: readonly AdvisoryMatch[],
  advisoryCell: (text: string) => string,
): string[] {
  return matches.map((m) =>
    markdownRow([
      advisoryCell(describeAdvisory(m)),
      markdownCode(m.package),
      markdownCode(m.version),
      markdownCode(m.range),
      markdownCell(describeSeverity(m.severity)),
      markdownCell(describeReach(m)),
      markdownCell(m.summary ?? ''),
    ]),
  );
}
