import type { Dependencies } from '../../analyzer/model/manifest.js';
import { h } from './create-element.js';
import { formatCount } from '../../reports/format-number.js';
import { layoutDependencyGraph, type GraphLayout } from './graph-layout.js';
import { edgeKey, findPathsFromRoots } from './graph-paths.js';

const SVG = 'http://www.w3.org/2000/svg';

function svgElement(tag: string, attributes: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, String(v));
  return element;
}

/**
 * The dependency graph: packages laid out by ELK (roots on the left), wider the more bytes they put in
 * the image, build-only packages dashed and hideable. Clicking a package highlights every path
 * from the roots to it ("why is this here"); clicking the background clears it.
 */
export async function drawDependencyGraph(deps: Dependencies): Promise<HTMLElement> {
  // ELK is large (1.6 MB): it is loaded only when a page shows a graph.
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const buildOnly = deps.packages.filter((p) => p.buildOnly).length;
  const toggle = h('input', { type: 'checkbox', id: 'graph-build-only', checked: true }) as HTMLInputElement;
  const why = h('p', { id: 'graph-why', class: 'meta' }, 'Click a package to see why it is here.');
  const holder = h('div', { class: 'graph-holder' });
  let selected: string | undefined;

  const draw = (layout: GraphLayout) => {
    const svg = svgElement('svg', {
      id: 'graph',
      class: 'graph',
      width: layout.width,
      height: layout.height,
      viewBox: `0 0 ${layout.width} ${layout.height}`,
    });
    const highlight =
      selected === undefined ? undefined : findPathsFromRoots(layout.edges, deps.roots, selected);
    svg.classList.toggle('highlighting', highlight !== undefined);
    const background = svgElement('rect', {
      x: 0,
      y: 0,
      width: layout.width,
      height: layout.height,
      class: 'background',
    });
    background.addEventListener('click', () => {
      selected = undefined;
      why.textContent = 'Click a package to see why it is here.';
      draw(layout);
    });
    svg.append(background);
    for (const e of layout.edges) {
      const line = svgElement('polyline', {
        points: e.points.map((p) => `${p.x},${p.y}`).join(' '),
        class: `edge ${e.kind}${highlight?.edges.has(edgeKey(e)) ? ' on-path' : ''}`,
        'data-from': e.from,
        'data-to': e.to,
      });
      svg.append(line);
    }
    for (const n of layout.nodes) {
      const g = svgElement('g', {
        class: `node${n.buildOnly ? ' build-only' : ''}${n.bytes > 0 ? ' linked' : ''}${n.root ? ' root' : ''}${highlight?.nodes.has(n.name) ? ' on-path' : ''}${n.name === selected ? ' selected' : ''}`,
        'data-name': n.name,
        transform: `translate(${n.x},${n.y})`,
      });
      const title = svgElement('title', {});
      title.textContent = `${n.name}${n.version ? ` ${n.version}` : ''}\n${formatCount(n.bytes)} bytes in the image${n.buildOnly ? '\nneeded only to build' : ''}${n.licence ? `\nlicence: ${n.licence}` : ''}`;
      const rect = svgElement('rect', { width: n.width, height: n.height, rx: 4 });
      const text = svgElement('text', { x: 6, y: n.height / 2 + 4 });
      text.textContent = n.name;
      g.append(title, rect, text);
      g.addEventListener('click', () => {
        selected = n.name;
        const paths = findPathsFromRoots(layout.edges, deps.roots, n.name);
        why.textContent = `${n.name}: ${paths.nodes.size - 1} package(s) on its paths from ${deps.roots.join(', ')}.`;
        draw(layout);
      });
      svg.append(g);
    }
    holder.replaceChildren(svg);
  };

  const relayout = async () =>
    draw(await layoutDependencyGraph(elk, deps, { showBuildOnly: toggle.checked }));
  toggle.addEventListener('change', () => void relayout());
  await relayout();
  return h(
    'div',
    { class: 'graph-view' },
    h(
      'p',
      {},
      h('label', {}, toggle, ` show the ${buildOnly} package(s) needed only to build`),
      ' · ',
      `${deps.packages.length} packages, ${deps.edges.length} edges`,
    ),
    why,
    holder,
  );
}
