import { markdownCell, markdownCode, markdownInlineCode, markdownRow } from './markdown-text.js';
import {
  hasInferredStep,
  INFERRED_NOTE,
  TIER_LABEL,
  type WhyReport,
  type WhyReportOptions,
} from './render-why-text.js';
import type { PathStep } from '../analyzer/why.js';

function markdownStep(step: PathStep): string {
  if (!step.kind) return markdownCode(step.name);
  return `${markdownCode(step.name)} (${step.kind}${step.inferred ? ', *inferred*' : ''})`;
}

/** A heading and a table of paths (tier, path) in the analyzer's order, for a pull-request comment. */
export function renderWhyMarkdown(r: WhyReport, _options: WhyReportOptions = {}): string {
  const heading = `### tcbscope why: ${markdownInlineCode(r.package)}: ${r.paths.length} path(s) from the roots`;
  if (r.paths.length === 0)
    return `${heading}\n\nNo known edge leads to it from the roots (${r.roots.map(markdownInlineCode).join(', ')}).\n`;
  const rows = r.paths.map((p) => markdownRow([TIER_LABEL[p.tier], p.path.map(markdownStep).join(' → ')]));
  const note = hasInferredStep(r.paths) ? `\n\n*${markdownCell(INFERRED_NOTE)}*` : '';
  return `${heading}\n\n${markdownRow(['tier', 'path'])}\n${markdownRow(['---', '---'])}\n${rows.join('\n')}${note}\n`;
}
