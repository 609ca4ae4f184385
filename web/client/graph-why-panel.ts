import type { DependencyPath } from '../../analyzer/why.js';
import { h } from './create-element.js';

// The same words as `tcbscope why` prints, so the page and the terminal read alike.
const TIER_LABEL: Record<DependencyPath['tier'], string> = {
  runtime: 'runtime',
  build: 'build',
  'test-doc': 'test/doc',
};

/**
 * The content of the panel beside the graph that answers "why is this here": every path `tcbscope why` lists for
 * the package, in its order (runtime, build, then test/doc), each step with the kind of the edge
 * that led to it and inferred edges marked. Each step carries `data-name`, `data-kind` and
 * `data-inferred` so that the list can be read back as `why --json` prints it.
 */
export function drawWhyPanel(
  pkg: string,
  roots: readonly string[],
  paths: readonly DependencyPath[],
): HTMLElement[] {
  const heading = h(
    'p',
    { class: 'meta' },
    paths.length === 0
      ? `${pkg}: no known edge leads to it from ${roots.join(', ')}.`
      : `${pkg}: ${paths.length} path(s) from ${roots.join(', ')}, runtime first, then build, then test/doc.`,
  );
  const list = h(
    'ol',
    {},
    ...paths.map((p) =>
      h(
        'li',
        { class: `why-path ${p.tier}`, 'data-tier': p.tier },
        h('span', { class: 'tier' }, TIER_LABEL[p.tier]),
        ' ',
        ...p.path.flatMap((step, i) => [
          i > 0 ? ' → ' : '',
          h(
            'span',
            {
              class: `step${step.inferred ? ' inferred' : ''}`,
              'data-name': step.name,
              'data-kind': step.kind,
              'data-inferred': step.inferred === true ? 'true' : undefined,
            },
            step.name,
            step.kind ? ` (${step.kind}${step.inferred ? ', inferred' : ''})` : '',
          ),
        ]),
      ),
    ),
  );
  return [heading, list];
}
