import type { Dependencies } from '../../analyzer/model/manifest.js';
import { h } from './create-element.js';
import { formatCount } from '../../reports/format-number.js';
import { findDependencyPaths, type DependencyPath } from '../../analyzer/why.js';
import { focusGraphOnPaths } from './graph-focus.js';
import { layoutDependencyGraph, type GraphLayout } from './graph-layout.js';
import { edgeKey, findPathsFromRoots } from './graph-paths.js';
import { drawWhyPanel } from './graph-why-panel.js';

const SVG = 'http://www.w3.org/2000/svg';

function svgElement(tag: string, attributes: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, String(v));
  return element;
}

/** Solid, dotted and dashed lines, as the graph draws runtime, build/test/doc and inferred edges. */
function drawEdgeLegend(): HTMLElement {
  const sample = (kind: string) => {
    const svg = svgElement('svg', { class: 'graph legend-line', width: 28, height: 10 });
    svg.append(svgElement('line', { x1: 1, y1: 5, x2: 27, y2: 5, class: `edge ${kind}` }));
    return svg;
  };
  return h(
    'p',
    { class: 'legend graph-legend', id: 'graph-legend' },
    sample('runtime'),
    ' runtime (linked) ',
    sample('build'),
    ' build, test or doc only ',
    sample('runtime inferred'),
    ' inferred by tcbscope, not read from metadata',
  );
}

/** The names on the listed paths, and their edges as `from\u0000to`. */
function listedParts(paths: readonly DependencyPath[]): { nodes: Set<string>; edges: Set<string> } {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const { path } of paths)
    path.forEach((step, i) => {
      nodes.add(step.name);
      const from = path[i - 1];
      if (from) edges.add(edgeKey({ from: from.name, to: step.name }));
    });
  return { nodes, edges };
}

/**
 * The dependency graph: packages laid out by ELK (roots on the left), wider the more bytes they put in
 * the image, build-only packages dashed and hideable, inferred edges dashed. Clicking a package
 * highlights every path from the roots to it ("why is this here"), lists the paths `tcbscope why`
 * gives in a panel, and zooms and scrolls the box so that their packages are in view; clicking the
 * background clears it.
 */
export async function drawDependencyGraph(deps: Dependencies): Promise<HTMLElement> {
  // ELK is large (1.6 MB): it is loaded only when a page shows a graph.
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const buildOnly = deps.packages.filter((p) => p.buildOnly).length;
  const toggle = h('input', { type: 'checkbox', id: 'graph-build-only', checked: true }) as HTMLInputElement;
  const why = h('p', { id: 'graph-why', class: 'meta' }, 'Click a package to see why it is here.');
  const panel = h('div', { id: 'graph-paths', class: 'graph-paths' });
  const holder = h('div', { class: 'graph-holder', id: 'graph-holder' });
  let selected: string | undefined;
  let listed: DependencyPath[] = [];

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
    const onList = listedParts(listed);
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
      listed = [];
      why.textContent = 'Click a package to see why it is here.';
      panel.replaceChildren();
      draw(layout);
    });
    svg.append(background);
    for (const e of layout.edges) {
      const line = svgElement('polyline', {
        points: e.points.map((p) => `${p.x},${p.y}`).join(' '),
        class: `edge ${e.kind}${e.inferred ? ' inferred' : ''}${highlight?.edges.has(edgeKey(e)) ? ' on-path' : ''}${onList.edges.has(edgeKey(e)) ? ' listed' : ''}`,
        'data-from': e.from,
        'data-to': e.to,
      });
      svg.append(line);
    }
    for (const n of layout.nodes) {
      const g = svgElement('g', {
        class: `node${n.buildOnly ? ' build-only' : ''}${n.bytes > 0 ? ' linked' : ''}${n.root ? ' root' : ''}${highlight?.nodes.has(n.name) ? ' on-path' : ''}${onList.nodes.has(n.name) ? ' listed' : ''}${n.name === selected ? ' selected' : ''}`,
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
        // The whole graph, not only what is drawn: the panel answers as `tcbscope why` does.
        listed = findDependencyPaths(deps, n.name);
        const paths = findPathsFromRoots(layout.edges, deps.roots, n.name);
        why.textContent = `${n.name}: ${paths.nodes.size - 1} package(s) on its paths from ${deps.roots.join(', ')}.`;
        panel.replaceChildren(...drawWhyPanel(n.name, deps.roots, listed));
        draw(layout);
        bringIntoView(layout);
      });
      svg.append(g);
    }
    holder.replaceChildren(svg);
    current = layout;
  };

  // Zoom out only as far as the listed packages need to share the box (or frame the first path, or
  // the one clicked in the panel), then scroll to them; the panel marks the paths in view.
  let current: GraphLayout | undefined;
  const bringIntoView = (layout: GraphLayout, only?: number) => {
    const byName = new Map(layout.nodes.map((n) => [n.name, n]));
    const boxes = listed.map((p) => p.path.flatMap((s) => byName.get(s.name) ?? []));
    const svg = holder.querySelector('svg');
    if (!svg) return;
    const viewport = { width: holder.clientWidth, height: holder.clientHeight };
    const { focus, shown } = focusGraphOnPaths(boxes, layout, viewport, only === undefined ? {} : { only });
    svg.setAttribute('width', String(layout.width * focus.scale));
    svg.setAttribute('height', String(layout.height * focus.scale));
    holder.scrollLeft = focus.scrollLeft;
    holder.scrollTop = focus.scrollTop;
    panel.querySelectorAll('li').forEach((li, i) => li.classList.toggle('in-view', shown.includes(i)));
  };
  panel.addEventListener('click', (event) => {
    const item = (event.target as Element).closest('li');
    const index = item ? [...panel.querySelectorAll('li')].indexOf(item) : -1;
    if (current && index >= 0) bringIntoView(current, index);
  });

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
    drawEdgeLegend(),
    why,
    panel,
    holder,
  );
}
