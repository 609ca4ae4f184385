import { formatBytes } from '../../reports/format-number.js';
import { visibleText } from '../../reports/visible-text.js';
import type { ChartGeometry } from './comparison-chart-layout.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
// Colours as attributes, not CSS: an exported SVG (and the PNG drawn from it) must look the same
// without the page's style sheet.
const IMAGE_COLOURS = ['#2f6db5', '#e08a1e', '#3a9b52', '#8e4fb0', '#c23b3b'];
const STACK_COLOUR = '#7a7a7a';

function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = visibleText(text);
  return element;
}

/** The colour of each series: images in turn, the stack grey. */
export function seriesColour(index: number, kind: 'image' | 'stack'): string {
  return kind === 'stack' ? STACK_COLOUR : (IMAGE_COLOURS[index % IMAGE_COLOURS.length] as string);
}

/** Draws the chart's geometry as a standalone SVG element (namespace, size and fonts set on it). */
export function drawComparisonChart(g: ChartGeometry, title: string): SVGSVGElement {
  const root = svg('svg', {
    xmlns: SVG_NS,
    width: g.width,
    height: g.height + 24,
    viewBox: `0 0 ${g.width} ${g.height + 24}`,
    'font-family': 'sans-serif',
    'font-size': 11,
    id: 'comparison-chart',
    role: 'img',
  }) as SVGSVGElement;
  root.appendChild(svg('title', {}, title));
  root.appendChild(svg('rect', { x: 0, y: 0, width: g.width, height: g.height + 24, fill: '#ffffff' }));
  const bottom = g.height - g.margin.bottom;
  for (const t of g.ticks) {
    root.appendChild(
      svg('line', { x1: g.margin.left, x2: g.width - g.margin.right, y1: t.y, y2: t.y, stroke: '#e2e2e2' }),
    );
    root.appendChild(
      svg(
        'text',
        { x: g.margin.left - 6, y: t.y + 4, 'text-anchor': 'end', fill: '#333' },
        formatBytes(t.value),
      ),
    );
  }
  g.bars.forEach((b) => {
    const k = g.series.findIndex((s) => s.name === b.series);
    const rect = svg('rect', {
      x: b.x,
      y: b.y,
      width: b.width,
      height: b.height,
      fill: seriesColour(k, b.kind),
      class: `bar ${b.kind}`,
      'data-layer': b.layer,
      'data-series': b.series,
      'data-bytes': b.value,
    });
    rect.appendChild(svg('title', {}, `${b.series} · ${b.layer}: ${formatBytes(b.value)}`));
    root.appendChild(rect);
  });
  for (const l of g.layers)
    root.appendChild(
      svg('text', { x: l.x + l.width / 2, y: bottom + 16, 'text-anchor': 'middle', fill: '#333' }, l.name),
    );
  root.appendChild(
    svg('line', { x1: g.margin.left, x2: g.width - g.margin.right, y1: bottom, y2: bottom, stroke: '#333' }),
  );
  let x = g.margin.left;
  g.series.forEach((s, k) => {
    root.appendChild(
      svg('rect', { x, y: g.height + 6, width: 10, height: 10, fill: seriesColour(k, s.kind) }),
    );
    const label = svg('text', { x: x + 14, y: g.height + 15, fill: '#333' }, s.name);
    root.appendChild(label);
    x += 24 + 6.5 * s.name.length;
  });
  return root;
}
