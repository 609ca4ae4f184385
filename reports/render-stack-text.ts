import type { Manifest } from '../analyzer/model/manifest.js';
import { formatCount } from './format-number.js';

/** What `tcbscope stack` reports: the stack manifest it measured and where it wrote it. */
export interface StackReport {
  manifest: Manifest;
  /** The path the manifest was written to, as the command resolved it. */
  out: string;
}

/** Options of the stack reporters (none yet). */
export type StackReportOptions = Record<string, never>;

/** The document `stack --json` prints: where the manifest went and its headline figures. */
export interface StackSummary {
  out: string;
  name: string;
  target: string;
  loadedBytes: number;
  installedBytes?: number;
  packages: number;
  loaded?: string[];
  kernel?: { package: string; elfSize: number; modules: number };
}

/** The headline figures of a measured stack (the JSON reporter's document; its key order is kept). */
export function summarizeStack({ manifest: m, out }: StackReport): StackSummary {
  return {
    out,
    name: m.identity.name,
    target: m.identity.target,
    loadedBytes: m.identity.fileSize,
    installedBytes: m.stack?.installedSize,
    packages: m.dependencies.packages.length,
    loaded: m.stack?.loaded.map((l) => l.path),
    kernel: m.stack?.kernel
      ? {
          package: m.stack.kernel.package,
          elfSize: m.stack.kernel.elfSize,
          modules: m.stack.kernel.modules.count,
        }
      : undefined,
  };
}

/** The summary `tcbscope stack` prints: totals, each loaded file, the kernel, the layers, the output path. */
export function renderStackText(
  { manifest: m, out }: StackReport,
  _options: StackReportOptions = {},
): string {
  const s = m.stack;
  const lines = [
    `${m.identity.name} (${m.identity.target}): ${m.dependencies.packages.length} packages, ${formatCount(s?.installedSize ?? 0)} bytes installed, ${formatCount(m.identity.fileSize)} bytes loaded`,
  ];
  for (const l of s?.loaded ?? [])
    lines.push(
      `  ${l.path.padEnd(48)} ${formatCount(l.fileSize).padStart(12)}  code ${formatCount(l.codeSize).padStart(11)}  (${l.package})`,
    );
  if (s?.kernel)
    lines.push(
      `  kernel ${s.kernel.package}: vmlinux ${formatCount(s.kernel.elfSize)} (code ${formatCount(s.kernel.codeSize)}), ${s.kernel.format} ${formatCount(s.kernel.compressedSize)}; ${s.kernel.modules.count} module(s) ${formatCount(s.kernel.modules.fileSize)}`,
    );
  for (const layer of s?.layers ?? [])
    lines.push(
      `  layer ${layer.name.padEnd(10)} loaded ${formatCount(layer.loadedSize).padStart(12)}  code ${formatCount(layer.codeSize).padStart(12)}  installed ${formatCount(layer.installedSize).padStart(13)}  (${layer.packages.length} packages)`,
    );
  lines.push(`written to ${out}`);
  return lines.join('\n') + '\n';
}
