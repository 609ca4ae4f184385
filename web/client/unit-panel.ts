import type { UnitDetail } from '../../analyzer/describe-unit.js';
import { h } from './create-element.js';
import { formatCount } from '../../reports/format-number.js';

/**
 * A unit's panel: which package (and version) it belongs to, its language, its bytes on each
 * basis, the evidence record the attribution rests on, its package's evidence, the sections it
 * lies in and its largest symbols.
 */
export function drawUnitPanel(d: UnitDetail): HTMLElement {
  const facts: [string, string][] = [
    ['Package', d.version ? `${d.package} ${d.version}` : d.package],
    ...(d.library ? [['Library', d.library] as [string, string]] : []),
    ['Language', d.language],
    ['File bytes', formatCount(d.bytes.file)],
    ['Loaded bytes', formatCount(d.bytes.loaded)],
    ['Code bytes', formatCount(d.bytes.code)],
    ['Memory bytes', formatCount(d.bytes.memory)],
    ['Evidence', d.evidence],
    ['Evidence record', d.evidenceDetail ?? '– (the evidence kind names no record)'],
    [
      'Package evidence',
      d.packageEvidence.map((e) => `${e.evidence} ${formatCount(e.bytes)} bytes`).join(', ') || '–',
    ],
    ['Sections', d.sections.map((s) => `${s.name} ${formatCount(s.fileSize)}`).join(', ') || '–'],
  ];
  return h(
    'section',
    { id: 'unit-panel', class: 'unit-panel', 'data-unit': d.unit },
    h('h3', {}, `Unit ${d.name}`),
    h(
      'dl',
      { class: 'facts' },
      ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-fact': k }, v)]),
    ),
    h(
      'p',
      { class: 'meta' },
      d.symbolCount > d.symbols.length
        ? `The largest ${formatCount(d.symbols.length)} of ${formatCount(d.symbolCount)} symbols:`
        : `${formatCount(d.symbolCount)} symbol(s):`,
    ),
    h(
      'table',
      { class: 'data', id: 'unit-symbols' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Symbol'),
          h('th', {}, 'Section'),
          h('th', { class: 'num' }, 'Address'),
          h('th', { class: 'num' }, 'File bytes'),
          h('th', { class: 'num' }, 'Memory bytes'),
        ),
      ),
      h(
        'tbody',
        {},
        ...d.symbols.map((s) =>
          h(
            'tr',
            {},
            h('td', {}, s.name),
            h('td', {}, s.section),
            h('td', { class: 'num' }, s.address === 0 ? '–' : `0x${s.address.toString(16)}`),
            h('td', { class: 'num' }, formatCount(s.fileSize)),
            h('td', { class: 'num' }, formatCount(s.memSize)),
          ),
        ),
      ),
    ),
  );
}
