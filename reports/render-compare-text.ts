import type { Comparison } from '../analyzer/compare.js';
import { formatCount, formatRatio } from './format-number.js';

/** Options of the compare reporters (none yet: a comparison is short enough to print whole). */
export type CompareReportOptions = Record<string, never>;

/** `hello (image, unix) against https-nginx (debian-12-amd64; roots nginx; kernel linux-image-… 6.1.0)`. */
export function describeComparedSides(c: Comparison): string {
  return `${c.image.name} (${c.image.kind}, ${c.image.target}) against ${c.stack.name} (${c.stack.target}; roots ${c.stack.roots.join(', ')}${c.stack.kernel ? `; kernel ${c.stack.kernel}` : ''})`;
}

/**
 * The headline in the reporters' number formats, naming its metric and the stack's basis:
 * `code bytes: 2.6% of nginx + OpenSSL + glibc + Linux 6.1 (hello 17,976 vs https-nginx 20,183,969 bytes).`
 * (the analyzer's `headline.sentence` says the same; this one uses the reporters' ratio format, multiples from 10 up).
 */
export function describeHeadline(c: Comparison): string {
  const m = c.metrics.find((x) => x.id === c.headline.metric);
  if (!m) return c.headline.sentence;
  const share = m.ratio !== null && m.ratio >= 10 ? `${formatRatio(m.ratio)}` : `${formatRatio(m.ratio)} of`;
  return `${m.label}: ${share} ${c.headline.basis} (${c.image.name} ${formatCount(m.image)} vs ${c.stack.name} ${formatCount(m.stack)} bytes).`;
}

/** The bytes of each side in no headline figure, one line each. */
export function describeApart(c: Comparison): string[] {
  const rows: [string, keyof Comparison['apart']['image']][] = [
    ['padding', 'padding'],
    ['ELF structure (headers)', 'structure'],
    ['symbol and debug tables (unallocated sections)', 'symbolsAndDebug'],
    [`kernel boot-only .init.* (${c.kernelExtras === 'exclude' ? 'left out' : 'counted'})`, 'kernelBootOnly'],
    [
      `kernel type information .BTF (${c.kernelExtras === 'exclude' ? 'left out' : 'counted'})`,
      'kernelTypeInfo',
    ],
  ];
  return rows.map(
    ([label, key]) =>
      `  ${label}: image ${formatCount(c.apart.image[key])}, stack ${formatCount(c.apart.stack[key])} bytes`,
  );
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
  lines.push('', 'Not in any headline figure:', ...describeApart(c));
  lines.push('', 'Layers (code bytes and loaded bytes, image | stack):');
  for (const l of c.layers) {
    lines.push(
      `  ${l.name.padEnd(16)} code ${formatCount(l.image.code).padStart(11)} | ${formatCount(l.stack.code).padStart(11)}  loaded ${formatCount(l.image.loaded).padStart(11)} | ${formatCount(l.stack.loaded).padStart(11)}  installed ${formatCount(l.installedSize).padStart(12)}  ${String(l.packages.length).padStart(3)} stack pkgs`,
    );
  }
  lines.push('', 'How each metric was computed:');
  for (const m of c.metrics) lines.push(`  ${m.label}: ${m.definition}`);
  for (const note of c.methodology) lines.push(`  ${note}`);
  lines.push('', `Stack provenance (${c.provenance.length} packages: name version sha256):`);
  for (const p of c.provenance) lines.push(`  ${p.package} ${p.version ?? '?'} ${p.sha256 ?? '-'}`);
  return lines.join('\n') + '\n';
}
