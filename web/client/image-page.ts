import type {
  AdvisoriesResponse,
  GraphResponse,
  ImageResponse,
  StackComparisonResponse,
  StacksResponse,
  TreeResponse,
  UnitDetailResponse,
} from '../server/api-types.js';
import {
  describeCodeLanguages,
  describePlatform,
  drawAdvisories,
  drawDiagnostics,
  drawProvenance,
} from './audit-view.js';
import { h, link } from './create-element.js';
import { drawSortableTable } from './draw-table.js';
import { fetchApi } from './fetch-api.js';
import { formatBytes, formatCount, formatRatio, formatShare } from '../../reports/format-number.js';
import { drawDependencyGraph } from './graph-view.js';
import type { TreemapBasis } from './treemap-layout.js';
import { drawTreemap } from './treemap-view.js';
import { drawUnitPanel } from './unit-panel.js';

type PackageRow = ImageResponse['summary']['packages'][number];

/** How an image page starts out. */
export interface ImagePageOptions {
  /** The id of the stack to compare with at once (a report file shows its comparison without a click). */
  stack?: string;
  /**
   * Whether the treemap's basis is read from and kept in the address (`?basis=`); true for the
   * web report. A report file passes false: its images are fragments of one file, and a changed
   * query would make the next fragment load the file again.
   */
  basisInAddress?: boolean;
}

/** One image: headline figures, links to the other targets, the treemap, the dependency graph, every package, and a stack comparison. */
export async function renderImagePage(id: string, options: ImagePageOptions = {}): Promise<Node> {
  const [{ image, figures, summary, siblings, downloads, audit }, { stacks }, { tree }] = await Promise.all([
    fetchApi<ImageResponse>(`/api/images/${encodeURIComponent(id)}`),
    fetchApi<StacksResponse>('/api/stacks'),
    fetchApi<TreeResponse>(`/api/images/${encodeURIComponent(id)}/tree`),
  ]);
  const facts: [string, string][] = [
    ['File bytes', `${formatCount(figures.fileSize)} (${formatBytes(figures.fileSize)})`],
    ['Memory bytes', formatCount(figures.memorySize)],
    [
      'Code bytes',
      `${formatCount(summary.code.bytes)}: ${formatShare(share(summary.code.attributed, summary.code.bytes))} to named packages, ${formatShare(share(summary.code.unknown, summary.code.bytes))} in no known package, ${formatShare(share(summary.code.unattributed, summary.code.bytes))} linker/unattributed`,
    ],
    ['Code by language', describeCodeLanguages(audit)],
    ['Linked packages', formatCount(figures.linkedPackages)],
    ['C and assembly', `${formatShare(figures.cAsmShare)} of code of known language`],
    [
      'Declared devices',
      figures.devices.length === 0 ? '–' : figures.devices.map((d) => `${d.name} (${d.kind})`).join(', '),
    ],
    ['Host libraries', figures.needed.length === 0 ? '–' : figures.needed.join(', ')],
    ...describePlatform(audit),
    ...(downloads
      ? [
          [
            'Download (gzip / brotli)',
            `${formatCount(downloads.gzip)} / ${formatCount(downloads.brotli)}`,
          ] as [string, string],
        ]
      : []),
    ['sha256', figures.sha256],
  ];
  // Per-package download sizes of a js bundle: each package's bytes compressed on their own.
  const compressed = new Map((downloads?.packages ?? []).map((p) => [p.name, p]));
  const stackResult = h('div', { id: 'stack-comparison' });
  const select = h(
    'select',
    { id: 'stack-select', 'aria-label': 'Conventional stack' },
    h('option', { value: '' }, 'choose a stack…'),
    ...stacks.map((s) => h('option', { value: s.id }, s.name)),
  ) as HTMLSelectElement;
  const showStack = () => {
    if (select.value === '') return stackResult.replaceChildren();
    void fetchApi<StackComparisonResponse>(
      `/api/images/${encodeURIComponent(id)}/stack/${select.value}`,
    ).then(
      ({ comparison }) =>
        stackResult.replaceChildren(
          drawComparison(comparison),
          // The full comparison (chart, methodology, provenance, exports) has its own page.
          h(
            'p',
            { id: 'stack-comparison-links' },
            link(`/images/${encodeURIComponent(id)}/stack/${select.value}`, 'Full comparison'),
            ' · ',
            link(`/builds/${image.buildId}/stack/${select.value}`, 'every target of this build'),
          ),
        ),
      (error: Error) => stackResult.replaceChildren(h('p', { class: 'error' }, error.message)),
    );
  };
  select.addEventListener('change', showStack);
  if (options.stack !== undefined && stacks.some((s) => String(s.id) === options.stack)) {
    select.value = options.stack;
    showStack();
  }
  // Advisories come from the server's --advisories folder; a report file may hold none.
  const advisories = h('div', {}, h('p', { class: 'meta' }, 'Matching advisories…'));
  void fetchApi<AdvisoriesResponse>(`/api/images/${encodeURIComponent(id)}/advisories`).then(
    (response) => advisories.replaceChildren(drawAdvisories(response)),
    () =>
      advisories.replaceChildren(drawAdvisories({ advisories: 0, checked: 0, unchecked: 0, matches: [] })),
  );
  // A unit's panel opens under the treemap when the reader clicks a unit.
  const unitPanel = h('div', { id: 'unit-panel-slot' });
  const showUnit = (unit: number | undefined) => {
    if (unit === undefined) return;
    void fetchApi<UnitDetailResponse>(`/api/images/${encodeURIComponent(id)}/units/${unit}/detail`).then(
      ({ detail }) => unitPanel.replaceChildren(drawUnitPanel(detail)),
      (error: Error) => unitPanel.replaceChildren(h('p', { class: 'error' }, error.message)),
    );
  };
  // The graph is laid out after the page shows (ELK is loaded on demand).
  const graph = h(
    'div',
    { id: 'graph-section' },
    h('p', { class: 'meta' }, 'Laying out the dependency graph…'),
  );
  void fetchApi<GraphResponse>(`/api/images/${encodeURIComponent(id)}/graph`)
    .then(({ dependencies }) => drawDependencyGraph(dependencies))
    .then(
      (view) => graph.replaceChildren(view),
      (error: Error) =>
        graph.replaceChildren(h('p', { class: 'error' }, `The graph could not be drawn: ${error.message}`)),
    );
  return h(
    'section',
    {},
    h('h1', {}, `${image.name} · ${image.target}`),
    h(
      'p',
      { class: 'meta' },
      link(`/builds/${image.buildId}`, `Build #${image.buildId}`),
      ' of ',
      link(`/jobs/${encodeURIComponent(image.job)}`, image.job),
      ` · ${figures.arch} (${figures.format})`,
    ),
    h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    siblings.length === 0
      ? null
      : h(
          'p',
          {},
          'Diff with the other targets of this build: ',
          ...siblings.flatMap((s, i) => [
            i > 0 ? ', ' : '',
            link(`/compare?base=${s.imageId}&head=${image.id}`, s.target),
          ]),
        ),
    h('h2', {}, 'Where the bytes are'),
    drawTreemap(id, tree, {
      basis: options.basisInAddress === false ? 'loaded' : readBasis(),
      onBasis: options.basisInAddress === false ? undefined : writeBasis,
      onUnit: (node) => showUnit(node.unit),
    }),
    unitPanel,
    h('h2', {}, 'Diagnostics'),
    drawDiagnostics(
      'image-diagnostics',
      audit.diagnostics.map((diagnostic) => ({ diagnostic })),
    ),
    h('h2', {}, 'Known advisories'),
    advisories,
    h('h2', {}, 'Dependency graph'),
    graph,
    h('h2', {}, 'Packages'),
    drawSortableTable<PackageRow>(
      summary.packages,
      [
        { label: 'Package', value: (p) => p.name, cell: (p) => ({ text: p.name }) },
        { label: 'Version', value: (p) => p.version ?? '', cell: (p) => ({ text: p.version ?? '' }) },
        {
          label: 'File bytes',
          value: (p) => p.fileSize,
          cell: (p) => ({ text: formatCount(p.fileSize), title: formatBytes(p.fileSize) }),
          numeric: true,
        },
        {
          label: 'Share',
          value: (p) => p.share,
          cell: (p) => ({ text: formatShare(p.share) }),
          numeric: true,
        },
        {
          label: 'Code bytes',
          value: (p) => p.codeSize,
          cell: (p) => ({ text: formatCount(p.codeSize) }),
          numeric: true,
        },
        ...(downloads
          ? [
              {
                label: 'gzip',
                value: (p: PackageRow) => compressed.get(p.name)?.gzip ?? 0,
                cell: (p: PackageRow) => ({ text: formatCount(compressed.get(p.name)?.gzip ?? 0) }),
                numeric: true,
              },
              {
                label: 'brotli',
                value: (p: PackageRow) => compressed.get(p.name)?.brotli ?? 0,
                cell: (p: PackageRow) => ({ text: formatCount(compressed.get(p.name)?.brotli ?? 0) }),
                numeric: true,
              },
            ]
          : []),
      ],
      { column: 2, descending: true },
    ),
    downloads
      ? h(
          'p',
          { class: 'meta' },
          'gzip and brotli: each package’s bytes compressed on their own, so they add up to more than the whole bundle compressed.',
        )
      : null,
    h('h2', {}, 'Against a conventional stack'),
    stacks.length === 0
      ? h('p', {}, 'No stack profile is stored: ingest stacks/debian-12-amd64/*.json.')
      : h('p', {}, select),
    stackResult,
    h('h2', {}, 'Provenance'),
    drawProvenance(audit),
  );
}

/** The treemap's basis from the address (`?basis=code`); loaded bytes when absent or unknown. */
function readBasis(): TreemapBasis {
  const value = new URLSearchParams(window.location.search).get('basis');
  return value === 'file' || value === 'code' ? value : 'loaded';
}

/** Keeps the basis in the address, so a link or a reload shows the same view. */
function writeBasis(basis: TreemapBasis): void {
  const url = new URL(window.location.href);
  url.searchParams.set('basis', basis);
  window.history.replaceState(window.history.state, '', url.href);
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function drawComparison(comparison: StackComparisonResponse['comparison']): Node {
  return h(
    'div',
    {},
    h('p', { class: 'headline' }, comparison.headline.sentence),
    h(
      'table',
      { class: 'data' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Metric'),
          h('th', { class: 'num' }, 'Image'),
          h('th', { class: 'num' }, 'Stack'),
          h('th', { class: 'num' }, 'Ratio'),
        ),
      ),
      h(
        'tbody',
        {},
        ...comparison.metrics.map((m) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row', title: m.definition }, m.label),
            h('td', { class: 'num' }, formatCount(m.image)),
            h('td', { class: 'num' }, formatCount(m.stack)),
            h('td', { class: 'num' }, formatRatio(m.ratio)),
          ),
        ),
      ),
    ),
  );
}
