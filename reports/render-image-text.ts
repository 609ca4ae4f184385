import type { Manifest } from '../analyzer/model/manifest.js';
import { formatCount, formatShareOf } from './format-number.js';
import { isPseudoPackage } from '../analyzer/model/is-pseudo-package.js';
import { summarizeImage } from '../analyzer/summarize-image.js';

/** Options of the inspect reporters (text and Markdown; JSON prints the whole manifest). */
export interface ImageReportOptions {
  /** How many packages to list (default {@link DEFAULT_PACKAGE_ROWS}). */
  top?: number;
}

/** Packages a human report lists by default: the largest ones. */
export const DEFAULT_PACKAGE_ROWS = 15;

/** The human summary `tcbscope inspect` prints: identity, sizes, top packages, languages, devices. */
export function renderImageText(m: Manifest, options: ImageReportOptions = {}): string {
  const s = summarizeImage(m);
  const id = m.identity;
  const lines: string[] = [];
  lines.push(
    `${id.name}: ${id.format} ${id.elfType ?? ''} for ${id.arch}, target ${id.target} (${id.targetEvidence})`.replace(
      '  ',
      ' ',
    ),
  );
  lines.push(
    `  file   ${formatCount(id.fileSize)}   sha256 ${id.sha256}${id.buildId ? `   build-id ${id.buildId}` : ''}`,
  );
  lines.push(`  memory ${formatCount(id.memorySize)}${id.stripped ? '   (stripped: no .symtab)' : ''}`);
  const c = s.code;
  lines.push(
    `  code   ${formatCount(c.bytes)}: ${formatShareOf(c.attributed, c.bytes)} to named packages, ${formatShareOf(c.unknown, c.bytes)} unknown package, ${formatShareOf(c.unattributed, c.bytes)} linker/unattributed`,
  );
  lines.push('');
  lines.push('Packages (file bytes, share of the file, code bytes):');
  const top = options.top ?? DEFAULT_PACKAGE_ROWS;
  for (const p of s.packages.slice(0, top)) {
    const name = `${p.name}${p.version ? ` ${p.version}` : ''}`;
    lines.push(
      `  ${name.padEnd(44)} ${formatCount(p.fileSize).padStart(12)} ${formatShareOf(p.fileSize, id.fileSize).padStart(6)}   code ${formatCount(p.codeSize).padStart(11)}`,
    );
  }
  if (s.packages.length > top) lines.push(`  ... ${s.packages.length - top} more (--json shows all)`);
  lines.push('');
  const langs = Object.entries(s.languages).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  lines.push(`Languages: ${langs.map(([l, n]) => `${l} ${formatShareOf(n ?? 0, id.fileSize)}`).join(', ')}`);
  const real = s.packages.filter((p) => !isPseudoPackage(p.name)).length;
  lines.push(
    `Packages contributing bytes: ${real}; dependency graph: ${m.dependencies.packages.length} packages, ${m.dependencies.edges.length} edges`,
  );
  const solo5 = m.platform.solo5;
  if (solo5?.abi)
    lines.push(
      `Solo5 ABI: target ${solo5.abi.target} (${solo5.abi.targetCode}), ABI version ${solo5.abi.version}`,
    );
  if (solo5?.manifest) {
    const devs = solo5.manifest.devices.map((d) => `${d.name} (${d.kind})`).join(', ') || 'none';
    lines.push(`Declared devices (Solo5 manifest v${solo5.manifest.version}): ${devs}`);
  }
  if (m.downloads)
    lines.push(
      `Download: gzip ${formatCount(m.downloads.gzip)} B, brotli ${formatCount(m.downloads.brotli)} B`,
    );
  if (m.platform.xenPvhEntry !== undefined)
    lines.push(`Xen PVH entry: 0x${m.platform.xenPvhEntry.toString(16)}`);
  if (m.platform.interpreter) lines.push(`Interpreter: ${m.platform.interpreter}`);
  if (m.platform.needed.length > 0)
    lines.push(`Needs from the host (DT_NEEDED, outside the image): ${m.platform.needed.join(', ')}`);
  for (const d of m.diagnostics) lines.push(`${d.severity}: ${d.message}${d.at ? ` (${d.at})` : ''}`);
  return lines.join('\n') + '\n';
}
