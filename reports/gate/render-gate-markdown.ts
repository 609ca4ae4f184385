import type { GateResult, RuleResult } from '../../analyzer/gate/gate-result.js';
import { renderDiffMarkdown } from '../render-diff-markdown.js';
import { markdownCell, markdownCode } from '../markdown-text.js';
import { describeLimit, describeVerdict } from './describe-rule.js';

const RULE_TABLE = [
  '| target | rule | result | limit | measured | baseline | set at |',
  '|:--|:--|:--|--:|--:|--:|:--|',
];

/**
 * The gate as a pull-request comment (and `$GITHUB_STEP_SUMMARY`): the verdict, one table of every
 * rule, then the diff of each target that both builds have. Names are code spans.
 */
export function renderGateMarkdown(result: GateResult): string {
  const icon = result.ok ? '✅' : '❌';
  const out = [
    `## ${icon} tcbscope gate ${describeVerdict(result.failures, result.targets.length)}`,
    '',
    `Current ${markdownCode(result.current)}, baseline ${markdownCode(result.baseline)}, budget ${markdownCode(result.budget)}.`,
    '',
  ];
  const rules = result.targets.flatMap((t) => t.rules);
  if (rules.length > 0) out.push(...RULE_TABLE, ...rules.map(ruleRow), '');
  for (const t of result.targets) {
    if (t.presence !== 'both')
      out.push(
        `Target ${markdownCode(t.target)} is in the ${t.presence === 'current-only' ? 'current build only' : 'baseline only'}.`,
        '',
      );
    if (t.diff) out.push(renderDiffMarkdown(t.diff, { top: 20, units: 10, showSame: false }).trimEnd(), '');
  }
  return out.join('\n');
}

function ruleRow(r: RuleResult): string {
  const result = r.status === 'fail' ? '**fail**' : r.status === 'skipped' ? 'skipped' : 'pass';
  const measured = Array.isArray(r.measured)
    ? r.measured.length === 0
      ? '-'
      : r.measured.map(markdownCode).join(', ')
    : String(r.measured);
  const limit = Array.isArray(r.limit)
    ? r.limit.length === 0
      ? '(none allowed)'
      : r.limit.map(markdownCode).join(', ')
    : markdownCell(describeLimit(r));
  const cells = [
    markdownCode(r.target),
    markdownCode(r.rule),
    result,
    limit,
    measured,
    r.baseline === undefined ? '-' : String(r.baseline),
    markdownCode(r.where),
  ];
  return `| ${cells.join(' | ')} |`;
}
