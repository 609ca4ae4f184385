import type { DependencyPath } from '../analyzer/why.js';

/** What `tcbscope why` reports (and `why --json` prints): the package asked about and its paths. */
export interface WhyReport {
  package: string;
  /** The graph's roots, where every path starts. */
  roots: string[];
  /** Whether longer paths were asked for (`--all`). */
  all: boolean;
  /** Shortest first, as the analyzer ordered them. */
  paths: DependencyPath[];
}

/** Options of the why reporters (none yet). */
export type WhyReportOptions = Record<string, never>;

/** `hello-hvt → mirage-solo5 (runtime) → solo5 (runtime)`. */
export function formatDependencyPath(path: DependencyPath): string {
  return path.path.map((step) => (step.kind ? `${step.name} (${step.kind})` : step.name)).join(' → ');
}

/** One path per line, or why there is none. */
export function renderWhyText(r: WhyReport, _options: WhyReportOptions = {}): string {
  if (r.paths.length === 0)
    return `${r.package} is in the graph, but no known edge leads to it from the roots (${r.roots.join(', ')})\n`;
  return r.paths.map(formatDependencyPath).join('\n') + '\n';
}
