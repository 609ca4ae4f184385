import { compareManifests } from '../../analyzer/compare.js';
import type { Comparison } from '../../analyzer/compare.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { resolve } from 'node:path';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { readManifestFile } from '../../pipeline/read-manifest-file.js';

const USAGE = 'tcbscope compare IMAGE_MANIFEST --against STACK_MANIFEST [--json]';

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare an image manifest with a conventional stack: ratios per metric and per layer',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      { against: { type: 'string' }, json: { type: 'boolean' } },
      USAGE,
    );
    if (positionals.length !== 1)
      throw new UserError('USAGE', `expected one IMAGE_MANIFEST, got ${positionals.length}; usage: ${USAGE}`);
    if (!values.against)
      throw new UserError('USAGE', `--against STACK_MANIFEST is required; usage: ${USAGE}`);
    const image = readManifestFile(resolve(io.cwd, positionals[0] as string), positionals[0] as string);
    const stack = readManifestFile(resolve(io.cwd, values.against), values.against);
    if (stack.kind !== 'stack')
      throw new UserError(
        'MANIFEST_BAD',
        `--against needs a stack manifest (kind "stack"), this one is kind "${stack.kind}"`,
        { file: values.against, at: 'kind' },
      );
    const comparison = compareManifests(image, stack);
    io.stdout.write(values.json ? JSON.stringify(comparison) + '\n' : renderComparisonText(comparison));
    return 0;
  },
};

function formatRatio(r: number | null): string {
  if (r === null) return 'n/a';
  return r >= 10 ? `${r.toFixed(1)}×` : r >= 0.01 ? `${(r * 100).toFixed(1)}%` : `${(r * 100).toFixed(3)}%`;
}

/** Plain-text rendering: headline, the metric table, layers, methodology and provenance. */
export function renderComparisonText(c: Comparison): string {
  const lines: string[] = [];
  lines.push(
    `${c.image.name} (${c.image.kind}, ${c.image.target}) against ${c.stack.name} (${c.stack.target}; roots ${c.stack.roots.join(', ')}${c.stack.kernel ? `; kernel ${c.stack.kernel}` : ''})`,
  );
  lines.push('', `Headline: ${c.headline.sentence}`, '');
  const w = Math.max(...c.metrics.map((m) => m.label.length));
  lines.push(`${'metric'.padEnd(w)}  ${'image'.padStart(12)}  ${'stack'.padStart(12)}  ratio`);
  for (const m of c.metrics)
    lines.push(
      `${m.label.padEnd(w)}  ${String(m.image).padStart(12)}  ${String(m.stack).padStart(12)}  ${formatRatio(m.ratio)}`,
    );
  lines.push('', 'Stack layers (image loaded bytes ÷ layer loaded bytes):');
  for (const l of c.layers) {
    lines.push(
      `  ${l.name.padEnd(10)} loaded ${String(l.loadedSize).padStart(11)}  code ${String(l.codeSize).padStart(10)}  installed ${String(l.installedSize).padStart(11)}  ${String(l.packages.length).padStart(3)} pkgs  image/layer ${formatRatio(l.imageOverLayer)}`,
    );
  }
  lines.push('', 'How each metric was computed:');
  for (const m of c.metrics) lines.push(`  ${m.label}: ${m.definition}`);
  for (const note of c.methodology) lines.push(`  ${note}`);
  lines.push('', `Stack provenance (${c.provenance.length} packages: name version sha256):`);
  for (const p of c.provenance) lines.push(`  ${p.package} ${p.version ?? '?'} ${p.sha256 ?? '-'}`);
  return lines.join('\n') + '\n';
}
