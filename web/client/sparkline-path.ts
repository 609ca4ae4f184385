import { line, scaleLinear } from 'd3';

/**
 * The SVG path of a sparkline over `values` (oldest first) in a `width` × `height` box, with the
 * range padded by one pixel so that a flat line is not drawn on the box's edge.
 */
export function computeSparklinePath(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const x = scaleLinear()
    .domain([0, Math.max(1, values.length - 1)])
    .range([1, width - 1]);
  const y = scaleLinear()
    .domain(min === max ? [min - 1, max + 1] : [min, max])
    .range([height - 1, 1]);
  return (
    line<number>()
      .x((_, i) => x(i))
      .y((v) => y(v))(values as number[]) ?? ''
  );
}
