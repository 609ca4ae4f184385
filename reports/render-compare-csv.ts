import type { Comparison } from '../analyzer/compare.js';

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV columns, in order. */
export const COMPARE_CSV_COLUMNS = [
  'image',
  'target',
  'stack',
  'kind',
  'name',
  'image_value',
  'stack_value',
  'ratio',
] as const;

/**
 * The numbers of one or more comparisons (several images against one stack) as CSV: every metric,
 * every layer's code, loaded and memory bytes, and the bytes reported apart. Figures are plain
 * integers and ratios full-precision decimals, exactly as `tcbscope compare --json` holds them,
 * so a spreadsheet recomputes what the page shows.
 */
export function renderCompareCsv(comparisons: readonly Comparison[]): string {
  const rows: (string | number | null)[][] = [[...COMPARE_CSV_COLUMNS]];
  for (const c of comparisons) {
    const side = [c.image.name, c.image.target, c.stack.name];
    for (const m of c.metrics) rows.push([...side, 'metric', m.id, m.image, m.stack, m.ratio]);
    for (const l of c.layers)
      for (const key of ['code', 'loaded', 'memory'] as const)
        rows.push([
          ...side,
          `layer-${key}`,
          l.name,
          l.image[key],
          l.stack[key],
          l.stack[key] === 0 ? null : l.image[key] / l.stack[key],
        ]);
    for (const key of Object.keys(c.apart.image) as (keyof Comparison['apart']['image'])[])
      rows.push([...side, 'apart', key, c.apart.image[key], c.apart.stack[key], null]);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
