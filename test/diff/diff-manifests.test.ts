/**
 * diffManifests on manifests the real pipeline (inspectImage) builds from the fixture images; the
 * totals are checked against what stat, sha256sum and readelf recorded for the same files.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffManifests, type ManifestDiff } from '../../analyzer/diff-manifests.js';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import {
  FIXTURE_IMAGES_DIR,
  readFileSize,
  readNotes,
  readSectionTable,
  readSha256,
} from '../support/binutils-truth.js';

const quiet = (): void => undefined;

/** What readelf, stat and sha256sum recorded for one fixture image. */
function truthOf(image: string): { fileSize: number; memorySize: number; codeSize: number; sha256: string } {
  const sections = readSectionTable(`${image}.readelf-S.txt`);
  const sum = (flag: string): number =>
    sections.filter((s) => s.flags.includes(flag)).reduce((n, s) => n + s.size, 0);
  return {
    fileSize: readFileSize(`${image}.filesize.txt`),
    memorySize: sum('A'),
    codeSize: sum('X'),
    sha256: readSha256(`${image}.sha256.txt`),
  };
}

const PAIRS = [
  ['greet/greet', 'greet/greet-stripped'],
  ['solo5/solo5-hvt', 'solo5/solo5-xen'],
] as const;

describe.each(PAIRS)(
  'diff %s → %s (truth: stat, sha256sum, readelf -SW recorded at build time)',
  (baseName, headName) => {
    const basePath = join(FIXTURE_IMAGES_DIR, baseName);
    const headPath = join(FIXTURE_IMAGES_DIR, headName);
    const base = inspectImage({ image: basePath }, quiet);
    const head = inspectImage({ image: headPath }, quiet);
    const diff = diffManifests(base, head);
    const tb = truthOf(basePath);
    const th = truthOf(headPath);

    it('names both sides by their recorded sha256', () => {
      expect(diff.base.sha256).toBe(tb.sha256);
      expect(diff.head.sha256).toBe(th.sha256);
      expect([diff.base.name, diff.head.name]).toEqual([baseName.split('/')[1], headName.split('/')[1]]);
    });

    it('has unit deltas that add up to the file-size difference stat recorded, unchanged units left out', () => {
      // Units sum to the file size on each side, so their deltas sum to the file's delta.
      expect(diff.units.reduce((n, u) => n + u.fileSize.delta, 0)).toBe(th.fileSize - tb.fileSize);
      expect(diff.units.every((u) => u.status !== 'changed' || u.fileSize.delta !== 0)).toBe(true);
      const deltas = diff.units.map((u) => Math.abs(u.fileSize.delta));
      expect(deltas).toEqual([...deltas].sort((a, b) => b - a));
      // Each listed unit is one the manifests hold under that package and name.
      const names = (m: typeof base) => new Set(m.attribution.units.map((u) => `${u.package}:${u.name}`));
      const [inBase, inHead] = [names(base), names(head)];
      for (const u of diff.units) {
        const key = `${u.package}:${u.name}`;
        expect([inBase.has(key), inHead.has(key)], key).toEqual([
          u.status !== 'added',
          u.status !== 'removed',
        ]);
      }
    });

    it('has file, memory and code deltas equal to the differences of the recorded sizes', () => {
      const t = diff.totals;
      expect([t.fileSize.base, t.fileSize.head, t.fileSize.delta]).toEqual([
        tb.fileSize,
        th.fileSize,
        th.fileSize - tb.fileSize,
      ]);
      expect(t.fileSize.relative).toBeCloseTo((th.fileSize - tb.fileSize) / tb.fileSize, 12);
      expect([t.memorySize.base, t.memorySize.head, t.memorySize.delta]).toEqual([
        tb.memorySize,
        th.memorySize,
        th.memorySize - tb.memorySize,
      ]);
      expect([t.codeSize.base, t.codeSize.head, t.codeSize.delta]).toEqual([
        tb.codeSize,
        th.codeSize,
        th.codeSize - tb.codeSize,
      ]);
    });

    it('splits each total delta exactly over the packages, and the file delta over the languages', () => {
      const sum = (pick: (p: ManifestDiff['packages'][number]) => number): number =>
        diff.packages.reduce((n, p) => n + pick(p), 0);
      expect(sum((p) => p.fileSize.delta)).toBe(th.fileSize - tb.fileSize);
      expect(sum((p) => p.memSize.delta)).toBe(th.memorySize - tb.memorySize);
      expect(sum((p) => p.codeSize.delta)).toBe(th.codeSize - tb.codeSize);
      expect(sum((p) => p.fileSize.base)).toBe(tb.fileSize);
      expect(sum((p) => p.fileSize.head)).toBe(th.fileSize);
      expect(diff.totals.languages.reduce((n, l) => n + l.delta, 0)).toBe(th.fileSize - tb.fileSize);
      expect(diff.totals.languages.reduce((n, l) => n + l.head, 0)).toBe(th.fileSize);
    });

    it('lists every attribution package once, with a status that matches its figures, sorted by |delta| then name', () => {
      const names = new Set([...base.attribution.packages, ...head.attribution.packages].map((p) => p.name));
      expect(diff.packages.map((p) => p.name).sort()).toEqual([...names].sort());
      for (const p of diff.packages) {
        const inBase = base.attribution.packages.some((q) => q.name === p.name);
        const inHead = head.attribution.packages.some((q) => q.name === p.name);
        const moved =
          p.fileSize.delta !== 0 || p.memSize.delta !== 0 || p.codeSize.delta !== 0 || p.versionChanged;
        expect(p.status, p.name).toBe(!inBase ? 'added' : !inHead ? 'removed' : moved ? 'changed' : 'same');
        expect(p.pseudo, p.name).toBe(p.name.startsWith('[') || p.name === 'unknown');
      }
      for (let i = 1; i < diff.packages.length; i++) {
        const [a, b] = [diff.packages[i - 1], diff.packages[i]] as [
          ManifestDiff['packages'][number],
          ManifestDiff['packages'][number],
        ];
        const order = Math.abs(a.fileSize.delta) - Math.abs(b.fileSize.delta);
        expect(order > 0 || (order === 0 && a.name < b.name), `${a.name} before ${b.name}`).toBe(true);
      }
    });

    it('is deterministic and does not touch its inputs', () => {
      const before = JSON.stringify([base, head]);
      expect(JSON.stringify(diffManifests(base, head))).toBe(JSON.stringify(diff));
      expect(JSON.stringify([base, head])).toBe(before);
    });
  },
);

describe('two builds of one target versus two targets (truth: the Solo5 ABI note readelf recorded)', () => {
  it('sets sameTarget from the targets the ABI notes name (1 hvt, 6 xen)', () => {
    const code = (name: string): number | undefined =>
      readNotes(join(FIXTURE_IMAGES_DIR, `solo5/${name}.readelf-n.txt`)).find(
        (n) => n.section === '.note.solo5.abi',
      )?.data?.[0];
    expect([code('solo5-hvt'), code('solo5-xen')]).toEqual([1, 6]);
    const hvt = inspectImage({ image: join(FIXTURE_IMAGES_DIR, 'solo5/solo5-hvt') }, quiet);
    const xen = inspectImage({ image: join(FIXTURE_IMAGES_DIR, 'solo5/solo5-xen') }, quiet);
    const across = diffManifests(hvt, xen);
    expect([across.base.target, across.head.target, across.sameTarget]).toEqual(['hvt', 'xen', false]);
    const self = diffManifests(hvt, hvt);
    expect(self.sameTarget).toBe(true);
    expect(self.packages.every((p) => p.status === 'same' && p.fileSize.delta === 0)).toBe(true);
    expect(self.totals.fileSize).toEqual({
      base: truthOf(join(FIXTURE_IMAGES_DIR, 'solo5/solo5-hvt')).fileSize,
      head: hvt.identity.fileSize,
      delta: 0,
      relative: 0,
    });
  });
});

describe('a grown head made from a real manifest: each change appears once, where it was made', () => {
  const base = inspectImage({ image: join(FIXTURE_IMAGES_DIR, 'solo5/solo5-hvt') }, quiet);
  const root = base.identity.name;
  const real = base.attribution.packages.find(
    (p) => p.name === 'solo5',
  ) as Manifest['attribution']['packages'][number];
  // The head: 100 file bytes (all code) of `solo5` moved into a new package `extra`, a new version
  // of `solo5`, a new root and edges. The expectations below are these edits, nothing else.
  const head = structuredClone(base);
  const moved = Math.min(100, real.fileSize);
  const headSolo5 = head.attribution.packages.find((p) => p.name === 'solo5') as typeof real;
  headSolo5.fileSize -= moved;
  headSolo5.version = '0.12.1';
  head.attribution.packages.push({
    name: 'extra',
    version: '1.0',
    fileSize: moved,
    memSize: 0,
    codeSize: moved,
    languages: { C: moved },
    evidence: { 'name-rule': moved },
  });
  head.dependencies.packages.push({
    name: 'extra',
    version: '1.0',
    origin: 'test',
    fileSize: moved,
    buildOnly: false,
    resolved: true,
  });
  head.dependencies.edges.push(
    { from: root, to: 'extra', kind: 'runtime' },
    { from: 'extra', to: 'solo5', kind: 'build' },
  );
  head.dependencies.roots = [...head.dependencies.roots, 'extra'];
  const diff = diffManifests(base, head);

  it('reports the moved bytes, the added package and the version change', () => {
    const extra = diff.packages.find((p) => p.name === 'extra');
    const solo5 = diff.packages.find((p) => p.name === 'solo5');
    expect(extra).toMatchObject({
      status: 'added',
      headVersion: '1.0',
      versionChanged: false,
      fileSize: { base: 0, head: moved, delta: moved, relative: null },
      codeSize: { delta: moved },
    });
    expect(solo5).toMatchObject({
      status: 'changed',
      headVersion: '0.12.1',
      fileSize: { base: real.fileSize, head: real.fileSize - moved, delta: -moved },
    });
    expect(diff.totals.fileSize.delta).toBe(0);
    expect(diff.totals.codeSize.delta).toBe(moved);
    expect(diff.totals.packages).toMatchObject({ delta: 1 });
    expect(
      diff.packages
        .filter((p) => p.status !== 'same')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['extra', 'solo5']);
  });

  it('reports the graph edits: package, edges (by from, to, kind) and root added, nothing removed', () => {
    const d = diff.dependencies;
    expect(d.packagesAdded).toEqual(['extra']);
    expect(d.packagesRemoved).toEqual([]);
    expect(d.edgesAdded).toEqual(
      [
        { from: 'extra', to: 'solo5', kind: 'build' },
        { from: root, to: 'extra', kind: 'runtime' },
      ].sort((a, b) => (a.from < b.from ? -1 : 1)),
    );
    expect(d.edgesRemoved).toEqual([]);
    expect(d.roots.added).toEqual(['extra']);
    expect(d.counts.edges).toMatchObject({
      base: base.dependencies.edges.length,
      head: base.dependencies.edges.length + 2,
    });
    const reverse = diffManifests(head, base).dependencies;
    expect([reverse.packagesRemoved, reverse.edgesRemoved.length, reverse.roots.removed]).toEqual([
      ['extra'],
      2,
      ['extra'],
    ]);
  });
});
