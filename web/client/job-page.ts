import type { JobResponse } from '../server/api-types.js';
import { h, link } from './create-element.js';
import { fetchApi } from './fetch-api.js';
import { formatCount, formatDelta } from './format-number.js';

/** A job's history: every build, newest first, with each target's size and its change from the build before. */
export async function renderJobPage(name: string): Promise<Node> {
  const { job, trend } = await fetchApi<JobResponse>(`/api/jobs/${encodeURIComponent(name)}`);
  const targets = trend.map((t) => t.target);
  // The change of each (build, target) from the previous build that had the target.
  const deltas = new Map<string, number>();
  for (const t of trend) {
    t.points.forEach((p, i) => {
      const before = t.points[i - 1];
      if (before) deltas.set(`${p.buildId}/${t.target}`, p.fileSize - before.fileSize);
    });
  }
  const largest = Math.max(0, ...[...deltas.values()].map(Math.abs));
  return h(
    'section',
    {},
    h('h1', {}, `History of ${job.name}`),
    h('p', { class: 'meta' }, `${job.builds.length} build(s); the largest change of file size is marked.`),
    h(
      'table',
      { class: 'data', id: 'history' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Build'), h('th', {}, 'Ingested'), ...targets.map((t) => h('th', { class: 'num' }, t)))),
      h(
        'tbody',
        {},
        ...job.builds.map((b) =>
          h(
            'tr',
            {},
            h('td', {}, link(`/builds/${b.id}`, `#${b.id}`), b.label ? ` ${b.label}` : ''),
            h('td', {}, b.ingestedAt),
            ...targets.map((t) => {
              const image = b.images.find((i) => i.target === t);
              const delta = deltas.get(`${b.id}/${t}`);
              const mark = delta !== undefined && delta !== 0 && Math.abs(delta) === largest;
              return h('td', { class: mark ? 'num largest' : 'num' }, image ? link(`/images/${image.id}`, formatCount(image.fileSize)) : '–', delta ? ` (${formatDelta(delta)})` : '');
            }),
          ),
        ),
      ),
    ),
  );
}
