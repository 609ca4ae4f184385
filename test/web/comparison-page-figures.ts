import type { Page } from 'playwright-core';

/** Integers in a cell's text ("64,181,305" → 64181305). */
const number = (text: string): number => Number(text.replace(/[,\s]/g, ''));

/**
 * What the comparison page shows of the stack for the kernel-extras check: its value of one
 * metric (the row labelled `label` of #metric-table, the stack's column), and the kernel's
 * boot-only and type-information bytes the page lists apart (#apart-table, the stack's column).
 */
export async function readStackFigures(
  page: Page,
  label: string,
): Promise<{ metric: number; bootOnly: number; typeInfo: number }> {
  const rows = (id: string) =>
    page
      .locator(`#${id} tbody tr`)
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
  const metricRow = (await rows('metric-table')).find((r) => r[0] === label);
  if (!metricRow) throw new Error(`no metric row "${label}" on the page`);
  // Columns: metric, (image, ratio) per image, the stack, the definition.
  const stackValue = metricRow.at(-2) ?? '';
  const apart = await rows('apart-table');
  const apartOf = (prefix: string): number => {
    const row = apart.find((r) => r[0]?.startsWith(prefix));
    if (!row) throw new Error(`no apart row "${prefix}…" on the page`);
    return number(row.at(-1) ?? '');
  };
  return {
    metric: number(stackValue),
    bootOnly: apartOf('kernel boot-only'),
    typeInfo: apartOf('kernel type information'),
  };
}
