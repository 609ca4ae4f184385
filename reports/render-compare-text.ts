import type { Comparison } from '../analyzer/compare.js';
import { formatCount, formatRatio } from './format-number.js';

/** Options of the compare reporters (none yet: a comparison is short enough to print whole). */
export type CompareReportOptions = Record<string, never>;

/** `hello (image, unix) against https-nginx (debian-12-amd64; roots nginx; kernel linux-image-… 6.1.0)`. */
export function describeComparedSides(c: Comparison): string {
  return `${c.image.name} (${c.image.kind}, ${c.image.target}) against ${c.stack.name} (${c.stack.target}; roots ${c.stack.roots.join(', ')}${c.stack.kernel ? `; kernel ${c.stack.kernel}` : ''})`;
}

/**
 * The headline in the reporters' number formats: `hello loads 0.030% of the binary bytes of
 * https-nginx (17,976 vs 59,321,344 bytes).` (the analyzer's `headline.sentence`, which the JSON
 * document keeps, prints the figures ungrouped).
 */
export function describeHeadline(c: Comparison): string {
  const m = c.metrics.find((x) => x.id === c.headline.metric);
  if (!m) return c.headline.sentence;
  const share =
    m.ratio !== null && m.ratio >= 10 ? `${formatRatio(m.ratio)} the` : `${formatRatio(m.ratio)} of the`;
  return `${c.image.name} loads ${share} binary bytes of ${c.stack.name} (${formatCount(m.image)} vs ${formatCount(m.stack)} bytes).`;
}

/** Plain-text rendering of `tcbscope compare`: headline, the metric table, layers, methodology and provenance. */
export function renderCompareText(c: Comparison, _options: CompareReportOptions = {}): string {
  const lines: string[] = [describeComparedSides(c), '', `Headline: ${describeHeadline(c)}`, ''];
  const w = Math.max(...c.metrics.map((m) => m.label.length));
  lines.push(`${'metric'.padEnd(w)}  ${'image'.padStart(14)}  ${'stack'.padStart(14)}  ratio`);
  for (const m of c.metrics)
    lines.push(
      `${m.label.padEnd(w)}  ${formatCount(m.image).padStart(14)}  ${formatCount(m.stack).padStart(14)}  ${formatRatio(m.ratio)}`,
    );
  lines.push('', 'Stack layers (image loaded bytes ÷ layer loaded bytes):');
  for (const l of c.layers) {
    lines.push(
      `  ${l.name.padEnd(10)} loaded ${formatCount(l.loadedSize).padStart(13)}  code ${formatCount(l.codeSize).padStart(12)}  installed ${formatCount(l.installedSize).padStart(13)}  ${String(l.packages.length).padStart(3)} pkgs  image/layer ${formatRatio(l.imageOverLayer)}`,
    );
  }
  lines.push('', 'How each metric was computed:');
  for (const m of c.metrics) lines.push(`  ${m.label}: ${m.definition}`);
  for (const note of c.methodology) lines.push(`  ${note}`);
  lines.push('', `Stack provenance (${c.provenance.length} packages: name version sha256):`);
  for (const p of c.provenance) lines.push(`  ${p.package} ${p.version ?? '?'} ${p.sha256 ?? '-'}`);
  return lines.join('\n') + '\n';
}
