import type { Comparison } from '../analyzer/compare.js';
import { formatCount, formatRatio } from './format-number.js';
import {
  markdownCell,
  markdownCode,
  markdownInlineCode,
  markdownRow,
  markdownVersion,
} from './markdown-text.js';
import { describeHeadline, type CompareReportOptions } from './render-compare-text.js';

/**
 * The comparison as a published report or a pull-request comment: the headline, the metric
 * table, the stack's layers, then the definitions and the provenance folded (they are long, and
 * a reader checks them rather than reads them).
 */
export function renderCompareMarkdown(c: Comparison, _options: CompareReportOptions = {}): string {
  const lines: string[] = [
    `### tcbscope compare: ${markdownInlineCode(c.image.name)} (${markdownCell(c.image.target)}) against ${markdownInlineCode(c.stack.name)} (${markdownCell(c.stack.target)})`,
    '',
    `**Headline:** ${markdownCell(describeHeadline(c))}`,
    '',
    `Stack roots: ${c.stack.roots.map((r) => markdownInlineCode(r)).join(', ')}${c.stack.kernel ? `; kernel ${markdownInlineCode(c.stack.kernel)}` : ''}`,
    '',
    // The sides by name, so a pasted table still says what was compared with what.
    markdownRow(['metric', markdownCode(c.image.name), markdownCode(c.stack.name), 'image ÷ stack']),
    '|:--|--:|--:|--:|',
  ];
  for (const m of c.metrics)
    lines.push(
      markdownRow([markdownCell(m.label), formatCount(m.image), formatCount(m.stack), formatRatio(m.ratio)]),
    );
  if (c.layers.length > 0) {
    lines.push(
      '',
      '| stack layer | loaded bytes | code bytes | installed bytes | packages | image ÷ layer |',
      '|:--|--:|--:|--:|--:|--:|',
    );
    for (const l of c.layers)
      lines.push(
        markdownRow([
          markdownCell(l.name),
          formatCount(l.loadedSize),
          formatCount(l.codeSize),
          formatCount(l.installedSize),
          String(l.packages.length),
          formatRatio(l.imageOverLayer),
        ]),
      );
  }
  lines.push('', '<details><summary>How each metric was computed</summary>', '');
  for (const m of c.metrics) lines.push(`- **${markdownCell(m.label)}**: ${markdownCell(m.definition)}`);
  for (const note of c.methodology) lines.push(`- ${markdownCell(note)}`);
  lines.push('', '</details>', '');
  lines.push(`<details><summary>Stack provenance (${c.provenance.length} packages)</summary>`, '');
  lines.push('| package | version | sha256 |', '|:--|:--|:--|');
  for (const p of c.provenance)
    lines.push(
      markdownRow([
        markdownCode(p.package),
        p.version === undefined ? '?' : markdownVersion(p.version),
        p.sha256 ? markdownCode(p.sha256) : '-',
      ]),
    );
  lines.push('', '</details>');
  return lines.join('\n') + '\n';
}
