import type { ReportData } from '../../reports/report-file/build-report-data.js';
import { h } from './create-element.js';
import { ApiError, useDataSource } from './fetch-api.js';
import { renderImagePage } from './image-page.js';
import { comparisonQuery, renderStackComparePage } from './stack-compare-page.js';
import './styles.css';

// The entry point of a report file (`tcbscope report`): the web report's own pages, drawn from
// the JSON the file embeds instead of from a server. One image is shown at a time, chosen by the
// address's fragment (#2), which works from file:// and keeps element ids unique on the page.

// The same id as reports/report-file/render-report-html.ts (the client does not import the renderer).
const DATA_ID = 'tcbscope-report-data';

function readData(): ReportData {
  const text = document.getElementById(DATA_ID)?.textContent;
  if (!text) throw new Error(`the report's data (#${DATA_ID}) is missing`);
  return JSON.parse(text) as ReportData;
}

const data = readData();
useDataSource((path) => {
  if (!Object.prototype.hasOwnProperty.call(data.responses, path))
    return Promise.reject(new ApiError(404, `this report file holds no ${path}`));
  // A copy: pages may attach loaded children to the objects they are given (the treemap's units).
  return Promise.resolve(structuredClone(data.responses[path]));
});

function currentImage(): string {
  const wanted = window.location.hash.slice(1);
  return data.images.some((i) => i.id === wanted) ? wanted : (data.images[0]?.id ?? '');
}

async function show(): Promise<void> {
  const main = document.getElementById('page') as HTMLElement;
  main.setAttribute('aria-busy', 'true');
  const id = currentImage();
  for (const a of document.querySelectorAll('#report-nav a'))
    a.toggleAttribute(
      'aria-current',
      a.getAttribute('href') === (window.location.hash.startsWith('#compare') ? '#compare' : `#${id}`),
    );
  // #compare?metric=…&scale=…&extras=…: every image of the file against its stack, on one page.
  const [fragment = '', query = ''] = window.location.hash.slice(1).split('?');
  const comparing = fragment === 'compare' && data.stackId !== undefined;
  let content: Node;
  try {
    content = comparing
      ? await renderStackComparePage(
          { kind: 'list', ids: data.images.map((i) => i.id) },
          data.stackId,
          new URLSearchParams(query),
          (next) => (window.location.hash = `compare?${comparisonQuery(next)}`),
        )
      : await renderImagePage(id, {
          basisInAddress: false,
          ...(data.stackId === undefined ? {} : { stack: data.stackId }),
        });
  } catch (error) {
    content = h(
      'section',
      { class: 'error', id: 'error' },
      h('h1', {}, 'Something went wrong'),
      h('p', {}, (error as Error).message),
    );
  }
  // Links into the web report (builds, jobs, diffs) have no page in a file: they become their text.
  if (content instanceof Element)
    for (const a of content.querySelectorAll('a[href^="/"]')) a.replaceWith(...a.childNodes);
  main.replaceChildren(content);
  main.removeAttribute('aria-busy');
  document.title = `${(main.querySelector('h1')?.textContent ?? 'tcbscope').trim()} · tcbscope report`;
}

document
  .getElementById('report-nav')
  ?.replaceChildren(
    ...data.images.map((i) => h('a', { href: `#${i.id}` }, `${i.name} · ${i.target}`)),
    ...(data.stackId === undefined
      ? []
      : [h('a', { href: '#compare', id: 'report-compare-link' }, 'comparison')]),
  );
window.addEventListener('hashchange', () => void show());
void show();
