import type { AttributionNode } from '../../analyzer/build-attribution-tree.js';
import type { Language } from '../../analyzer/model/manifest.js';
import type { TreeResponse } from '../server/api-types.js';
import { h } from './create-element.js';
import { fetchApi } from './fetch-api.js';
import { formatBytes, formatCount, formatShare } from '../../reports/format-number.js';
import { basisBytes, layoutTreemap, matchesQuery, type TreemapBasis } from './treemap-layout.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 1200;
const HEIGHT = 560;

/**
 * Colour per language (units) and for pseudo-packages' metadata; the legend says which is which.
 * Rectangles are filled with these exact colours (no transparency): what a reader sees is what
 * the legend shows. `unknown` is a unit whose language no evidence names.
 */
export const LANGUAGE_COLOURS: Record<Language, string> = {
  OCaml: '#ee7a3a',
  C: '#4a7fd6',
  assembly: '#8a5cc9',
  JS: '#e2c13a',
  data: '#5aa469',
  metadata: '#a3a9b3',
  unknown: '#d14b4b',
};

/** The fill of a package's band around its units: not a language, so the legend names it apart. */
export const PACKAGE_BAND = '#dfe3ea';

/** What each basis measures, for the switch's labels and the breadcrumbs. */
const BASES: { basis: TreemapBasis; label: string; title: string }[] = [
  {
    basis: 'loaded',
    label: 'loaded',
    title: 'file-backed bytes of allocated sections: what the loader maps',
  },
  { basis: 'code', label: 'code', title: 'bytes of executable sections' },
  {
    basis: 'file',
    label: 'file',
    title: 'every byte of the file: headers, symbol and debug tables included',
  },
];

/** Options of {@link drawTreemap}. */
export interface TreemapOptions {
  /** The basis to start on (the page reads it from `?basis=`); loaded bytes by default. */
  basis?: TreemapBasis;
  /** Called when the reader switches basis (the page writes it back to the address). */
  onBasis?: (basis: TreemapBasis) => void;
  /** Called when the reader clicks a unit (the page opens its panel). */
  onUnit?: (unit: AttributionNode) => void;
}

/**
 * The image's treemap: package → unit → symbol, two levels at a time. Clicking a rectangle zooms
 * into its package (or unit, whose symbols are fetched then); the breadcrumbs zoom out; the search
 * box highlights rectangles whose name, or a name inside them, matches.
 */
export function drawTreemap(
  imageId: string,
  tree: AttributionNode,
  options: TreemapOptions = {},
): HTMLElement {
  const path: AttributionNode[] = [tree];
  let basis: TreemapBasis = options.basis ?? 'loaded';
  const size = (n: AttributionNode) => basisBytes(n, basis);
  const switcher = h(
    'fieldset',
    { class: 'basis-switch', id: 'treemap-basis' },
    h('legend', {}, 'Sized by'),
    ...BASES.map((b) => {
      const input = h('input', {
        type: 'radio',
        name: 'treemap-basis',
        value: b.basis,
        checked: b.basis === basis,
      }) as HTMLInputElement;
      input.addEventListener('change', () => {
        if (!input.checked) return;
        basis = b.basis;
        // A zoomed node may hold nothing on the new basis: go back up to one that does.
        while (path.length > 1 && size(path[path.length - 1] as AttributionNode) === 0) path.pop();
        options.onBasis?.(basis);
        draw();
      });
      return h('label', { title: b.title }, input, ` ${b.label} `);
    }),
  );
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
        const label = `${n.name} (${formatBytes(size(n))})`;
        if (i === path.length - 1) return [h('span', { 'aria-current': 'location' }, label)];
        const button = h('button', { type: 'button' }, label);
        button.addEventListener('click', () => {
          path.length = i + 1;
          draw();
        });
        return [button, ' › '];
      }),
    );
    const { rects, hidden } = layoutTreemap(focus, WIDTH, HEIGHT, { basis });
    // The layout's groups index the children with bytes on this basis.
    const groups = (focus.children ?? []).filter((c) => size(c) > 0);
    const query = search.value;
    svg.replaceChildren(
      ...rects.map((r) => {
        const g = document.createElementNS(SVG, 'g');
        g.setAttribute(
          'class',
          `cell depth-${r.depth}${query && matchesQuery(r.node, query) ? ' match' : ''}`,
        );
        g.setAttribute('data-name', r.node.name);
        g.setAttribute('data-bytes', String(size(r.node)));
        g.setAttribute('data-kind', r.node.kind);
        if (r.node.unit !== undefined) g.setAttribute('data-unit', String(r.node.unit));
        const rect = document.createElementNS(SVG, 'rect');
        rect.setAttribute('x', String(r.x0));
        rect.setAttribute('y', String(r.y0));
        rect.setAttribute('width', String(Math.max(0, r.x1 - r.x0)));
        rect.setAttribute('height', String(Math.max(0, r.y1 - r.y0)));
        // A rectangle with units drawn inside is only their frame: its band is neutral, and each
        // unit has its language's colour exactly, not blended with the package's.
        rect.setAttribute(
          'fill',
          r.hasChildren ? PACKAGE_BAND : LANGUAGE_COLOURS[r.node.language ?? 'unknown'],
        );
        const title = document.createElementNS(SVG, 'title');
        title.textContent = describeNode(r.node, basis, r.share, focus.name, size(tree));
        g.append(rect, title);
        if (r.x1 - r.x0 > 40 && r.y1 - r.y0 > 12) {
          const text = document.createElementNS(SVG, 'text');
          text.setAttribute('x', String(r.x0 + 3));
          text.setAttribute('y', String(r.y0 + 12));
          text.textContent = fitLabel(r.node.name, r.x1 - r.x0);
          g.append(text);
        }
        g.addEventListener('click', () => {
          if (r.node.kind === 'unit') options.onUnit?.(r.node);
          void zoomInto(groups[r.group] as AttributionNode);
        });
        return g;
      }),
    );
    status.textContent = ` ${formatCount(rects.length)} drawn${hidden > 0 ? `, ${formatCount(hidden)} too small to draw (their bytes are in the rectangle around them)` : ''}`;
  };
  search.addEventListener('input', draw);
  draw();
  return h('div', { class: 'treemap-view' }, crumbs, switcher, h('p', {}, search, status), svg, drawLegend());
}

/** The tooltip: name, bytes on the basis and their shares, each basis's bytes, language, version and evidence. */
function describeNode(
  node: AttributionNode,
  basis: TreemapBasis,
  share: number,
  focus: string,
  imageBytes: number,
): string {
  const lines = [
    node.kind === 'package' && node.version ? `${node.name} ${node.version}` : node.name,
    `${formatCount(basisBytes(node, basis))} ${basis} bytes, ${formatShare(share)} of ${focus}, ${formatShare(basisBytes(node, basis) / (imageBytes || 1))} of the image`,
    `file ${formatCount(node.bytes)} · loaded ${formatCount(node.loaded)} · code ${formatCount(node.code)}`,
  ];
  if (node.language)
    lines.push(`language: ${node.language}${node.kind === 'package' ? ' (most of its bytes)' : ''}`);
  if (node.evidence) lines.push(`evidence: ${node.evidence} (click for the record)`);
  return lines.join('\n');
}

function fitLabel(name: string, width: number): string {
  const chars = Math.floor((width - 6) / 6.5);
  return name.length <= chars ? name : `${name.slice(0, Math.max(1, chars - 1))}…`;
}

function drawLegend(): HTMLElement {
  return h(
    'p',
    { class: 'legend', id: 'treemap-legend' },
    ...Object.entries(LANGUAGE_COLOURS).flatMap(([language, colour]) => [
      h('span', { class: 'swatch', style: `background:${colour}`, 'data-colour': colour }),
      `${language === 'unknown' ? 'unknown language' : language} `,
    ]),
    h('span', { class: 'swatch', style: `background:${PACKAGE_BAND}`, 'data-colour': PACKAGE_BAND }),
    'package (around its units)',
  );
}
