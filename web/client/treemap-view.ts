import type { AttributionNode } from '../../analyzer/build-attribution-tree.js';
import type { Language } from '../../analyzer/model/manifest.js';
import type { TreeResponse } from '../server/api-types.js';
import { h } from './create-element.js';
import { fetchApi } from './fetch-api.js';
import { formatBytes, formatCount, formatShare } from '../../reports/format-number.js';
import { layoutTreemap, matchesQuery } from './treemap-layout.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 1200;
const HEIGHT = 560;

/** Colour per language (units) and for pseudo-packages' metadata; the legend says which is which. */
export const LANGUAGE_COLOURS: Record<Language, string> = {
  OCaml: '#ee7a3a',
  C: '#4a7fd6',
  assembly: '#8a5cc9',
  JS: '#e2c13a',
  data: '#5aa469',
  metadata: '#a3a9b3',
  unknown: '#d14b4b',
};

/**
 * The image's treemap: package → unit → symbol, two levels at a time. Clicking a rectangle zooms
 * into its package (or unit, whose symbols are fetched then); the breadcrumbs zoom out; the search
 * box highlights rectangles whose name, or a name inside them, matches.
 */
export function drawTreemap(imageId: string, tree: AttributionNode): HTMLElement {
  const path: AttributionNode[] = [tree];
  const crumbs = h('nav', {
    class: 'breadcrumbs',
    id: 'treemap-breadcrumbs',
    'aria-label': 'Treemap position',
  });
  const search = h('input', {
    type: 'search',
    id: 'treemap-search',
    placeholder: 'highlight names containing…',
    'aria-label': 'Highlight names',
  }) as HTMLInputElement;
  const status = h('span', { class: 'meta', id: 'treemap-status' });
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute('class', 'treemap');
  svg.setAttribute('id', 'treemap');

  const zoomInto = async (node: AttributionNode) => {
    let target = node;
    if (node.kind === 'unit' && !node.children) {
      // Symbols are fetched per unit (level of detail); the unit node keeps them once loaded.
      target = (await fetchApi<TreeResponse>(`/api/images/${encodeURIComponent(imageId)}/units/${node.unit}`))
        .tree;
      node.children = target.children ?? [];
    }
    if ((node.children ?? []).length === 0) return;
    path.push(node);
    draw();
  };

  const draw = () => {
    const focus = path[path.length - 1] as AttributionNode;
    crumbs.replaceChildren(
      ...path.flatMap((n, i) => {
        const label = `${n.name} (${formatBytes(n.bytes)})`;
        if (i === path.length - 1) return [h('span', { 'aria-current': 'location' }, label)];
        const button = h('button', { type: 'button' }, label);
        button.addEventListener('click', () => {
          path.length = i + 1;
          draw();
        });
        return [button, ' › '];
      }),
    );
    const { rects, hidden } = layoutTreemap(focus, WIDTH, HEIGHT);
    const query = search.value;
    svg.replaceChildren(
      ...rects.map((r) => {
        const g = document.createElementNS(SVG, 'g');
        g.setAttribute(
          'class',
          `cell depth-${r.depth}${query && matchesQuery(r.node, query) ? ' match' : ''}`,
        );
        g.setAttribute('data-name', r.node.name);
        g.setAttribute('data-bytes', String(r.node.bytes));
        const rect = document.createElementNS(SVG, 'rect');
        rect.setAttribute('x', String(r.x0));
        rect.setAttribute('y', String(r.y0));
        rect.setAttribute('width', String(Math.max(0, r.x1 - r.x0)));
        rect.setAttribute('height', String(Math.max(0, r.y1 - r.y0)));
        rect.setAttribute('fill', LANGUAGE_COLOURS[r.node.language ?? 'unknown'] ?? '#999');
        const title = document.createElementNS(SVG, 'title');
        title.textContent = `${r.node.name}\n${formatCount(r.node.bytes)} bytes, ${formatShare(r.share)} of ${focus.name}, ${formatShare(r.node.bytes / (tree.bytes || 1))} of the image${r.node.language ? `\n${r.node.language}` : ''}`;
        g.append(rect, title);
        if (r.x1 - r.x0 > 40 && r.y1 - r.y0 > 12) {
          const text = document.createElementNS(SVG, 'text');
          text.setAttribute('x', String(r.x0 + 3));
          text.setAttribute('y', String(r.y0 + 12));
          text.textContent = fitLabel(r.node.name, r.x1 - r.x0);
          g.append(text);
        }
        g.addEventListener('click', () => void zoomInto((focus.children ?? [])[r.group] as AttributionNode));
        return g;
      }),
    );
    status.textContent = ` ${formatCount(rects.length)} drawn${hidden > 0 ? `, ${formatCount(hidden)} too small to draw (their bytes are in the rectangle around them)` : ''}`;
  };
  search.addEventListener('input', draw);
  draw();
  return h('div', { class: 'treemap-view' }, crumbs, h('p', {}, search, status), svg, drawLegend());
}

function fitLabel(name: string, width: number): string {
  const chars = Math.floor((width - 6) / 6.5);
  return name.length <= chars ? name : `${name.slice(0, Math.max(1, chars - 1))}…`;
}

function drawLegend(): HTMLElement {
  return h(
    'p',
    { class: 'legend' },
    ...Object.entries(LANGUAGE_COLOURS).flatMap(([language, colour]) => [
      h('span', { class: 'swatch', style: `background:${colour}` }),
      `${language} `,
    ]),
  );
}
