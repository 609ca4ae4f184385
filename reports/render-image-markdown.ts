import type { Manifest } from '../analyzer/model/manifest.js';
import { isPseudoPackage } from '../analyzer/model/is-pseudo-package.js';
import { summarizeImage } from '../analyzer/summarize-image.js';
import { formatCount, formatShareOf } from './format-number.js';
import {
  markdownCell,
  markdownCode,
  markdownInlineCode,
  markdownRow,
  markdownVersion,
} from './markdown-text.js';
import { DEFAULT_PACKAGE_ROWS, type ImageReportOptions } from './render-image-text.js';

/** The platform facts a reviewer audits: Solo5 ABI and devices, host libraries, interpreter, downloads. */
function platformLines(m: Manifest): string[] {
  const lines: string[] = [];
  const solo5 = m.platform.solo5;
  if (solo5?.abi)
    lines.push(
      `- **Solo5 ABI:** target ${markdownCell(solo5.abi.target)} (${solo5.abi.targetCode}), ABI version ${solo5.abi.version}`,
    );
  if (solo5?.manifest) {
    const devices =
      solo5.manifest.devices.map((d) => `${markdownInlineCode(d.name)} (${d.kind})`).join(', ') || 'none';
    lines.push(`- **Declared devices** (Solo5 manifest v${solo5.manifest.version}): ${devices}`);
  }
  if (m.platform.needed.length > 0)
    lines.push(
      `- **Needs from the host** (DT_NEEDED, outside the image): ${m.platform.needed.map((n) => markdownInlineCode(n)).join(', ')}`,
    );
  if (m.platform.interpreter) lines.push(`- **Interpreter:** ${markdownInlineCode(m.platform.interpreter)}`);
  if (m.downloads)
    lines.push(
      `- **Download:** gzip ${formatCount(m.downloads.gzip)} bytes, brotli ${formatCount(m.downloads.brotli)} bytes`,
    );
  return lines;
}

/**
 * One image for an audit or a published report: identity and sizes, the largest packages as a
 * table, languages, the platform facts and the diagnostics.
 */
export function renderImageMarkdown(m: Manifest, options: ImageReportOptions = {}): string {
  const s = summarizeImage(m);
  const id = m.identity;
  const c = s.code;
  const lines: string[] = [
    `### tcbscope inspect: ${markdownInlineCode(id.name)} (${markdownCell(id.target)}, ${markdownCell(id.arch)})`,
    '',
    `- **File:** ${formatCount(id.fileSize)} bytes, ${markdownCell(id.format)}, sha256 ${markdownInlineCode(id.sha256)}${id.buildId ? `, build-id ${markdownInlineCode(id.buildId)}` : ''}`,
    `- **Memory:** ${formatCount(id.memorySize)} bytes${id.stripped ? ' (stripped: no .symtab)' : ''}`,
    `- **Code:** ${formatCount(c.bytes)} bytes: ${formatShareOf(c.attributed, c.bytes)} to named packages, ${formatShareOf(c.unknown, c.bytes)} unknown package, ${formatShareOf(c.unattributed, c.bytes)} linker/unattributed`,
    `- **Target:** ${markdownCell(id.target)} (${markdownCell(id.targetEvidence)})`,
    ...platformLines(m),
    '',
    '| package | version | file bytes | share of the file | code bytes |',
    '|:--|:--|--:|--:|--:|',
  ];
  const top = options.top ?? DEFAULT_PACKAGE_ROWS;
  for (const p of s.packages.slice(0, top))
    lines.push(
      markdownRow([
        markdownCode(p.name),
        markdownVersion(p.version),
        formatCount(p.fileSize),
        formatShareOf(p.fileSize, id.fileSize),
        formatCount(p.codeSize),
      ]),
    );
  if (s.packages.length > top) lines.push(markdownRow([`… ${s.packages.length - top} more`, '', '', '', '']));
  const languages = Object.entries(s.languages).sort(
    (a, b) => (b[1] ?? 0) - (a[1] ?? 0) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
  const real = s.packages.filter((p) => !isPseudoPackage(p.name)).length;
  lines.push(
    '',
    `**Languages** (share of the file): ${languages.map(([l, n]) => `${l} ${formatShareOf(n ?? 0, id.fileSize)}`).join(', ') || 'none'}`,
    '',
    `**Packages contributing bytes:** ${real}; dependency graph: ${m.dependencies.packages.length} packages, ${m.dependencies.edges.length} edges`,
  );
  if (m.diagnostics.length > 0) {
    lines.push('', '**Diagnostics:**');
    for (const d of m.diagnostics)
      lines.push(`- ${d.severity}: ${markdownCell(d.message)}${d.at ? ` (${markdownCell(d.at)})` : ''}`);
  }
  return lines.join('\n') + '\n';
}
