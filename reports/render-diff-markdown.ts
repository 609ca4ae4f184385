import type { DiffFigure, DiffIdentity, ManifestDiff, PackageDiff } from '../analyzer/diff-manifests.js';
import type { NewPackageEdges } from '../analyzer/diff-new-package-edges.js';
import { formatCount, formatDelta, formatRelative } from './format-number.js';
import { describeHidden, limitRows } from './limit-rows.js';
import {
  markdownCell as cell,
  markdownCode as code,
  markdownInlineCode as inline,
  markdownVersion,
} from './markdown-text.js';
import {
  describeStatusCounts,
  selectPackageRows,
  selectUnitRows,
  type DiffReportOptions,
} from './render-diff-text.js';

/** The header row and alignment row of the package table: kept stable for bots that parse the comment. */
export const DIFF_MARKDOWN_TABLE_HEADER = [
  '| package | status | version | base bytes | head bytes | Δ bytes | Δ % | Δ code |',
  '|:--|:--|:--|--:|--:|--:|--:|--:|',
] as const;

function side(id: DiffIdentity): string {
  return `${inline(id.name)} (${cell(id.target)}, ${cell(id.arch)}, ${cell(id.format)}, sha256 ${inline(id.sha256.slice(0, 12))})`;
}

function summary(label: string, f: DiffFigure): string {
  return `${label} ${formatCount(f.base)} → ${formatCount(f.head)} (${formatDelta(f.delta)}, ${formatRelative(f)})`;
}

/** Status cell: added and removed stand out, so a reviewer sees new dependencies at a glance. */
function statusCell(p: PackageDiff): string {
  return p.status === 'added' ? '**added**' : p.status === 'removed' ? '**removed**' : p.status;
}

function packageRow(p: PackageDiff): string {
  const name = p.status === 'removed' ? `~~${code(p.name)}~~` : code(p.name);
  const f = p.fileSize;
  return `| ${name} | ${statusCell(p)} | ${describeVersionCode(p)} | ${formatCount(f.base)} | ${formatCount(f.head)} | ${formatDelta(f.delta)} | ${formatRelative(f)} | ${formatDelta(p.codeSize.delta)} |`;
}

/**
 * A Markdown comment a CI bot can post: the two sides, the headline deltas, one table (totals row
 * first, then every package that changed, added and removed marked) and the dependency-graph changes.
 */
export function renderDiffMarkdown(diff: ManifestDiff, options: DiffReportOptions = {}): string {
  const t = diff.totals;
  const lines: string[] = [];
  lines.push(
    `### tcbscope diff: ${inline(diff.base.name)} (${cell(diff.base.target)}) → ${inline(diff.head.name)} (${cell(diff.head.target)})`,
    '',
  );
  lines.push(`**base** ${side(diff.base)}  `, `**head** ${side(diff.head)}`, '');
  lines.push(
    `${[summary('File', t.fileSize), summary('memory', t.memorySize), summary('code', t.codeSize), summary('packages', t.packages)].join(' · ')}`,
    '',
  );
  const { rows, hidden } = selectPackageRows(diff, options);
  lines.push(...DIFF_MARKDOWN_TABLE_HEADER);
  lines.push(
    `| **total** | ${describeStatusCounts(diff)} |  | ${formatCount(t.fileSize.base)} | ${formatCount(t.fileSize.head)} | ${formatDelta(t.fileSize.delta)} | ${formatRelative(t.fileSize)} | ${formatDelta(t.codeSize.delta)} |`,
  );
  for (const p of rows) lines.push(packageRow(p));
  if (hidden > 0) lines.push(`| ${describeHidden(hidden, '…')} |  |  |  |  |  |  |  |`);
  const units = selectUnitRows(diff, options);
  if (units.rows.length > 0) {
    // Folded: the package table is the review; units are the detail behind a package's change.
    lines.push(
      '',
      `<details><summary>Units that changed most (${diff.units.length} added, removed or resized)</summary>`,
      '',
    );
    lines.push(
      '| unit | package | status | base bytes | head bytes | Δ bytes |',
      '|:--|:--|:--|--:|--:|--:|',
    );
    for (const u of units.rows) {
      lines.push(
        `| ${code(u.name)} | ${code(u.package)} | ${u.status} | ${formatCount(u.fileSize.base)} | ${formatCount(u.fileSize.head)} | ${formatDelta(u.fileSize.delta)} |`,
      );
    }
    if (units.hidden > 0) lines.push(`| ${describeHidden(units.hidden, '…')} |  |  |  |  |  |`);
    lines.push('', '</details>');
  }
  lines.push('', ...renderGraphChanges(diff, options.top));
  return lines.join('\n') + '\n';
}

function renderGraphChanges(diff: ManifestDiff, top: number | undefined): string[] {
  const d = diff.dependencies;
  const c = d.counts;
  const lines = [
    `**Dependency graph:** packages ${c.packages.base} → ${c.packages.head} (${formatDelta(c.packages.delta)}), edges ${c.edges.base} → ${c.edges.head} (${formatDelta(c.edges.delta)})`,
  ];
  if (
    [
      d.newPackages,
      d.packagesRemoved,
      d.versionChanges,
      d.edgesAdded,
      d.edgesRemoved,
      d.roots.added,
      d.roots.removed,
    ].some((x) => x.length > 0)
  )
    lines.push(''); // a list right after a paragraph line needs the blank line in some renderers
  // A nested list, `top` items at most per change: one line of 89 edges is not reviewed.
  const list = (label: string, items: string[]): void => {
    if (items.length === 0) return;
    const { rows, hidden } = limitRows(items, top);
    lines.push(`- ${label} (${items.length}):`, ...rows.map((x) => `  - ${x}`));
    if (hidden > 0) lines.push(`  - ${describeHidden(hidden, '…')}`);
  };
  list('packages added, and the edges that brought them in', d.newPackages.map(describeNewPackageCode));
  list('packages removed', d.packagesRemoved.map(inline));
  list(
    'versions changed',
    d.versionChanges.map((v) => `${inline(v.name)} ${inline(v.base)} → ${inline(v.head)}`),
  );
  list(
    'edges added',
    d.edgesAdded.map((e) => `${inline(e.from)} → ${inline(e.to)} (${e.kind})`),
  );
  list(
    'edges removed',
    d.edgesRemoved.map((e) => `${inline(e.from)} → ${inline(e.to)} (${e.kind})`),
  );
  list('roots added', d.roots.added.map(inline));
  list('roots removed', d.roots.removed.map(inline));
  return lines;
}

/** A new package as code, and the packages whose edges lead to it. */
function describeNewPackageCode(p: NewPackageEdges): string {
  if (p.via.length === 0) return `${inline(p.name)}: no edge leads to it (a root, or metadata without edges)`;
  const via = p.via.map((e) => `${inline(e.from)} (${e.kind}${e.fromIsNew ? ', new' : ''})`);
  return `${inline(p.name)} ← ${via.join(', ')}`;
}

/** The version cell: each version as code, `base → head` when it changed. */
function describeVersionCode(p: PackageDiff): string {
  if (p.versionChanged) return `${markdownVersion(p.baseVersion)} → ${markdownVersion(p.headVersion)}`;
  return markdownVersion(p.headVersion ?? p.baseVersion);
}
