import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareManifests } from '../../analyzer/compare.js';
import { COMPARISON_LAYERS } from '../../analyzer/comparison-layers.js';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { layoutComparisonChart } from './comparison-chart-layout.js';

const read = (path: string): Manifest =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8')) as Manifest;
// Two stacks against one: real layer figures, some of them 0 (no language runtime in Debian's C).
const nginx = read('stacks/debian-12-amd64/https-nginx.json');
const comparisons = [
  read('stacks/debian-12-amd64/dns-unbound.json'),
  read('stacks/debian-12-amd64/ssh-openssh.json'),
].map((m) => compareManifests(m, nginx));

describe('layoutComparisonChart', () => {
  it.each(['linear', 'log'] as const)(
    '%s: a bar per layer and side, each with its layer’s bytes',
    (scale) => {
      const g = layoutComparisonChart(comparisons, 'code', scale);
      expect(g.bars).toHaveLength(COMPARISON_LAYERS.length * 3);
      expect(g.series.map((s) => s.kind)).toEqual(['image', 'image', 'stack']);
      for (const b of g.bars) {
        const layer = comparisons[0]!.layers.find((l) => l.name === b.layer)!;
        if (b.kind === 'stack') expect(b.value).toBe(layer.stack.code);
        // Inside the plot, never below its bottom; a 0 draws nothing.
        expect(b.y + b.height).toBeCloseTo(g.height - g.margin.bottom, 6);
        expect(b.height).toBeGreaterThanOrEqual(0);
        if (b.value === 0) expect(b.height).toBe(0);
      }
    },
  );

  it('linear: bar heights are proportional to bytes', () => {
    const g = layoutComparisonChart(comparisons, 'loaded', 'linear');
    const [a, b] = g.bars.filter((x) => x.value > 0);
    expect(a!.height / b!.height).toBeCloseTo(a!.value / b!.value, 6);
  });

  it('log: ticks are powers of ten, higher on the page for more bytes', () => {
    const g = layoutComparisonChart(comparisons, 'memory', 'log');
    expect(g.ticks.length).toBeGreaterThan(2);
    for (const t of g.ticks) expect(Math.log10(t.value) % 1).toBe(0);
    for (let i = 1; i < g.ticks.length; i++) expect(g.ticks[i]!.y).toBeLessThan(g.ticks[i - 1]!.y);
  });
});
