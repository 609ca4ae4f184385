import type { ELK as ElkApi } from 'elkjs/lib/elk-api.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Dependencies } from '../../analyzer/model/manifest.js';
import { readLockGraph, sharedData } from '../../test/support/lock-graph.js';
import { layoutDependencyGraph, type GraphLayout } from './graph-layout.js';

// The package is CommonJS whose types are written as an ES default export; require says what it is.
const ELK = createRequire(import.meta.url)('elkjs/lib/elk.bundled.js') as new () => ElkApi;

/** Real graphs: an opam lock file's (when ../shared/data is there) and a committed Debian stack's. */
const graphs: [string, () => Promise<Dependencies | undefined>][] = [
  ['the hello-hvt lock graph', async () => (await readLockGraph())?.dependencies],
  [
    'the https-nginx stack (Debian Depends)',
    async () =>
      (
        JSON.parse(
          readFileSync(new URL('../../stacks/debian-12-amd64/https-nginx.json', import.meta.url), 'utf8'),
        ) as { dependencies: Dependencies }
      ).dependencies,
  ],
];

/** Boxes that overlap by more than a rounding error. */
function overlaps(layout: GraphLayout): string[] {
  const out: string[] = [];
  layout.nodes.forEach((a, i) => {
    for (const b of layout.nodes.slice(i + 1)) {
      if (
        a.x < b.x + b.width - 0.5 &&
        b.x < a.x + a.width - 0.5 &&
        a.y < b.y + b.height - 0.5 &&
        b.y < a.y + a.height - 0.5
      )
        out.push(`${a.name} / ${b.name}`);
    }
  });
  return out;
}

// ELK, run in Node exactly as the browser runs it, on real dependency graphs.
describe.each(graphs)('layoutDependencyGraph on %s', async (name, read) => {
  const deps = await read();
  // Only the lock graph can be absent (no ../shared/data); a skip through the test API says so.
  if (!deps) return void it.skip(`${name} (SKIPPED: ${sharedData.reason})`, () => undefined);
  const elk = new ELK();
  const layout = await layoutDependencyGraph(elk, deps);

  it('places every package once, inside the drawing, without overlaps', () => {
    expect(layout.nodes.map((n) => n.name).sort()).toEqual(deps.packages.map((p) => p.name).sort());
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
      expect(n.y + n.height).toBeLessThanOrEqual(layout.height);
    }
    expect(overlaps(layout)).toEqual([]);
  });

  it('routes every edge of the metadata from its package to its dependency', () => {
    const drawn = layout.edges.map((e) => `${e.from} ${e.to} ${e.kind}`).sort();
    expect(drawn).toEqual(
      deps.edges
        .filter((e) => e.from !== e.to)
        .map((e) => `${e.from} ${e.to} ${e.kind}`)
        .sort(),
    );
    const box = new Map(layout.nodes.map((n) => [n.name, n]));
    for (const e of layout.edges) {
      const [start, end] = [e.points[0], e.points[e.points.length - 1]];
      const from = box.get(e.from);
      const to = box.get(e.to);
      // The line leaves its package's box and ends at the dependency's box (within a pixel).
      expect(
        start &&
          from &&
          start.x >= from.x - 1 &&
          start.x <= from.x + from.width + 1 &&
          start.y >= from.y - 1 &&
          start.y <= from.y + from.height + 1,
      ).toBe(true);
      expect(
        end &&
          to &&
          end.x >= to.x - 1 &&
          end.x <= to.x + to.width + 1 &&
          end.y >= to.y - 1 &&
          end.y <= to.y + to.height + 1,
      ).toBe(true);
    }
  });

  it('puts each root left of every package it depends on', () => {
    const roots = layout.nodes.filter((n) => n.root);
    expect(roots.map((n) => n.name).sort()).toEqual([...deps.roots].sort());
    for (const root of roots) {
      for (const e of layout.edges.filter((x) => x.from === root.name)) {
        expect(layout.nodes.find((n) => n.name === e.to)?.x, `${root.name} → ${e.to}`).toBeGreaterThan(
          root.x,
        );
      }
    }
  });

  it('leaves out exactly the build-only packages, and the edges that touch them, when asked', async () => {
    const runtime = await layoutDependencyGraph(elk, deps, { showBuildOnly: false });
    expect(runtime.nodes.map((n) => n.name).sort()).toEqual(
      deps.packages
        .filter((p) => !p.buildOnly)
        .map((p) => p.name)
        .sort(),
    );
    const kept = new Set(runtime.nodes.map((n) => n.name));
    expect(runtime.edges.every((e) => kept.has(e.from) && kept.has(e.to))).toBe(true);
  });

  it('gives the same layout for the same graph', async () => {
    expect(await layoutDependencyGraph(elk, deps)).toEqual(layout);
  });
});
