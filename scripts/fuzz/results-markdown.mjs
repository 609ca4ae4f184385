// The Fuzzing section of bench/RESULTS.md, from one run's summary: the command, the seed, inputs
// per target and outcome, the rejection codes seen, the time, and what failed (nothing, when done).

import { OUTCOMES } from './run-fuzz.mjs';

const n = (x) => x.toLocaleString('en-US');

/** Markdown for `summary`; `run` says how it was run: `{ command, date, node, cpu, workers }`. */
export function formatFuzzSection(summary, run) {
  const rows = Object.entries(summary.counts).sort(([a], [b]) => (a < b ? -1 : 1));
  const sum = (c) => OUTCOMES.reduce((t, o) => t + c[o], 0);
  const totals = Object.fromEntries(OUTCOMES.map((o) => [o, rows.reduce((t, [, c]) => t + c[o], 0)]));
  const codes = (target) =>
    Object.entries(summary.codes[target] ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, count]) => `${code} ${n(count)}`)
      .join(', ');
  const out = [
    `Measured by \`${run.command}\` on ${run.date}, Node ${run.node}, ${run.cpu}, ${run.workers} worker threads;`,
    `seed ${summary.seed}, ${n(summary.count)} inputs in ${summary.seconds.toFixed(1)} s wall time.`,
    '',
    `| target | ${OUTCOMES.join(' | ')} | total | rejection codes |`,
    `|---|${OUTCOMES.map(() => '---:').join('|')}|---:|---|`,
    ...rows.map(
      ([t, c]) => `| ${t} | ${OUTCOMES.map((o) => n(c[o])).join(' | ')} | ${n(sum(c))} | ${codes(t)} |`,
    ),
    `| **all** | ${OUTCOMES.map((o) => `**${n(totals[o])}**`).join(' | ')} | **${n(sum(totals))}** | |`,
  ];
  if (summary.skipped.length > 0)
    out.push('', `Skipped for want of seed files here: ${summary.skipped.join(', ')}.`);
  out.push('', summary.failures.length === 0 ? 'No input crashed, hung or ran out of memory.' : 'Failures:');
  for (const f of summary.failures)
    out.push(`- ${f.signature} ×${f.count}: input ${f.index} (${f.result.error})`);
  return out.join('\n') + '\n';
}
