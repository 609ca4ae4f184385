import { describe, expect, it } from 'vitest';
import { inspectSolo5, SOLO5_DIR } from '../test/support/solo5-build.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addGraphVersions, describeImageAudit } from './describe-image-audit.js';
import { summarizeImage } from './summarize-image.js';

describe('describeImageAudit', () => {
  const m = inspectSolo5('solo5-xen');

  it('carries the build-id and the Xen PVH entry readelf prints for the xen fixture', () => {
    const notes = readFileSync(join(SOLO5_DIR, 'solo5-xen.readelf-n.txt'), 'utf8');
    const audit = describeImageAudit(m);
    expect(audit.buildId).toBe(/Build ID: ([0-9a-f]+)/.exec(notes)?.[1]);
    // The Xen note (type 0x12) holds the 32-bit little-endian entry address.
    const pvh =
      /\.note\.xen\.pvh[\s\S]*?description data: ([0-9a-f ]+)/.exec(notes)?.[1]?.trim().split(' ') ?? [];
    expect(audit.platform.xenPvhEntry).toBe(parseInt([...pvh].reverse().join(''), 16));
    expect(audit.provenance).toBe(m.provenance);
  });

  it('fills a package row’s missing version from the dependency graph, and keeps the attribution’s own', () => {
    // A js bundle's attribution names packages without versions; its graph has them.
    const withGraph = structuredClone(m);
    const pkg = withGraph.attribution.packages.find((p) => !p.name.startsWith('[')) as { name: string };
    const graph = withGraph.dependencies.packages.find((p) => p.name === pkg.name);
    if (graph) graph.version = '1.2.3';
    const rows = addGraphVersions(summarizeImage(withGraph), withGraph).packages;
    expect(rows.find((r) => r.name === pkg.name)?.version).toBe(graph ? '1.2.3' : undefined);
    expect(graph).toBeDefined();
    expect(rows.filter((r) => r.name.startsWith('[')).every((r) => r.version === undefined)).toBe(true);
  });
});
