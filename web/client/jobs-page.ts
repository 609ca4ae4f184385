import type { JobsResponse } from '../server/api-types.js';
import { h, link } from './create-element.js';
import { fetchApi } from './fetch-api.js';
import { formatBytes, formatCount } from '../../reports/format-number.js';
import { computeSparklinePath } from './sparkline-path.js';

/** The overview: each job's newest build, its size per target, and a sparkline of recent builds. */
export async function renderJobsPage(): Promise<Node> {
  const { jobs } = await fetchApi<JobsResponse>('/api/jobs');
  if (jobs.length === 0) {
    return h(
      'section',
      {},
      h('h1', {}, 'Jobs'),
      h('p', {}, 'The database holds no builds yet: run `tcbscope ingest` on a folder of manifests.'),
    );
  }
  return h(
    'section',
    {},
    h('h1', {}, 'Jobs'),
    h(
      'table',
      { class: 'data', id: 'jobs' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Job'),
          h('th', {}, 'Latest build'),
          h('th', {}, 'Target'),
          h('th', { class: 'num' }, 'File bytes'),
          h('th', {}, 'Recent builds'),
        ),
      ),
      h(
        'tbody',
        {},
        ...jobs.flatMap((job) =>
          job.latest.images.map((image, i) => {
            const trend = job.trend.find((t) => t.target === image.target)?.fileSizes ?? [];
            return h(
              'tr',
              {},
              i === 0
                ? h(
                    'td',
                    { rowspan: job.latest.images.length },
                    link(`/jobs/${encodeURIComponent(job.name)}`, job.name),
                  )
                : null,
              i === 0
                ? h(
                    'td',
                    { rowspan: job.latest.images.length },
                    link(`/builds/${job.latest.id}`, `#${job.latest.id}`),
                    ` of ${formatCount(job.buildCount)}`,
                  )
                : null,
              h('td', {}, link(`/images/${image.id}`, image.target)),
              h('td', { class: 'num', title: formatBytes(image.fileSize) }, formatCount(image.fileSize)),
              h('td', {}, drawSparkline(trend)),
            );
          }),
        ),
      ),
    ),
  );
}

/** A small line of file sizes over builds; its tooltip gives the first and last figure. */
function drawSparkline(values: readonly number[]): Node {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '120');
  svg.setAttribute('height', '24');
  svg.setAttribute('class', 'sparkline');
  const title = document.createElementNS(ns, 'title');
  title.textContent =
    values.length === 0
      ? ''
      : `${formatCount(values[0] as number)} → ${formatCount(values[values.length - 1] as number)} bytes over ${values.length} build(s)`;
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', computeSparklinePath(values, 120, 24));
  svg.append(title, path);
  return svg;
}
