import type { JobResponse } from '../server/api-types.js';
import { h, link } from './create-element.js';
import { fetchApi } from './fetch-api.js';
import { TYPOGRAPHIC_MINUS, formatCount, formatDelta } from '../../reports/format-number.js';

/** A job's history: every build, newest first, with each target's size and its change from the build before. */
export async function renderJobPage(name: string): Promise<Node> {
  const { job, trend } = await fetchApi<JobResponse>(`/api/jobs/${encodeURIComponent(name)}`);
  const targets = trend.map((t) => t.target);
  // The change of each (build, target) from the previous build that had the target, and that
  // build's image, which the change links to (the diff of the two builds of the target).
  const deltas = new Map<string, { bytes: number; baseImage: number }>();
  const previous = new Map<string, { id: number; fileSize: number }>();
  for (const b of [...job.builds].reverse()) {
    for (const image of b.images) {
      const before = previous.get(image.target);
      if (before)
        deltas.set(`${b.id}/${image.target}`, {
          bytes: image.fileSize - before.fileSize,
          baseImage: before.id,
        });
      previous.set(image.target, image);
    }
  }
  const largest = Math.max(0, ...[...deltas.values()].map((d) => Math.abs(d.bytes)));
  return h(
    'section',
    {},
    h('h1', {}, `History of ${job.name}`),
    h('p', { class: 'meta' }, `${job.builds.length} build(s); the largest change of file size is marked.`),
    h(
      'table',
      { class: 'data', id: 'history' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Build'),
          h('th', {}, 'Ingested'),
          ...targets.map((t) => h('th', { class: 'num' }, t)),
        ),
      ),
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
              const mark = delta !== undefined && delta.bytes !== 0 && Math.abs(delta.bytes) === largest;
              return h(
                'td',
                { class: mark ? 'num largest' : 'num' },
                image ? link(`/images/${image.id}`, formatCount(image.fileSize)) : '–',
                ...(image && delta !== undefined
                  ? [
                      ' (',
                      link(
                        `/compare?base=${delta.baseImage}&head=${image.id}`,
                        formatDelta(delta.bytes, TYPOGRAPHIC_MINUS),
                      ),
                      ')',
                    ]
                  : []),
              );
            }),
          ),
        ),
      ),
    ),
  );
}
