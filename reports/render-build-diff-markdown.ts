import type { BuildDiff, TargetDiff } from '../analyzer/diff-builds.js';
import { formatCount, formatDelta, formatRelative } from './format-number.js';
import { markdownCode as code, markdownInlineCode as inline } from './markdown-text.js';
import { renderDiffMarkdown } from './render-diff-markdown.js';
import type { DiffReportOptions } from './render-diff-text.js';

/** The header and alignment rows of the per-target table: stable for bots that parse the comment. */
export const BUILD_DIFF_MARKDOWN_TABLE_HEADER = [
  '| target | status | base bytes | head bytes | Δ bytes | Δ % | packages |',
  '|:--|:--|--:|--:|--:|--:|--:|',
] as const;

function targetRow(t: TargetDiff): string {
  if (!t.diff) {
    const status = t.presence === 'base-only' ? '**removed**' : '**added**';
    const side = (t.base ?? t.head)!;
    const bytes = t.fileSize === undefined ? '' : formatCount(t.fileSize);
    const [base, head] = t.presence === 'base-only' ? [bytes, ''] : ['', bytes];
    return `| ${code(t.target)} | ${status} (${code(side.name)}) | ${base} | ${head} |  |  |  |`;
  }
  const f = t.diff.totals.fileSize;
  const p = t.diff.totals.packages;
  return `| ${code(t.target)} | compared | ${formatCount(f.base)} | ${formatCount(f.head)} | ${formatDelta(f.delta)} | ${formatRelative(f)} | ${p.base} → ${p.head} |`;
}

/**
 * Two whole builds as a pull-request comment: one table row per target (targets on one side only
 * marked added or removed), then each compared target's diff under its own heading.
 */
export function renderBuildDiffMarkdown(diff: BuildDiff, options: DiffReportOptions = {}): string {
  const lines = [
    `## tcbscope diff: ${inline(diff.base)} → ${inline(diff.head)} (${diff.targets.length} target(s), matched by name)`,
    '',
    ...BUILD_DIFF_MARKDOWN_TABLE_HEADER,
    ...diff.targets.map(targetRow),
  ];
  let text = lines.join('\n') + '\n';
  for (const t of diff.targets) if (t.diff) text += `\n${renderDiffMarkdown(t.diff, options)}`;
  return text;
}
