import type { CompareResponse } from '../server/api-types.js';
import type { DiffFigure } from '../../analyzer/diff-manifests.js';
import { h, link } from './create-element.js';
import { ApiError, fetchApi } from './fetch-api.js';
import { TYPOGRAPHIC_MINUS, formatCount, formatDelta, formatShare } from '../../reports/format-number.js';

/** Unit rows the page lists: the largest changes; the JSON API has them all. */
const UNIT_ROWS = 50;

/** Two images (two targets of one build, or one target over two builds): totals, package changes, graph changes. */
export async function renderComparePage(query: URLSearchParams): Promise<Node> {
  const base = query.get('base');
  const head = query.get('head');
  if (!base || !head) throw new ApiError(404, 'compare needs ?base=IMAGE&head=IMAGE');
  const {
    base: a,
    head: b,
    diff,
  } = await fetchApi<CompareResponse>(
    `/api/compare?base=${encodeURIComponent(base)}&head=${encodeURIComponent(head)}`,
  );
  const figureRow = (label: string, f: DiffFigure) =>
    h(
      'tr',
      { 'data-row': label },
      h('th', { scope: 'row' }, label),
      h('td', { class: 'num' }, formatCount(f.base)),
      h('td', { class: 'num' }, formatCount(f.head)),
      h('td', { class: 'num' }, formatDelta(f.delta, TYPOGRAPHIC_MINUS)),
      h('td', { class: 'num' }, formatShare(f.relative)),
    );
  const changed = diff.packages.filter((p) => p.status !== 'same');
  const deps = diff.dependencies;
  return h(
    'section',
    {},
    h(
      'h1',
      {},
      'Diff: ',
      link(`/images/${a.id}`, `${a.job} ${a.target} (build #${a.buildId})`),
      ' → ',
      link(`/images/${b.id}`, `${b.job} ${b.target} (build #${b.buildId})`),
    ),
    diff.sameTarget
      ? null
      : h(
          'p',
          { class: 'meta' },
          'Two different targets: the difference is the platform layer as much as the program.',
        ),
    h(
      'table',
      { class: 'data', id: 'totals' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}),
          h('th', { class: 'num' }, a.target),
          h('th', { class: 'num' }, b.target),
          h('th', { class: 'num' }, 'Delta'),
          h('th', { class: 'num' }, 'Relative'),
        ),
      ),
      h(
        'tbody',
        {},
        figureRow('File bytes', diff.totals.fileSize),
        figureRow('Memory bytes', diff.totals.memorySize),
        figureRow('Code bytes', diff.totals.codeSize),
        figureRow('Linked packages', diff.totals.packages),
      ),
    ),
    h('h2', {}, `Packages that changed (${changed.length})`),
    h(
      'table',
      { class: 'data', id: 'package-changes' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Package'),
          h('th', {}, 'Status'),
          h('th', {}, 'Version'),
          h('th', { class: 'num' }, 'File bytes'),
          h('th', { class: 'num' }, 'Delta'),
        ),
      ),
      h(
        'tbody',
        {},
        ...changed.map((p) =>
          h(
            'tr',
            { class: p.status },
            h('td', {}, p.name),
            h('td', {}, p.status),
            h('td', {}, versionText(p.baseVersion, p.headVersion)),
            h('td', { class: 'num' }, `${formatCount(p.fileSize.base)} → ${formatCount(p.fileSize.head)}`),
            h('td', { class: 'num' }, formatDelta(p.fileSize.delta, TYPOGRAPHIC_MINUS)),
          ),
        ),
      ),
    ),
    h('h2', {}, `Units that changed most (${diff.units.length} added, removed or resized)`),
    h(
      'table',
      { class: 'data', id: 'unit-changes' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Unit'),
          h('th', {}, 'Package'),
          h('th', {}, 'Status'),
          h('th', { class: 'num' }, 'File bytes'),
          h('th', { class: 'num' }, 'Delta'),
        ),
      ),
      h(
        'tbody',
        {},
        ...diff.units
          .slice(0, UNIT_ROWS)
          .map((u) =>
            h(
              'tr',
              { class: u.status },
              h('td', {}, u.name),
              h('td', {}, u.package),
              h('td', {}, u.status),
              h('td', { class: 'num' }, `${formatCount(u.fileSize.base)} → ${formatCount(u.fileSize.head)}`),
              h('td', { class: 'num' }, formatDelta(u.fileSize.delta, TYPOGRAPHIC_MINUS)),
            ),
          ),
      ),
    ),
    diff.units.length > UNIT_ROWS
      ? h(
          'p',
          { class: 'meta' },
          `${diff.units.length - UNIT_ROWS} smaller unit changes not shown (tcbscope diff --json lists them all).`,
        )
      : null,
    h('h2', {}, 'Dependency graph'),
    h(
      'p',
      {},
      `Packages ${formatCount(deps.counts.packages.base)} → ${formatCount(deps.counts.packages.head)}, edges ${formatCount(deps.counts.edges.base)} → ${formatCount(deps.counts.edges.head)}.`,
    ),
    drawNameList('Added', deps.packagesAdded),
    drawNameList('Removed', deps.packagesRemoved),
    drawNameList(
      'Version changed',
      deps.versionChanges.map((v) => `${v.name} ${v.base} → ${v.head}`),
    ),
  );
}

function versionText(base: string | undefined, head: string | undefined): string {
  if (base === head) return base ?? '';
  return `${base ?? '–'} → ${head ?? '–'}`;
}

function drawNameList(title: string, names: readonly string[]): Node | null {
  if (names.length === 0) return null;
  return h(
    'div',
    {},
    h('h3', {}, `${title} (${names.length})`),
    h('ul', { class: 'names' }, ...names.map((n) => h('li', {}, n))),
  );
}
