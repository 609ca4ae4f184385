import type { BuildResponse } from '../server/api-types.js';
import { drawDiagnostics } from './audit-view.js';
import { buildTargetTable } from './build-table.js';
import { h, link } from './create-element.js';
import { drawCell } from './draw-table.js';
import { fetchApi } from './fetch-api.js';

/** A build: its targets side by side (native, Solo5, js ...), each linked to its image page and diff. */
export async function renderBuildPage(id: string): Promise<Node> {
  const { build, targets } = await fetchApi<BuildResponse>(`/api/builds/${encodeURIComponent(id)}`);
  const table = buildTargetTable(targets);
  return h(
    'section',
    {},
    h('h1', {}, `Build #${build.id} of `, link(`/jobs/${encodeURIComponent(build.job)}`, build.job)),
    h(
      'p',
      { class: 'meta' },
      `Ingested ${build.ingestedAt}`,
      build.label ? ` · ${build.label}` : '',
      ` · ${targets.length} target(s)`,
    ),
    h(
      'table',
      { class: 'data targets', id: 'targets' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Target'),
          ...table.columns.map((c) => drawCell('th', c, { scope: 'col', 'data-target': c.text })),
        ),
      ),
      h(
        'tbody',
        {},
        ...table.rows.map((r) =>
          h(
            'tr',
            { 'data-row': r.label },
            h('th', { scope: 'row', title: r.definition }, r.label),
            ...r.cells.map((c) => drawCell('td', c)),
          ),
        ),
      ),
    ),
    h('h2', {}, 'Diagnostics'),
    drawDiagnostics(
      'build-diagnostics',
      targets.flatMap((t) => t.diagnostics.map((diagnostic) => ({ target: t.target, diagnostic }))),
    ),
  );
}
