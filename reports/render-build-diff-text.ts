import type { BuildDiff, TargetDiff } from '../analyzer/diff-builds.js';
import { formatCount, formatDelta } from './format-number.js';
import { describeSide, renderDiffText, type DiffReportOptions } from './render-diff-text.js';

/** `unix: file bytes 1,234 → 1,300 (+66), packages ...`, or which side lacks the target. */
export function describeTargetLine(t: TargetDiff): string {
  const bytes = t.fileSize === undefined ? '' : `, ${formatCount(t.fileSize)} file bytes`;
  if (t.presence === 'base-only') return `${t.target}: only in the base build (removed${bytes})`;
  if (t.presence === 'head-only') return `${t.target}: only in the head build (added${bytes})`;
  const f = t.diff!.totals.fileSize;
  const p = t.diff!.totals.packages;
  const g = t.diff!.dependencies.counts.packages;
  return `${t.target}: file bytes ${formatCount(f.base)} → ${formatCount(f.head)} (${formatDelta(f.delta)}), packages with bytes ${p.base} → ${p.head} (${formatDelta(p.delta)}), in the dependency graph ${g.base} → ${g.head} (${formatDelta(g.delta)})`;
}

/** Two whole builds for a terminal: one line per target, then each common target's diff. */
export function renderBuildDiffText(diff: BuildDiff, options: DiffReportOptions = {}): string {
  const lines = [
    `tcbscope diff: ${diff.base} → ${diff.head}, ${diff.targets.length} target(s) matched by name`,
    ...diff.targets.map((t) => `  ${describeTargetLine(t)}`),
  ];
  let text = lines.join('\n') + '\n';
  for (const t of diff.targets) {
    const side = t.base ?? t.head;
    if (t.diff) text += `\n== target ${t.target} ==\n${renderDiffText(t.diff, options)}`;
    else if (side)
      text += `\n== target ${t.target}: ${t.presence === 'base-only' ? 'removed' : 'added'} ==\n${t.presence === 'base-only' ? 'base' : 'head'}: ${describeSide(side)}\n`;
  }
  return text;
}
