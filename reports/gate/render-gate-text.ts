import type { GateResult } from '../../analyzer/gate/gate-result.js';
import { describeVerdict } from './describe-rule.js';

/** The gate for a terminal or a CI log: the verdict, then every rule per target, broken ones first. */
export function renderGateText(result: GateResult): string {
  const lines = [
    `tcbscope gate: ${describeVerdict(result.failures, result.targets.length)}`,
    `  current ${result.current}, baseline ${result.baseline}, budget ${result.budget}`,
  ];
  for (const t of result.targets) {
    lines.push('', `target ${t.target}${t.presence === 'both' ? '' : ` (${t.presence.replace('-', ' ')})`}`);
    const order = { fail: 0, skipped: 1, pass: 2 } as const;
    const rules = [...t.rules].sort((a, b) => order[a.status] - order[b.status]);
    for (const r of rules) {
      const status = r.status === 'fail' ? 'FAIL' : r.status === 'skipped' ? 'skip' : 'ok  ';
      // Where the limit is set, so the reader knows which line of the budget to change.
      lines.push(`  ${status} ${r.rule}: ${r.message} [${r.where}]`);
    }
    if (t.rules.length === 0) lines.push('  no rules apply');
  }
  return lines.join('\n') + '\n';
}
