/**
 * The store keeps each manifest's schema version beside it (migration 2) and refuses, on read, a
 * manifest of a version this tcbscope does not read; on SQLite and on PostgreSQL. Rows are read and
 * changed with our own connection, independently of the store's code; expected versions come from
 * the manifests' JSON.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../analyzer/model/user-error.js';
import { inspectSolo5, readStackFiles } from '../test/support/solo5-build.js';
import { createTestStore, rawAll, rawExec, storeCases, type TestStore } from '../test/support/test-stores.js';
import { connectStore } from './connect-store.js';
import { ingestBuild, ingestStack } from './ingest-build.js';
import { POSTGRES_MIGRATIONS, POSTGRES_VERSION_TABLE } from './migrate-postgres.js';
import { MIGRATIONS } from './migrate-store.js';
import { getBuildManifests, getImageManifest, getStackManifest } from './query-store.js';
import type { StoreDb } from './store-db.js';

const AT = '2024-05-01T12:00:00.000Z';

const made: TestStore[] = [];
afterEach(async () => {
  for (const store of made.splice(0)) await store.drop();
});

/** A store holding one build (the hvt fixture) and one committed stack; returns the ids. */
async function fill(
  spec: string,
): Promise<{ buildId: number; imageId: number; stackId: number; stackVersion: unknown }> {
  const db = await connectStore(spec);
  try {
    const manifest = inspectSolo5('solo5-hvt');
    const build = await ingestBuild(db, {
      job: 'j',
      images: [{ manifest, source: 'hvt.json' }],
      ingestedAt: AT,
    });
    const stack = readStackFiles()[0] as ReturnType<typeof readStackFiles>[number];
    const { stackId } = await ingestStack(db, stack.manifest, stack.file, AT);
    return {
      buildId: build.buildId,
      imageId: (build.images[0] as { id: number }).id,
      stackId,
      stackVersion: stack.manifest.version,
    };
  } finally {
    await db.close();
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

type Ids = Awaited<ReturnType<typeof fill>>;

describe.each(storeCases())('manifest_version on $name', ({ kind, available }) => {
  const fresh = async (): Promise<string> => {
    const store = await createTestStore(kind);
    made.push(store);
    return store.spec;
  };

  it.skipIf(available.skip)('is filled on ingest from each manifest’s own version field', async () => {
    const spec = await fresh();
    const { stackVersion } = await fill(spec);
    const rows = [
      ...(await rawAll<{ manifest: string; v: number }>(
        spec,
        'SELECT manifest, manifest_version AS v FROM images',
      )),
      ...(await rawAll<{ manifest: string; v: number }>(
        spec,
        'SELECT manifest, manifest_version AS v FROM stacks',
      )),
    ];
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.v).toBe((JSON.parse(row.manifest) as { version: unknown }).version);
    expect(stackVersion).toBe(1);
  });

  it.skipIf(available.skip).each([
    ['an image', 'images', (db: StoreDb, ids: Ids) => getImageManifest(db, ids.imageId), 'image'],
    ['a build’s image', 'images', (db: StoreDb, ids: Ids) => getBuildManifests(db, ids.buildId), 'image'],
    ['a stack', 'stacks', (db: StoreDb, ids: Ids) => getStackManifest(db, ids.stackId), 'stack'],
  ] as const)('refuses %s stored with another version, naming its id', async (_what, table, read, noun) => {
    const spec = await fresh();
    const ids = await fill(spec);
    const id = table === 'images' ? ids.imageId : ids.stackId;
    await rawExec(spec, `UPDATE ${table} SET manifest_version = 2 WHERE id = ${id}`);
    const db = await connectStore(spec);
    try {
      const error = await userError(() => read(db, ids));
      expect(error.code).toBe('MANIFEST_VERSION');
      expect(error.message).toContain(`${noun} ${id} is stored with manifest version 2`);
      expect(error.message).toContain(`(${table}.manifest_version)`);
    } finally {
      await db.close();
    }
  });

  it.skipIf(available.skip)(
    'is added by migration 2 to a version-1 database, its rows marked version 1',
    async () => {
      const spec = await fresh();
      // A database as the first tcbscope left it: step 1 of the schema only, one stack row.
      if (kind === 'sqlite') {
        const db = new Database(spec);
        db.exec(MIGRATIONS[0] as string);
        db.pragma('user_version = 1');
        db.pragma(`application_id = ${0x74636273}`);
        db.close();
      } else {
        await rawExec(
          spec,
          `${POSTGRES_MIGRATIONS[0]}; CREATE TABLE ${POSTGRES_VERSION_TABLE} (version INTEGER NOT NULL); INSERT INTO ${POSTGRES_VERSION_TABLE} VALUES (1)`,
        );
      }
      await rawExec(
        spec,
        `INSERT INTO stacks (name, target, manifest_sha256, manifest, ingested_at) VALUES ('s', 't', 'h', '{}', '${AT}')`,
      );
      await (await connectStore(spec)).close();
      const version =
        kind === 'sqlite'
          ? (await rawAll<{ v: number }>(spec, 'SELECT user_version AS v FROM pragma_user_version'))[0]?.v
          : (await rawAll<{ v: number }>(spec, `SELECT version AS v FROM ${POSTGRES_VERSION_TABLE}`))[0]?.v;
      const columns =
        kind === 'sqlite'
          ? await rawAll<{ name: string }>(spec, "SELECT name FROM pragma_table_info('images')")
          : await rawAll<{ name: string }>(
              spec,
              "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'images'",
            );
      // Brought up to the latest step, through step 2.
      expect(version).toBe(kind === 'sqlite' ? MIGRATIONS.length : POSTGRES_MIGRATIONS.length);
      expect(await rawAll(spec, 'SELECT name, manifest_version AS v FROM stacks')).toEqual([
        { name: 's', v: 1 },
      ]);
      expect(columns.map((c) => c.name)).toContain('manifest_version');
    },
  );
});
