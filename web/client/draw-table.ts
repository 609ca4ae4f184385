import { h, link } from './create-element.js';
import type { TableCell } from './build-table.js';

/** A cell's content: a link when it has an address, else text; its tooltip as `title`. */
export function drawCell(
  tag: 'td' | 'th',
  cell: TableCell,
  attributes: Record<string, string> = {},
): HTMLElement {
  return h(tag, { ...attributes, title: cell.title }, cell.href ? link(cell.href, cell.text) : cell.text);
}

/** One sortable column of a {@link drawSortableTable}: its header and how to read a row's value. */
export interface SortableColumn<T> {
  label: string;
  value(row: T): string | number;
  cell(row: T): TableCell;
  numeric?: boolean;
}

/**
 * A table whose headers sort it (click again to reverse). Sorting is by the column's value, ties
 * broken by the first column, so the order never depends on the browser's sort stability.
 */
export function drawSortableTable<T>(
  rows: readonly T[],
  columns: readonly SortableColumn<T>[],
  initial: { column: number; descending: boolean },
): HTMLElement {
  const table = h('table', { class: 'data sortable' });
  const head = h('thead');
  const body = h('tbody');
  table.append(head, body);
  let state = { ...initial };
  const draw = () => {
    const column = columns[state.column] as SortableColumn<T>;
    const key = columns[0] as SortableColumn<T>;
    const sorted = [...rows].sort((a, b) => {
      const order = compare(column.value(a), column.value(b)) * (state.descending ? -1 : 1);
      return order || compare(key.value(a), key.value(b));
    });
    head.replaceChildren(
      h(
        'tr',
        {},
        ...columns.map((c, i) => {
          const th = h(
            'th',
            {
              class: c.numeric ? 'num' : undefined,
              'aria-sort': i === state.column ? (state.descending ? 'descending' : 'ascending') : undefined,
            },
            h('button', { type: 'button' }, c.label),
          );
          th.addEventListener('click', () => {
            state = { column: i, descending: i === state.column ? !state.descending : c.numeric === true };
            draw();
          });
          return th;
        }),
      ),
    );
    body.replaceChildren(
      ...sorted.map((r) =>
        h('tr', {}, ...columns.map((c) => drawCell('td', c.cell(r), c.numeric ? { class: 'num' } : {}))),
      ),
    );
  };
  draw();
  return table;
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
