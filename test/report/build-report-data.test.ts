/**
 * The data a report file embeds answers every request the image page makes for a committed
 * fixture image: the image, the stack list, the tree, the graph, the comparison, and the symbols
 * of every unit the treemap can zoom into (each adding up to the unit's bytes in the tree).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AttributionNode } from '../../analyzer/build-attribution-tree.js';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { buildReportData } from '../../reports/report-file/build-report-data.js';
import type { TreeResponse } from '../../web/server/api-types.js';
import { FIXTURE_IMAGES_DIR, readFileSize } from '../support/binutils-truth.js';

const repo = join(import.meta.dirname, '../..');
const stack = JSON.parse(
  readFileSync(join(repo, 'stacks/debian-12-amd64/https-nginx.json'), 'utf8'),
) as Manifest;
const image = join(FIXTURE_IMAGES_DIR, 'solo5/solo5-hvt');

describe('buildReportData', () => {
  const m = inspectImage({ image, map: `${image}.map` }, () => undefined);
  const data = buildReportData([m], stack);

  it('answers the image page’s requests for image 1 against stack 1', () => {
    expect(data.images).toEqual([{ id: '1', name: m.identity.name, target: m.identity.target }]);
    expect(data.stackId).toBe('1');
    for (const path of ['/api/stacks', '/api/images/1', '/api/images/1/tree', '/api/images/1/graph'])
      expect(data.responses, path).toHaveProperty([path]);
    expect(data.responses['/api/images/1/stack/1']).toHaveProperty('comparison.stack.name', 'https-nginx');
  });

  it('holds the symbols of every unit in the tree, each adding up to the unit', () => {
    const { tree } = data.responses['/api/images/1/tree'] as TreeResponse;
    expect(tree.bytes).toBe(readFileSize(`${image}.filesize.txt`));
    const units = (tree.children ?? []).flatMap((p) => p.children ?? []);
    expect(units.length).toBeGreaterThan(0);
    for (const u of units) {
      const answer = data.responses[`/api/images/1/units/${u.unit}`] as TreeResponse | undefined;
      expect(answer, u.name).toBeDefined();
      const symbols = (answer as TreeResponse).tree.children ?? [];
      expect(
        symbols.reduce((sum: number, s: AttributionNode) => sum + s.bytes, 0),
        u.name,
      ).toBe(u.bytes);
    }
  });
});
