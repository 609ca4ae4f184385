import { describe, expect, it } from 'vitest';
import { summarizeTarget } from '../../analyzer/summarize-build.js';
import {
  inspectSolo5,
  readDeclaredDevices,
  readSolo5Truth,
  SOLO5_IMAGES,
} from '../../test/support/solo5-build.js';
import { buildTargetTable } from './build-table.js';

// The three committed Solo5 images as one build; the truth (stat, sha256, readelf, C source) is
// read from outside tcbscope by test/support/solo5-build.ts.
const truth = readSolo5Truth();
const targets = SOLO5_IMAGES.map((image, i) => ({
  imageId: i + 1,
  ...summarizeTarget(inspectSolo5(image.name)),
}));
const table = buildTargetTable(targets);
const row = (label: string) => {
  const found = table.rows.find((r) => r.label === label);
  if (!found) throw new Error(`no row ${label}`);
  return found;
};

describe('buildTargetTable', () => {
  it('puts one column per target, linked to its image page', () => {
    expect(table.columns.map((c) => [c.text, c.href])).toEqual(
      truth.map((t, i) => [t.target, `/images/${i + 1}`]),
    );
  });

  it('shows the file sizes stat gives and the hashes of the files', () => {
    expect(row('File bytes').cells.map((c) => Number(c.text.replace(/,/g, '')))).toEqual(
      truth.map((t) => t.size),
    );
    expect(row('sha256').cells.map((c) => c.title)).toEqual(truth.map((t) => t.sha256));
  });

  it('shows memory and code bytes as the sums of readelf’s A and X sections', () => {
    expect(row('Memory bytes').cells.map((c) => Number(c.text.replace(/,/g, '')))).toEqual(
      truth.map((t) => t.memorySize),
    );
    expect(row('Code bytes').cells.map((c) => Number(c.text.replace(/,/g, '')))).toEqual(
      truth.map((t) => t.codeSize),
    );
  });

  it('lists the devices the fixture source declares, for every target', () => {
    const declared = readDeclaredDevices()
      .map((d) => `${d.name} (${d.kind})`)
      .join(', ');
    expect(row('Declared devices').cells.map((c) => c.text)).toEqual(truth.map(() => declared));
  });

  it('links every target but the first to its diff with the first', () => {
    expect(row('Diff').cells.map((c) => c.href)).toEqual([
      undefined,
      '/compare?base=1&head=2',
      '/compare?base=1&head=3',
    ]);
  });

  it('gives every row a definition', () => {
    for (const r of table.rows) expect(r.definition.length).toBeGreaterThan(10);
  });
});
