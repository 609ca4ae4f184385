import type {
  DiffFigure,
  DiffIdentity,
  ManifestDiff,
  PackageDiff,
  UnitDiff,
} from '../analyzer/diff-manifests.js';
import type { NewPackageEdges } from '../analyzer/diff-new-package-edges.js';
import { formatCount, formatDelta, formatRelative } from './format-number.js';
import { describeHidden, limitRows } from './limit-rows.js';

/** Options shared by the diff reporters (text and Markdown; JSON ignores them). */
export interface DiffReportOptions {
  /**
   * At most this many rows in every section: packages, units (never more than {@link DEFAULT_UNIT_ROWS}
   * unless `units` says so), and each list of the dependency graph (default: all).
   */
  top?: number;
  /** List unchanged packages too (default false). */
  showSame?: boolean;
  /** At most this many unit rows (default {@link DEFAULT_UNIT_ROWS}); `--json` has them all. */
  units?: number;
}

/** Units a human report lists by default: the ones that moved most. */
export const DEFAULT_UNIT_ROWS = 10;

/** The units a report lists (the diff's order: largest change first) and how many it leaves out. */
export function selectUnitRows(
  diff: ManifestDiff,
  options: DiffReportOptions,
): { rows: UnitDiff[]; hidden: number } {
  const top = options.units ?? Math.min(DEFAULT_UNIT_ROWS, options.top ?? DEFAULT_UNIT_ROWS);
  return limitRows(diff.units, top);
}

/** The packages a report lists, in the diff's order, and how many were cut by `top`. */
export function selectPackageRows(
  diff: ManifestDiff,
  options: DiffReportOptions,
): { rows: PackageDiff[]; hidden: number } {
  const listed = options.showSame ? diff.packages : diff.packages.filter((p) => p.status !== 'same');
  return limitRows(listed, options.top);
}

/** `name (target, arch, format, sha256 0123456789ab)`. */
export function describeSide(id: DiffIdentity): string {
  return `${id.name} (${id.target}, ${id.arch}, ${id.format}, sha256 ${id.sha256.slice(0, 12)})`;
}

/** `1.0`, `1.0 → 1.1`, or empty. */
export function describeVersion(p: PackageDiff): string {
  if (p.versionChanged) return `${p.baseVersion} → ${p.headVersion}`;
  return p.headVersion ?? p.baseVersion ?? '';
}

/** Counts of packages by status: `3 changed, 1 added, 0 removed, 12 unchanged`. */
export function describeStatusCounts(diff: ManifestDiff): string {
  const count = (s: PackageDiff['status']): number => diff.packages.filter((p) => p.status === s).length;
  return `${count('changed')} changed, ${count('added')} added, ${count('removed')} removed, ${count('same')} unchanged`;
}

function figureRow(label: string, f: DiffFigure): string {
  return `  ${label.padEnd(10)} ${formatCount(f.base).padStart(12)} ${formatCount(f.head).padStart(12)} ${formatDelta(f.delta).padStart(12)} ${formatRelative(f).padStart(9)}`;
}

/** The human report `tcbscope diff` prints by default: identities, totals, packages, dependency graph. */
export function renderDiffText(diff: ManifestDiff, options: DiffReportOptions = {}): string {
  const t = diff.totals;
  const lines: string[] = [];
  lines.push(`base: ${describeSide(diff.base)}`, `head: ${describeSide(diff.head)}`);
  lines.push(
    diff.sameTarget
      ? `same target (${diff.base.target}): two builds compared`
      : `different targets: ${diff.base.target} → ${diff.head.target}`,
  );
  lines.push(
    '',
    `  ${'totals'.padEnd(10)} ${'base'.padStart(12)} ${'head'.padStart(12)} ${'delta'.padStart(12)} ${'change'.padStart(9)}`,
  );
  lines.push(
    figureRow('file', t.fileSize),
    figureRow('memory', t.memorySize),
    figureRow('code', t.codeSize),
    figureRow('packages', t.packages),
  );
  lines.push('', 'Languages (file bytes):');
  for (const l of t.languages) lines.push(figureRow(l.language, l));
  const { rows, hidden } = selectPackageRows(diff, options);
  lines.push('', `Packages (${describeStatusCounts(diff)}; file bytes, code delta):`);
  const width = Math.max(24, ...rows.map((p) => p.name.length));
  for (const p of rows) {
    const version = describeVersion(p);
    lines.push(
      `  ${p.status.padEnd(8)} ${p.name.padEnd(width)} ${formatCount(p.fileSize.base).padStart(12)} ${formatCount(p.fileSize.head).padStart(12)} ${formatDelta(p.fileSize.delta).padStart(12)} ${formatRelative(p.fileSize).padStart(9)}   code ${formatDelta(p.codeSize.delta).padStart(10)}${version ? `   ${version}` : ''}`,
    );
  }
  if (hidden > 0) lines.push(`  ${describeHidden(hidden)} (--top, or --json for all)`);
  const units = selectUnitRows(diff, options);
  lines.push('', `Units that changed most (${diff.units.length} added, removed or resized; file bytes):`);
  for (const u of units.rows) {
    lines.push(
      `  ${u.status.padEnd(8)} ${`${u.package}: ${u.name}`.padEnd(width)} ${formatCount(u.fileSize.base).padStart(12)} ${formatCount(u.fileSize.head).padStart(12)} ${formatDelta(u.fileSize.delta).padStart(12)}   ${u.language}`,
    );
  }
  if (units.hidden > 0) lines.push(`  ${describeHidden(units.hidden)} (--units, or --json for all)`);
  lines.push('', ...renderDependencyLines(diff, options.top));
  return lines.join('\n') + '\n';
}

function renderDependencyLines(diff: ManifestDiff, top: number | undefined): string[] {
  const d = diff.dependencies;
  const c = d.counts;
  const lines = [
    `Dependency graph: packages ${c.packages.base} → ${c.packages.head} (${formatDelta(c.packages.delta)}), edges ${c.edges.base} → ${c.edges.head} (${formatDelta(c.edges.delta)})`,
  ];
  // One item a line, `top` at most: a graph change of 89 edges on one line is not read.
  const list = (label: string, items: string[]): void => {
    if (items.length === 0) return;
    const { rows, hidden } = limitRows(items, top);
    lines.push(`  ${label} (${items.length}):`, ...rows.map((x) => `    ${x}`));
    if (hidden > 0) lines.push(`    ${describeHidden(hidden)} (--top, or --json for all)`);
  };
  list('packages added, and the edges that brought them in', d.newPackages.map(describeNewPackage));
  list('packages removed', d.packagesRemoved);
  list(
    'versions changed',
    d.versionChanges.map((v) => `${v.name} ${v.base} → ${v.head}`),
  );
  list(
    'edges added',
    d.edgesAdded.map((e) => `${e.from} → ${e.to} (${e.kind})`),
  );
  list(
    'edges removed',
    d.edgesRemoved.map((e) => `${e.from} → ${e.to} (${e.kind})`),
  );
  list('roots added', d.roots.added);
  list('roots removed', d.roots.removed);
  return lines;
}

/** `zlib1g-dev ← libfoo (runtime), bar (build, new)`: a new package and who depends on it. */
export function describeNewPackage(p: NewPackageEdges): string {
  if (p.via.length === 0) return `${p.name} (no edge leads to it: a root, or metadata without edges)`;
  const via = p.via.map((e) => `${e.from} (${e.kind}${e.fromIsNew ? ', new' : ''})`);
  return `${p.name} ← ${via.join(', ')}`;
}
