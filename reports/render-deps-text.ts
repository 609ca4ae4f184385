import type { DepsSummary } from '../analyzer/summarize-dependencies.js';
import { formatCount } from './format-number.js';

/** Options of the deps reporters (none yet). */
export type DepsReportOptions = Record<string, never>;

/** The counts of `tcbscope deps`, one line per figure. */
export function renderDepsText(s: DepsSummary, _options: DepsReportOptions = {}): string {
  // By kind name, so the line does not depend on the order the edges were read in.
  const kinds = Object.entries(s.edgesByKind)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, n]) => `${k} ${formatCount(n)}`)
    .join(', ');
  return [
    `${s.name} (target ${s.target})`,
    `  roots:      ${s.roots.join(', ')}`,
    `  packages:   ${formatCount(s.packages)} (vendored ${formatCount(s.vendored)}, from the switch ${formatCount(s.switchProvided)}, build-only ${formatCount(s.buildOnly)}, with an opam file ${formatCount(s.resolved)})`,
    `  edges:      ${formatCount(s.edges)} (${kinds || 'none'})`,
    `  unresolved: ${s.unresolved.length === 0 ? 'none' : s.unresolved.join(', ')}`,
    '',
  ].join('\n');
}
