import type { DepsSummary } from '../analyzer/summarize-dependencies.js';

/** The counts of `tcbscope deps`, one line per figure. */
export function renderDepsText(s: DepsSummary): string {
  const kinds = Object.entries(s.edgesByKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `${s.name} (target ${s.target})`,
    `  roots:      ${s.roots.join(', ')}`,
    `  packages:   ${s.packages} (vendored ${s.vendored}, from the switch ${s.switchProvided}, build-only ${s.buildOnly}, with an opam file ${s.resolved})`,
    `  edges:      ${s.edges} (${kinds || 'none'})`,
    `  unresolved: ${s.unresolved.length === 0 ? 'none' : s.unresolved.join(', ')}`,
    '',
  ].join('\n');
}
