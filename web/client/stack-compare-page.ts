import type { Comparison } from '../../analyzer/compare.js';
import {
  DEFAULT_KERNEL_EXTRAS,
  KERNEL_EXTRAS_MODES,
  type KernelExtrasMode,
} from '../../analyzer/measure-tcb-bytes.js';
import { formatBytes, formatCount, formatRatio } from '../../reports/format-number.js';
import { renderCompareCsv } from '../../reports/render-compare-csv.js';
import { describeHeadline } from '../../reports/render-compare-text.js';
import type { BuildResponse, StackComparisonResponse, StacksResponse } from '../../web/server/api-types.js';
import { layoutComparisonChart, type ChartMetric, type ChartScale } from './comparison-chart-layout.js';
import { drawComparisonChart } from './comparison-chart-view.js';
import { downloadBlob, renderChartPng, serializeChart } from './comparison-export.js';
import { h, type Child } from './create-element.js';
import { ApiError, fetchApi } from './fetch-api.js';

/** Which images the page compares: one image, every target of a build, or a list (a report file's images). */
export type StackCompareSubject = { kind: 'images' | 'builds'; id: string } | { kind: 'list'; ids: string[] };

/** Goes to the page for other choices; the web report changes the address, a report file its fragment. */
export type StackCompareNavigate = (next: StackCompareChoice) => void;

/** Every choice the comparison page offers; its address (or a report file's fragment) holds them all. */
export interface StackCompareChoice {
  stack: string;
  metric: ChartMetric;
  scale: ChartScale;
  /** Whether the kernel's `.init.*` and `.BTF` sections are counted (the CLI's `--kernel-extras`). */
  extras: KernelExtrasMode;
}

const METRICS: ChartMetric[] = ['code', 'loaded', 'memory'];
const METRIC_LABELS: Record<ChartMetric, string> = {
  code: 'code bytes',
  loaded: 'loaded bytes',
  memory: 'runtime memory bytes',
};

/** The permalink of a comparison: the subject, the stack, the chart's metric and scale, and the kernel extras. */
export function comparisonPath(s: { kind: 'images' | 'builds'; id: string }, c: StackCompareChoice): string {
  return `/${s.kind}/${encodeURIComponent(s.id)}/stack/${encodeURIComponent(c.stack)}?${comparisonQuery(c)}`;
}

/** The query of a comparison's address without its stack: `metric=code&scale=log&extras=exclude`. */
export function comparisonQuery(c: Omit<StackCompareChoice, 'stack'>): string {
  return `metric=${c.metric}&scale=${c.scale}&extras=${c.extras}`;
}

/**
 * The API path of one image against a stack; the default mode has no query, so a report file's
 * embedded answers are found under the same paths the server answers.
 */
export function stackComparisonApiPath(imageId: string, stackId: number, extras: KernelExtrasMode): string {
  const query = extras === DEFAULT_KERNEL_EXTRAS ? '' : `?extras=${extras}`;
  return `/api/images/${encodeURIComponent(imageId)}/stack/${stackId}${query}`;
}

async function imageIdsOf(s: StackCompareSubject): Promise<string[]> {
  if (s.kind === 'list') return s.ids;
  if (s.kind === 'images') return [s.id];
  const { targets } = await fetchApi<BuildResponse>(`/api/builds/${encodeURIComponent(s.id)}`);
  return targets.map((t) => String(t.imageId));
}

/**
 * The comparison page: images (one, or every target of a build) against one conventional stack;
 * the per-layer chart with its metric and linear/log scale, the metric table with definitions,
 * the bytes left out, methodology, caveats and provenance, and the exports. The address holds
 * every choice, so it is the permalink; changing the stack changes the address.
 */
export async function renderStackComparePage(
  subject: StackCompareSubject,
  stackId: string | undefined,
  params: URLSearchParams,
  navigate?: StackCompareNavigate,
): Promise<Node> {
  const [{ stacks }, ids] = await Promise.all([fetchApi<StacksResponse>('/api/stacks'), imageIdsOf(subject)]);
  const stack =
    stacks.find((s) => String(s.id) === stackId) ?? (stackId === undefined ? stacks[0] : undefined);
  if (!stack)
    throw new ApiError(404, stackId === undefined ? 'no stack profile is stored' : `stack ${stackId}`);
  const extras = KERNEL_EXTRAS_MODES.find((m) => m === params.get('extras')) ?? DEFAULT_KERNEL_EXTRAS;
  const comparisons = (
    await Promise.all(
      ids.map((id) => fetchApi<StackComparisonResponse>(stackComparisonApiPath(id, stack.id, extras))),
    )
  ).map((r) => r.comparison);
  const metric = METRICS.find((m) => m === params.get('metric')) ?? 'code';
  const scale: ChartScale = params.get('scale') === 'linear' ? 'linear' : 'log';
  const go = (next: Partial<StackCompareChoice>): void => {
    const choice: StackCompareChoice = {
      stack: next.stack ?? String(stack.id),
      metric: next.metric ?? metric,
      scale: next.scale ?? scale,
      extras: next.extras ?? extras,
    };
    if (navigate) return navigate(choice);
    if (subject.kind === 'list') return;
    window.history.pushState(null, '', comparisonPath(subject, choice));
    window.dispatchEvent(new PopStateEvent('popstate'));
  };
  const first = comparisons[0] as Comparison;
  const title = `${comparisons.map((c) => `${c.image.name} (${c.image.target})`).join(', ')} against ${first.stack.name}`;
  const select = h(
    'select',
    { id: 'stack-select', 'aria-label': 'Conventional stack' },
    ...stacks.map((s) => h('option', { value: s.id, selected: s.id === stack.id }, s.name)),
  ) as HTMLSelectElement;
  select.addEventListener('change', () => go({ stack: select.value }));
  const chart = drawComparisonChart(
    layoutComparisonChart(comparisons, metric, scale),
    `${METRIC_LABELS[metric]} per layer: ${title} (${scale} scale)`,
  );
  return h(
    'section',
    { id: 'stack-compare' },
    h('h1', {}, title),
    h(
      'p',
      {},
      h('label', {}, 'Stack: ', select),
      ' ',
      h('a', { href: window.location.href, id: 'permalink' }, 'permalink'),
    ),
    ...comparisons.map((c) => h('p', { class: 'headline' }, describeHeadline(c))),
    ...comparisons.flatMap((c) =>
      c.methodology.filter((n) => n.startsWith('Caveat:')).map((n) => h('p', { class: 'caveat' }, n)),
    ),
    h('h2', {}, 'Per layer'),
    drawChartControls(metric, scale, go),
    drawExtrasControls(extras, go),
    h('div', { id: 'chart' }, chart),
    drawExports(chart, comparisons),
    h('h2', {}, 'Every metric'),
    drawMetricTable(comparisons),
    h('h2', {}, 'Not in any headline figure'),
    drawApartTable(comparisons),
    h('h2', {}, 'Layers'),
    drawLayerTable(comparisons),
    h('h2', {}, 'Methodology'),
    h(
      'ul',
      { id: 'methodology' },
      ...first.methodology.filter((n) => !n.startsWith('Caveat:')).map((n) => h('li', {}, n)),
    ),
    h('h2', {}, 'Provenance'),
    drawProvenance(first),
  );
}

function drawChartControls(
  metric: ChartMetric,
  scale: ChartScale,
  go: (next: { metric?: ChartMetric; scale?: ChartScale }) => void,
): Node {
  const button = (label: string, pressed: boolean, id: string, onClick: () => void): HTMLElement => {
    const b = h('button', { type: 'button', id, 'aria-pressed': String(pressed) }, label);
    b.addEventListener('click', onClick);
    return b;
  };
  return h(
    'p',
    { id: 'chart-controls' },
    ...METRICS.map((m) => button(METRIC_LABELS[m], m === metric, `metric-${m}`, () => go({ metric: m }))),
    ' · ',
    button('linear', scale === 'linear', 'scale-linear', () => go({ scale: 'linear' })),
    button('log', scale === 'log', 'scale-log', () => go({ scale: 'log' })),
  );
}

/**
 * The CLI's `--kernel-extras` as two buttons: the kernel's boot-only and type-information
 * sections left out of every headline figure (the default) or counted in them. They move the
 * headline, the metric table and the chart, so they sit apart from the chart's own controls.
 */
function drawExtrasControls(
  extras: KernelExtrasMode,
  go: (next: { extras: KernelExtrasMode }) => void,
): Node {
  const labels: Record<KernelExtrasMode, string> = { exclude: 'left out', include: 'counted' };
  return h(
    'p',
    { id: 'extras-controls' },
    'Kernel boot-only (.init.*) and type-information (.BTF) sections: ',
    ...KERNEL_EXTRAS_MODES.map((m) => {
      const b = h(
        'button',
        { type: 'button', id: `extras-${m}`, 'aria-pressed': String(m === extras) },
        labels[m],
      );
      b.addEventListener('click', () => go({ extras: m }));
      return b;
    }),
  );
}

function drawExports(chart: SVGSVGElement, comparisons: readonly Comparison[]): Node {
  const base = `tcbscope-${comparisons.map((c) => `${c.image.name}-${c.image.target}`).join('_')}-vs-${comparisons[0]?.stack.name ?? 'stack'}`;
  const button = (label: string, id: string, make: () => Promise<Blob> | Blob, ext: string): HTMLElement => {
    const b = h('button', { type: 'button', id }, label);
    b.addEventListener('click', () => {
      status.replaceChildren();
      Promise.resolve()
        .then(make)
        .then((blob) => downloadBlob(blob, `${base}.${ext}`))
        // A failed export says so on the page rather than doing nothing.
        .catch((error: Error) => status.replaceChildren(error.message));
    });
    return b;
  };
  const status = h('span', { id: 'export-error', class: 'error', role: 'status' });
  return h(
    'p',
    { id: 'exports' },
    'Export: ',
    button(
      'chart as SVG',
      'export-svg',
      () => new Blob([serializeChart(chart)], { type: 'image/svg+xml' }),
      'svg',
    ),
    button('chart as PNG', 'export-png', () => renderChartPng(chart), 'png'),
    button(
      'numbers as CSV',
      'export-csv',
      () => new Blob([renderCompareCsv(comparisons)], { type: 'text/csv' }),
      'csv',
    ),
    status,
  );
}

function table(id: string, head: Child[], rows: Child[][]): Node {
  return h(
    'table',
    { class: 'data', id },
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', {}, c)))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          {},
          ...r.map((c, i) =>
            i === 0
              ? h('th', { scope: 'row' }, c)
              : h(
                  'td',
                  { class: typeof c === 'string' && /^[\d,.%×n/a–-]+$/.test(c) ? 'num' : undefined },
                  c,
                ),
          ),
        ),
      ),
    ),
  );
}

function drawMetricTable(comparisons: readonly Comparison[]): Node {
  const first = comparisons[0] as Comparison;
  return table(
    'metric-table',
    ['metric', ...comparisons.flatMap((c) => [c.image.name, 'ratio']), first.stack.name, 'definition'],
    first.metrics.map((m, i) => [
      m.label,
      ...comparisons.flatMap((c) => [
        formatCount(c.metrics[i]?.image ?? 0),
        formatRatio(c.metrics[i]?.ratio ?? null),
      ]),
      formatCount(m.stack),
      m.definition,
    ]),
  );
}

function drawApartTable(comparisons: readonly Comparison[]): Node {
  const first = comparisons[0] as Comparison;
  const labels: Record<keyof Comparison['apart']['image'], string> = {
    padding: 'padding',
    structure: 'ELF structure (headers)',
    symbolsAndDebug: 'symbol and debug tables',
    kernelBootOnly: `kernel boot-only .init.* (${first.kernelExtras === 'exclude' ? 'left out' : 'counted'})`,
    kernelTypeInfo: `kernel type information .BTF (${first.kernelExtras === 'exclude' ? 'left out' : 'counted'})`,
  };
  return table(
    'apart-table',
    ['bytes', ...comparisons.map((c) => c.image.name), first.stack.name],
    (Object.keys(labels) as (keyof typeof labels)[]).map((k) => [
      labels[k],
      ...comparisons.map((c) => formatCount(c.apart.image[k])),
      formatCount(first.apart.stack[k]),
    ]),
  );
}

function drawLayerTable(comparisons: readonly Comparison[]): Node {
  const first = comparisons[0] as Comparison;
  return table(
    'layer-table',
    [
      'layer',
      ...comparisons.map((c) => `${c.image.name} code`),
      `${first.stack.name} code`,
      `${first.stack.name} loaded`,
      'stack packages',
    ],
    first.layers.map((l, i) => [
      l.name,
      ...comparisons.map((c) => formatCount(c.layers[i]?.image.code ?? 0)),
      formatCount(l.stack.code),
      formatBytes(l.stack.loaded),
      l.packages.join(', '),
    ]),
  );
}

function drawProvenance(c: Comparison): Node {
  return h(
    'div',
    { id: 'provenance' },
    h(
      'p',
      {},
      `${c.stack.name} (${c.stack.target}), manifest sha256 ${c.stack.sha256}; measured ${c.stack.measuredAt ?? 'on a date the profile does not record (regenerate it with npm run stacks)'}; ${c.provenance.length} packages.`,
    ),
    table(
      'provenance-table',
      ['package', 'version', 'sha256', 'installed bytes'],
      c.provenance.map((p) => [
        p.package,
        p.version ?? '?',
        p.sha256 ?? '–',
        formatCount(p.installedSize ?? 0),
      ]),
    ),
  );
}
