import { formatCount } from './format-number.js';
import { markdownCell, markdownCode, markdownInlineCode, markdownRow } from './markdown-text.js';
import type { BuildReport, BuildReportOptions, BuildTargetReport } from './render-build-text.js';
import { showPath } from './show-path.js';

function targetRow(t: BuildTargetReport, options: BuildReportOptions): string {
  if (t.status === 'failed')
    return markdownRow([
      markdownCode(t.target),
      '**failed**',
      '',
      '',
      '',
      '',
      `${markdownCell(t.error ?? 'unknown error')} (log ${markdownCode(showPath(options.cwd, t.log))})`,
    ]);
  return markdownRow([
    markdownCode(t.target),
    'ok',
    formatCount(t.fileSize ?? 0),
    String(t.linkedPackages ?? 0),
    String(t.dependencyPackages ?? 0),
    String(t.warnings ?? 0),
    markdownCode(showPath(options.cwd, t.manifest ?? '')),
  ]);
}

/**
 * The build as a pull-request comment: one row per target, failed ones marked, with the manifest or
 * the log. No durations: the same build gives the same comment.
 */
export function renderBuildMarkdown(s: BuildReport, options: BuildReportOptions = {}): string {
  const built = s.targets.filter((t) => t.status === 'ok').length;
  return (
    [
      `### tcbscope build: ${markdownInlineCode(s.name)}: ${built} of ${s.targets.length} target(s) built`,
      '',
      '| target | status | file bytes | linked packages | graph packages | warnings | manifest or error |',
      '|:--|:--|--:|--:|--:|--:|:--|',
      ...s.targets.map((t) => targetRow(t, options)),
    ].join('\n') + '\n'
  );
}
