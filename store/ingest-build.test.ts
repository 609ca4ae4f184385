/**
 * ingestBuild / ingestStack on the committed Solo5 fixtures (one build: hvt, spt, xen) and the
 * committed Debian stacks, on each store (SQLite and PostgreSQL). What was stored is read back with
 * our own connection and checked against stat, node:crypto and the recorded readelf output, never
 * against tcbscope's own figures.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import {
  inspectSolo5,
  readSolo5Truth,
  readStackFiles,
  SOLO5_IMAGES,
  type ImageTruth,
} from '../test/support/solo5-build.js';
import {
  countStoreRows,
  createTestStore,
  rawAll,
  storeCases,
  type StoreKind,
} from '../test/support/test-stores.js';
import { connectStore } from './connect-store.js';
import { ingestBuild, ingestStack, type IngestManifest } from './ingest-build.js';
import type { StoreDb } from './store-db.js';

const AT = '2024-05-01T12:00:00.000Z';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let truth: ImageTruth[];
let images: IngestManifest[];
let stacks: ReturnType<typeof readStackFiles>;
beforeAll(() => {
  truth = readSolo5Truth();
  images = SOLO5_IMAGES.map((i) => ({
    manifest: inspectSolo5(i.name),
    source: `manifests/solo5-fixtures/${i.target}.json`,
  }));
  stacks = readStackFiles();
});

/** A new store per test, so that row counts speak of that test alone. */
async function withStore<T>(kind: StoreKind, fn: (db: StoreDb, spec: string) => Promise<T>): Promise<T> {
  const store = await createTestStore(kind);
  const db = await connectStore(store.spec);
  try {
    return await fn(db, store.spec);
  } finally {
    await db.close();
    await store.drop();
  }
}

async function userError(fn: () => Promise<unknown>): Promise<UserError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('no error');
}

/** What each database says when a primary key refuses a row. */
const DUPLICATE_PACKAGE: Record<StoreKind, RegExp> = {
  sqlite: /UNIQUE constraint failed: image_packages/,
  postgres: /duplicate key value violates unique constraint "image_packages_pkey"/,
};

const empty = { jobs: 0, builds: 0, images: 0, image_packages: 0, stacks: 0 };

describe.each(storeCases())('ingestBuild on $name', ({ kind, available }) => {
  it.skipIf(available.skip)(
    'stores one build with one row per target, each as stat, sha256 and readelf describe the file',
    async () => {
      await withStore(kind, async (db, file) => {
        const result = await ingestBuild(db, { job: 'solo5-fixtures', label: 'r1', images, ingestedAt: AT });
        expect(result.created).toBe(true);
        expect(result.images.map((i) => i.target)).toEqual(['hvt', 'spt', 'xen']);
        const packageRows = images.reduce((n, i) => n + i.manifest.attribution.packages.length, 0);
        expect(await countStoreRows(file)).toEqual({
          jobs: 1,
          builds: 1,
          images: 3,
          image_packages: packageRows,
          stacks: 0,
        });

        {
          expect(
            await rawAll(
              file,
              'SELECT j.name, b.id, b.label, b.ingested_at FROM builds b JOIN jobs j ON j.id = b.job_id',
            ),
          ).toEqual([{ name: 'solo5-fixtures', id: result.buildId, label: 'r1', ingested_at: AT }]);
          const rows = await rawAll<Record<string, string | number>>(
            file,
            'SELECT id, target, name, file_size, memory_size, code_size, sha256, manifest_sha256, manifest FROM images WHERE build_id = ? ORDER BY target',
            [result.buildId],
          );
          expect(rows.map((r) => ({ id: r.id, target: r.target }))).toEqual(result.images);
          rows.forEach((row, i) => {
            const t = truth[i] as ImageTruth;
            expect(row).toMatchObject({
              target: t.target,
              name: t.name,
              file_size: t.size,
              sha256: t.sha256,
              code_size: t.codeSize,
              memory_size: t.memorySize,
            });
            // The manifest hash can be checked from the database alone, and the text is the manifest.
            expect(row.manifest_sha256).toBe(sha256(row.manifest as string));
            const input = images.find((m) => m.manifest.identity.target === t.target) as IngestManifest;
            expect(JSON.parse(row.manifest as string)).toEqual(input.manifest);
          });
        }
      });
    },
  );

  it.skipIf(available.skip)(
    'accounts for every byte: the package rows of each image add up to the file size from stat',
    async () => {
      await withStore(kind, async (db, file) => {
        const { images: stored } = await ingestBuild(db, { job: 'solo5-fixtures', images, ingestedAt: AT });
        for (const t of truth) {
          const id = stored.find((i) => i.target === t.target)?.id;
          // sum() of bigint is numeric in PostgreSQL: cast back to an integer, as SQLite's already is.
          const [sum] = await rawAll<{ n: number; rows: number }>(
            file,
            'SELECT CAST(sum(file_size) AS BIGINT) AS n, count(*) AS rows FROM image_packages WHERE image_id = ?',
            [id],
          );
          expect(sum?.rows, t.name).toBeGreaterThan(1);
          expect(sum?.n, t.name).toBe(t.size);
        }
      });
    },
  );

  it.skipIf(available.skip)(
    'is idempotent: the same manifests again, in another order, find the same build and write nothing',
    async () => {
      await withStore(kind, async (db, file) => {
        const first = await ingestBuild(db, { job: 'solo5-fixtures', images, ingestedAt: AT });
        const counts = await countStoreRows(file);
        const again = await ingestBuild(db, {
          job: 'solo5-fixtures',
          label: 'other label',
          images: [...images].reverse(),
          ingestedAt: '2030-01-01T00:00:00.000Z',
        });
        expect(again).toEqual({ ...first, created: false });
        expect(await countStoreRows(file)).toEqual(counts);
        // The first ingest's time and (absent) label stay: the second call wrote nothing.
        expect(await rawAll(file, 'SELECT label, ingested_at FROM builds')).toEqual([
          { label: null, ingested_at: AT },
        ]);
      });
    },
  );

  it.skipIf(available.skip)('makes a new build when the manifests or the job differ', async () => {
    await withStore(kind, async (db, file) => {
      const all = await ingestBuild(db, { job: 'solo5-fixtures', images, ingestedAt: AT });
      const two = await ingestBuild(db, {
        job: 'solo5-fixtures',
        images: images.slice(0, 2),
        ingestedAt: AT,
      });
      const otherJob = await ingestBuild(db, { job: 'solo5-copy', images, ingestedAt: AT });
      expect([two.created, otherJob.created]).toEqual([true, true]);
      expect(new Set([all.buildId, two.buildId, otherJob.buildId]).size).toBe(3);
      expect(await countStoreRows(file)).toMatchObject({ jobs: 2, builds: 3, images: 8 });
    });
  });

  /** Inputs that are not one build; each must be refused before anything is written. */
  const conflicts: {
    what: string;
    input: () => IngestManifest[];
    source: string | undefined;
    detail: RegExp;
  }[] = [
    {
      what: 'two manifests for the same target (the hvt image under two names)',
      input: () => [
        images[0] as IngestManifest,
        { manifest: inspectSolo5('solo5-hvt', { name: 'hvt-again' }), source: 'other/hvt.json' },
        images[2] as IngestManifest,
      ],
      source: 'other/hvt.json',
      detail: /target "hvt" is also given by manifests\/solo5-fixtures\/hvt\.json/,
    },
    {
      what: 'a stack manifest among the targets',
      input: () => [
        images[0] as IngestManifest,
        { manifest: (stacks[0] as { manifest: Manifest }).manifest, source: 'stacks/dns-unbound.json' },
      ],
      source: 'stacks/dns-unbound.json',
      detail: /a stack manifest cannot be a target of a build/,
    },
    { what: 'no manifest at all', input: () => [], source: undefined, detail: /at least one image manifest/ },
  ];
  it.skipIf(available.skip).each(conflicts)(
    'refuses $what with STORE_CONFLICT and writes nothing',
    async ({ input, source, detail }) => {
      await withStore(kind, async (db, file) => {
        const error = await userError(() =>
          ingestBuild(db, { job: 'solo5-fixtures', images: input(), ingestedAt: AT }),
        );
        expect(error.code).toBe('STORE_CONFLICT');
        expect(error.location.file).toBe(source);
        expect(error.message).toMatch(detail);
        expect(await countStoreRows(file)).toEqual(empty);
      });
    },
  );

  it.skipIf(available.skip)(
    'writes a build in one transaction: a failure on the last row leaves no job, build or image behind',
    async () => {
      await withStore(kind, async (db, file) => {
        // A real manifest with one package row repeated: the image_packages primary key refuses it
        // while the job, build and first images are already inserted in the same transaction.
        const last = structuredClone((images[2] as IngestManifest).manifest);
        last.attribution.packages.push(
          last.attribution.packages[0] as Manifest['attribution']['packages'][number],
        );
        const input = [
          images[0] as IngestManifest,
          images[1] as IngestManifest,
          { manifest: last, source: 'xen.json' },
        ];
        await expect(
          ingestBuild(db, { job: 'solo5-fixtures', images: input, ingestedAt: AT }),
        ).rejects.toThrow(DUPLICATE_PACKAGE[kind]);
        expect(await countStoreRows(file)).toEqual(empty);
      });
    },
  );
});

describe.each(storeCases())('ingestStack on $name', ({ kind, available }) => {
  it.skipIf(available.skip)('stores each committed stack once, by content', async () => {
    await withStore(kind, async (db, file) => {
      const first: { stackId: number; created: boolean }[] = [];
      for (const s of stacks) first.push(await ingestStack(db, s.manifest, s.file, AT));
      const again: { stackId: number; created: boolean }[] = [];
      for (const s of stacks)
        again.push(await ingestStack(db, s.manifest, s.file, '2030-01-01T00:00:00.000Z'));
      expect(first.every((r) => r.created)).toBe(true);
      expect(again).toEqual(first.map((r) => ({ ...r, created: false })));
      expect(await countStoreRows(file)).toEqual({ ...empty, stacks: stacks.length });
      const rows = await rawAll<Record<string, string | number>>(
        file,
        'SELECT id, name, target, manifest_sha256, manifest, ingested_at FROM stacks ORDER BY id',
      );
      rows.forEach((row, i) => {
        const s = stacks[i] as (typeof stacks)[number];
        expect(row).toMatchObject({
          id: first[i]?.stackId,
          name: s.manifest.identity.name,
          target: 'debian-12-amd64',
          ingested_at: AT,
        });
        expect(row.manifest_sha256).toBe(sha256(row.manifest as string));
        expect(JSON.parse(row.manifest as string)).toEqual(s.manifest);
      });
    });
  });

  it.skipIf(available.skip)('refuses an image manifest with STORE_CONFLICT and writes nothing', async () => {
    await withStore(kind, async (db, file) => {
      const error = await userError(() =>
        ingestStack(db, (images[0] as IngestManifest).manifest, 'hvt.json', AT),
      );
      expect([error.code, error.location.file, error.location.at]).toEqual([
        'STORE_CONFLICT',
        'hvt.json',
        'kind',
      ]);
      expect(await countStoreRows(file)).toEqual(empty);
    });
  });
});
