import { scaleBand, scaleLinear, scaleLog } from 'd3';
import type { Comparison } from '../../analyzer/compare.js';
import { COMPARISON_LAYERS } from '../../analyzer/comparison-layers.js';

/** The metric a chart draws per layer. */
export type ChartMetric = 'code' | 'loaded' | 'memory';
/** The value axis: linear, or logarithmic so that a unikernel's layers show beside Linux's. */
export type ChartScale = 'linear' | 'log';

/** One bar: a side's bytes in one layer. */
export interface ChartBar {
  layer: string;
  /** The image's name, or the stack's. */
  series: string;
  kind: 'image' | 'stack';
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The chart's geometry: bars, the layer labels, the value ticks, and the size. */
export interface ChartGeometry {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  bars: ChartBar[];
  layers: { name: string; x: number; width: number }[];
  ticks: { value: number; y: number }[];
  series: { name: string; kind: 'image' | 'stack' }[];
}

/**
 * Lays out the per-layer chart: for each layer, one bar per image and one for the stack (all the
 * comparisons are against the same stack). Pure: the view only maps this to SVG.
 */
export function layoutComparisonChart(
  comparisons: readonly Comparison[],
  metric: ChartMetric,
  scale: ChartScale,
  size = { width: 760, height: 340 },
): ChartGeometry {
  const margin = { top: 16, right: 16, bottom: 40, left: 84 };
  const first = comparisons[0];
  const series = [
    ...comparisons.map((c) => ({ name: `${c.image.name} (${c.image.target})`, kind: 'image' as const })),
    ...(first ? [{ name: first.stack.name, kind: 'stack' as const }] : []),
  ];
  const valueOf = (layer: number, s: number): number => {
    const c = comparisons[Math.min(s, comparisons.length - 1)];
    const l = c?.layers[layer];
    if (!l) return 0;
    return s < comparisons.length ? l.image[metric] : l.stack[metric];
  };
  const values = COMPARISON_LAYERS.flatMap((_, i) => series.map((_s, s) => valueOf(i, s)));
  const max = Math.max(1, ...values);
  const inner = {
    width: size.width - margin.left - margin.right,
    height: size.height - margin.top - margin.bottom,
  };
  const layerBand = scaleBand<string>().domain(COMPARISON_LAYERS).range([0, inner.width]).padding(0.2);
  const seriesBand = scaleBand<number>()
    .domain(series.map((_, i) => i))
    .range([0, layerBand.bandwidth()])
    .padding(0.08);
  // Log: bytes start at 1 (a layer with 0 bytes draws no bar); linear starts at 0.
  const y =
    scale === 'log'
      ? scaleLog().domain([1, max]).range([inner.height, 0]).nice()
      : scaleLinear().domain([0, max]).range([inner.height, 0]).nice();
  const bars: ChartBar[] = [];
  COMPARISON_LAYERS.forEach((layer, i) =>
    series.forEach((s, k) => {
      const value = valueOf(i, k);
      const top = value > 0 ? y(value) : inner.height;
      bars.push({
        layer,
        series: s.name,
        kind: s.kind,
        value,
        x: margin.left + (layerBand(layer) ?? 0) + (seriesBand(k) ?? 0),
        y: margin.top + top,
        width: seriesBand.bandwidth(),
        height: inner.height - top,
      });
    }),
  );
  return {
    ...size,
    margin,
    bars,
    layers: COMPARISON_LAYERS.map((name) => ({
      name,
      x: margin.left + (layerBand(name) ?? 0),
      width: layerBand.bandwidth(),
    })),
    ticks: (scale === 'log' ? y.ticks(6).filter((t) => Math.log10(t) % 1 === 0) : y.ticks(6)).map((t) => ({
      value: t,
      y: margin.top + y(t),
    })),
    series,
  };
}
