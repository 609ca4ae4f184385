import type { Comparison } from '../analyzer/compare.js';
import { formatCount, formatRatio } from './format-number.js';
import {
  markdownCell,
  markdownCode,
  markdownInlineCode,
  markdownRow,
  markdownVersion,
} from './markdown-text.js';
import { describeApart, describeHeadline, type CompareReportOptions } from './render-compare-text.js';

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
  lines.push('', '| not in any headline figure | image | stack |', '|:--|--:|--:|');
  for (const line of describeApart(c)) {
    const [, label = '', image = '', stack = ''] =
      /^\s*(.+): image (\S+), stack (\S+) bytes$/.exec(line) ?? [];
    lines.push(markdownRow([markdownCell(label), image, stack]));
  }
  lines.push(
    '',
    '| layer | image code | stack code | image loaded | stack loaded | stack installed | stack packages |',
    '|:--|--:|--:|--:|--:|--:|--:|',
  );
  for (const l of c.layers)
    lines.push(
      markdownRow([
        markdownCell(l.name),
        formatCount(l.image.code),
        formatCount(l.stack.code),
        formatCount(l.image.loaded),
        formatCount(l.stack.loaded),
        formatCount(l.installedSize),
        String(l.packages.length),
      ]),
    );
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
