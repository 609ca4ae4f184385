import type { DependencyPath, PathStep, PathTier } from '../analyzer/why.js';

/** What `tcbscope why` reports (and `why --json` prints): the package asked about and its paths. */
export interface WhyReport {
  package: string;
  /** The graph's roots, where every path starts. */
  roots: string[];
  /** Whether longer paths were asked for (`--all`). */
  all: boolean;
  /** Runtime paths first, then build, then test-doc; shortest first within each, as the analyzer ordered them. */
  paths: DependencyPath[];
}

/** Options of the why reporters (none yet). */
export type WhyReportOptions = Record<string, never>;

/** The word each tier is labelled with in text and Markdown. */
export const TIER_LABEL: Record<PathTier, string> = {
  runtime: 'runtime',
  build: 'build',
  'test-doc': 'test/doc',
};

/** What an inferred edge is, said once under every report that shows one. */
export const INFERRED_NOTE =
  'inferred: an edge tcbscope added itself, not read from metadata (a package that puts bytes in the image, or a locked package, that no dependency declaration reaches)';

/** `mirage-solo5 (runtime)`, `libc6-dev (runtime, inferred)`; the root alone. */
export function formatPathStep(step: PathStep): string {
  if (!step.kind) return step.name;
  return `${step.name} (${step.kind}${step.inferred ? ', inferred' : ''})`;
}

/** `hello-hvt → mirage-solo5 (runtime) → solo5 (runtime)`. */
export function formatDependencyPath(path: DependencyPath): string {
  return path.path.map(formatPathStep).join(' → ');
}

/** True when some step of some path came through an inferred edge. */
export function hasInferredStep(paths: readonly DependencyPath[]): boolean {
  return paths.some((p) => p.path.some((s) => s.inferred));
}

/**
 * One path per line, each led by its tier (`runtime  `, `build    `, `test/doc `) so that
 * `grep '^runtime'` keeps the linked ones; a note after them when an edge was inferred.
 */
export function renderWhyText(r: WhyReport, _options: WhyReportOptions = {}): string {
  if (r.paths.length === 0)
    return `${r.package} is in the graph, but no known edge leads to it from the roots (${r.roots.join(', ')})\n`;
  const width = Math.max(...Object.values(TIER_LABEL).map((l) => l.length)) + 1;
  const lines = r.paths.map((p) => `${TIER_LABEL[p.tier].padEnd(width)}${formatDependencyPath(p)}`);
  if (hasInferredStep(r.paths)) lines.push('', INFERRED_NOTE);
  return lines.join('\n') + '\n';
}
