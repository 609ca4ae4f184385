import type { ImageAdvisories } from '../../analyzer/advisories/describe-image-advisories.js';
import { describeAdvisory, describeReach, describeSeverity } from '../audit/describe-match.js';
import { markdownCell, markdownCode, markdownInlineCode, markdownRow } from '../markdown-text.js';

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
      markdownRow(['advisory', 'package', 'version', 'affected', 'severity', 'reach', 'summary']),
      markdownRow([':--', ':--', ':--', ':--', ':--', ':--', ':--']),
      ...a.matches.map((m) =>
        markdownRow([
          markdownCode(describeAdvisory(m)),
          markdownCode(m.package),
          markdownCode(m.version),
          markdownCode(m.range),
          markdownCell(describeSeverity(m.severity)),
          markdownCell(describeReach(m)),
          markdownCell(m.summary ?? ''),
        ]),
      ),
      '',
    );
  return out.join('\n');
}
