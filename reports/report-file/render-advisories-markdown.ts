import type { ImageAdvisories } from '../../analyzer/advisories/describe-image-advisories.js';
import { MATCH_COLUMNS, renderMatchRowsMarkdown } from '../audit/render-match-rows-markdown.js';
import { markdownCode, markdownInlineCode, markdownRow } from '../markdown-text.js';

/**
 * One image's advisory matches in a Markdown report: the same columns as `tcbscope audit
 * --reporter markdown`, without its pass/fail verdict (a report gates nothing). Names, versions
 * and ranges come from untrusted manifests and advisory files, so they are code spans.
 */
export function renderImageAdvisoriesMarkdown(a: ImageAdvisories): string {
  const out = [
    '#### Advisories',
    '',
    `${a.matches.length} advisory match(es) in ${a.checked} package(s) checked against ${a.advisories} advisories from ${markdownInlineCode(a.folder ?? '')}; ${a.unchecked} package(s) could not be checked.`,
    '',
  ];
  if (a.matches.length > 0)
    out.push(
      markdownRow(MATCH_COLUMNS),
      markdownRow(MATCH_COLUMNS.map(() => ':--')),
      ...renderMatchRowsMarkdown(a.matches, markdownCode),
      '',
    );
  return out.join('\n');
}
