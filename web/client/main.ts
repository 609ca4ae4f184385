import { renderBuildPage } from './build-page.js';
import { renderComparePage } from './compare-page.js';
import { h } from './create-element.js';
import { ApiError } from './fetch-api.js';
import { renderImagePage } from './image-page.js';
import { renderJobPage } from './job-page.js';
import { renderJobsPage } from './jobs-page.js';
import { renderSearchPage } from './search-page.js';
import { renderStackComparePage } from './stack-compare-page.js';
import './styles.css';

/** Pages by path; each returns its content, or throws an ApiError that becomes the page. */
function route(url: URL): Promise<Node> {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (parts.length === 0) return renderJobsPage();
  if (first === 'jobs' && second !== undefined && parts.length === 2) return renderJobPage(second);
  if (first === 'builds' && second !== undefined && parts.length === 2) return renderBuildPage(second);
  if (first === 'images' && second !== undefined && parts.length === 2) return renderImagePage(second);
  // The comparison with a conventional stack: /images/ID/stack/STACK or /builds/ID/stack/STACK (every target).
  if (
    (first === 'images' || first === 'builds') &&
    second !== undefined &&
    parts[2] === 'stack' &&
    parts.length <= 4
  )
    return renderStackComparePage({ kind: first, id: second }, parts[3], url.searchParams);
  if (first === 'compare' && parts.length === 1) return renderComparePage(url.searchParams);
  if (first === 'search' && parts.length === 1) return renderSearchPage(url.searchParams);
  return Promise.reject(new ApiError(404, `no page at ${url.pathname}`));
}

async function show(): Promise<void> {
  const main = document.getElementById('page') as HTMLElement;
  main.setAttribute('aria-busy', 'true');
  let content: Node;
  try {
    content = await route(new URL(window.location.href));
  } catch (error) {
    // A missing job, build or image is a page of its own; anything else is shown, not hidden.
    const status = error instanceof ApiError ? error.status : 0;
    content = h(
      'section',
      { class: 'error', id: status === 404 ? 'not-found' : 'error' },
      h('h1', {}, status === 404 ? 'Not found' : 'Something went wrong'),
      h('p', {}, (error as Error).message),
    );
  }
  main.replaceChildren(content);
  main.removeAttribute('aria-busy');
  document.title = `${(main.querySelector('h1')?.textContent ?? 'tcbscope').trim()} · tcbscope`;
}

// Links marked data-nav change the page without reloading it.
document.addEventListener('click', (event) => {
  const anchor = (event.target as Element | null)?.closest?.('a[data-nav]') as HTMLAnchorElement | null;
  if (
    !anchor ||
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey
  )
    return;
  event.preventDefault();
  window.history.pushState(null, '', anchor.href);
  void show();
});
window.addEventListener('popstate', () => void show());
void show();
