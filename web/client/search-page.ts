import type { SearchResponse } from '../server/api-types.js';
import { h, link } from './create-element.js';
import { fetchApi } from './fetch-api.js';
import { formatCount } from '../../reports/format-number.js';

/** Find stored images by the sha256 of their file (a reviewer holding an image asks "what is this?"). */
export async function renderSearchPage(query: URLSearchParams): Promise<Node> {
  const text = query.get('sha256') ?? '';
  const form = h(
    'form',
    { method: 'get', action: '/search' },
    h(
      'label',
      {},
      'sha256 (at least 4 hex digits) ',
      h('input', { name: 'sha256', value: text, size: 66, pattern: '[0-9a-fA-F]{4,64}', required: true }),
    ),
    ' ',
    h('button', { type: 'submit' }, 'Search'),
  );
  const section = h('section', {}, h('h1', {}, 'Search by sha256'), form);
  if (text === '') return section;
  const { images } = await fetchApi<SearchResponse>(`/api/search?sha256=${encodeURIComponent(text)}`);
  section.append(
    images.length === 0
      ? h('p', { id: 'search-result' }, 'No stored image has this hash.')
      : h(
          'ul',
          { id: 'search-result' },
          ...images.map((i) =>
            h(
              'li',
              {},
              link(`/images/${i.id}`, `${i.job} · ${i.target}`),
              ` (build #${i.buildId}, ${formatCount(i.fileSize)} bytes, ${i.sha256})`,
            ),
          ),
        ),
  );
  return section;
}
