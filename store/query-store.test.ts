/**
 * The queries the web report runs, on SQLite and on PostgreSQL: the same rows, with the same
 * (camelCase) names and JS numbers from both, checked against stat, node:crypto and the recorded
 * readelf output of the committed Solo5 fixtures.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  inspectSolo5,
  readSolo5Truth,
  readStackFiles,
  SOLO5_IMAGES,
  type ImageTruth,
} from '../test/support/solo5-build.js';
import { createTestStore, storeCases, type TestStore } from '../test/support/test-stores.js';
import { connectStore } from './connect-store.js';
import { ingestBuild, ingestStack, type IngestManifest } from './ingest-build.js';
import {
  findImagesBySha256,
  getBuild,
  getBuildManifests,
  getImage,
  getImageManifest,
  getJob,
  listStacks,
} from './query-store.js';

const AT = '2024-05-01T12:00:00.000Z';
let truth: ImageTruth[];
let images: IngestManifest[];
beforeAll(() => {
  truth = readSolo5Truth();
  images = SOLO5_IMAGES.map((i) => ({ manifest: inspectSolo5(i.name), source: `${i.target}.json` }));
});
const pickArchFormat = (target: string) => {
  const { arch, format } = (images.find((i) => i.manifest.identity.target === target) as IngestManifest)
    .manifest.identity;
  return { arch, format };
};
const made: TestStore[] = [];
afterEach(async () => {
  for (const store of made.splice(0)) await store.drop();
});

describe.each(storeCases())('queries on $name', ({ kind, available }) => {
  it.skipIf(available.skip)(
    'answer jobs, builds, images, search and stacks as the files describe them',
    async () => {
      const store = await createTestStore(kind);
      made.push(store);
      const db = await connectStore(store.spec);
      try {
        const first = await ingestBuild(db, { job: 'solo5', label: 'r1', images, ingestedAt: AT });
        const second = await ingestBuild(db, { job: 'solo5', images: images.slice(0, 1), ingestedAt: AT });
        const stack = readStackFiles()[0] as ReturnType<typeof readStackFiles>[number];
        const { stackId } = await ingestStack(db, stack.manifest, stack.file, AT);

        const expectedImages = truth.map((t) => ({
          id: first.images.find((i) => i.target === t.target)?.id,
          buildId: first.buildId,
          target: t.target,
          name: t.name,
          // Arch and format as they went in: the rows must give back the manifest's identity.
          ...pickArchFormat(t.target),
          fileSize: t.size,
          memorySize: t.memorySize,
          codeSize: t.codeSize,
          sha256: t.sha256,
        }));
        const build = await getBuild(db, first.buildId);
        expect(build).toEqual({
          id: first.buildId,
          job: 'solo5',
          label: 'r1',
          ingestedAt: AT,
          images: expectedImages,
        });

        const job = await getJob(db, 'solo5', 10);
        expect(job?.builds.map((b) => [b.id, b.images.length])).toEqual([
          [second.buildId, 1],
          [first.buildId, 3],
        ]);
        expect(await getJob(db, 'nope', 10)).toBeUndefined();

        const hvt = expectedImages[0] as (typeof expectedImages)[number];
        expect(await getImage(db, hvt.id as number)).toEqual({ ...hvt, job: 'solo5' });
        expect((await getImageManifest(db, hvt.id as number))?.identity.sha256).toBe(hvt.sha256);
        expect((await getBuildManifests(db, first.buildId)).map((m) => m.manifest.identity.sha256)).toEqual(
          truth.map((t) => t.sha256),
        );
        const found = await findImagesBySha256(db, hvt.sha256.slice(0, 12));
        // The hvt file is in both builds: newest first.
        expect(found.map((i) => [i.buildId, i.target])).toEqual([
          [second.buildId, 'hvt'],
          [first.buildId, 'hvt'],
        ]);
        expect(await listStacks(db)).toEqual([
          { id: stackId, name: stack.manifest.identity.name, target: 'debian-12-amd64' },
        ]);
      } finally {
        await db.close();
      }
    },
  );
});
