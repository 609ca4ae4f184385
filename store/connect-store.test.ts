/**
 * Opening a store through connectStore, on SQLite and on PostgreSQL: a new store gets the latest
 * schema version, reopening keeps rows and migrates nothing, a newer schema and somebody else's
 * tables are refused without being touched. Versions and rows are read on our own connection.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../analyzer/model/user-error.js';
import { readStackFiles } from '../test/support/solo5-build.js';
import {
  createTestStore,
  rawAll,
  rawExec,
  storeCases,
  type StoreKind,
  type TestStore,
} from '../test/support/test-stores.js';
import { connectStore } from './connect-store.js';
import { ingestStack } from './ingest-build.js';
import { POSTGRES_MIGRATIONS, POSTGRES_VERSION_TABLE } from './migrate-postgres.js';
import { MIGRATIONS } from './migrate-store.js';

const AT = '2024-05-01T12:00:00.000Z';
const made: TestStore[] = [];
afterEach(async () => {
  for (const store of made.splice(0)) await store.drop();
});

async function userError(fn: () => Promise<unknown>): Promise<UserError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('no error');
}

/** The schema version as each database records it, read without tcbscope's code. */
async function readVersion(kind: StoreKind, spec: string): Promise<number | undefined> {
  const sql =
    kind === 'sqlite'
      ? 'SELECT user_version AS v FROM pragma_user_version'
      : `SELECT version AS v FROM ${POSTGRES_VERSION_TABLE}`;
  return (await rawAll<{ v: number }>(spec, sql))[0]?.v;
}

async function readTables(kind: StoreKind, spec: string): Promise<string[]> {
  const sql =
    kind === 'sqlite'
      ? "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"
      : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name';
  return (await rawAll<{ name: string }>(spec, sql)).map((r) => r.name);
}

describe.each(storeCases())('connectStore on $name', ({ kind, available }) => {
  const fresh = async (): Promise<string> => {
    const store = await createTestStore(kind);
    made.push(store);
    return store.spec;
  };
  const steps = kind === 'sqlite' ? MIGRATIONS.length : POSTGRES_MIGRATIONS.length;

  it.skipIf(available.skip)('makes a new store at the latest schema version, with every table', async () => {
    const spec = await fresh();
    await (await connectStore(spec)).close();
    expect(await readVersion(kind, spec)).toBe(steps);
    expect(steps).toBe(3);
    expect(await readTables(kind, spec)).toEqual(
      expect.arrayContaining(['builds', 'image_packages', 'images', 'jobs', 'stacks', 'tokens']),
    );
  });

  it.skipIf(available.skip)('reopens a store as it is: rows kept, version unchanged', async () => {
    const spec = await fresh();
    const stack = readStackFiles()[0] as ReturnType<typeof readStackFiles>[number];
    const db = await connectStore(spec);
    const { stackId } = await ingestStack(db, stack.manifest, stack.file, AT);
    await db.close();
    const again = await connectStore(spec);
    expect(await ingestStack(again, stack.manifest, stack.file, AT)).toEqual({ stackId, created: false });
    await again.close();
    expect(await readVersion(kind, spec)).toBe(steps);
    expect(await rawAll(spec, 'SELECT id, name FROM stacks')).toEqual([
      { id: stackId, name: stack.manifest.identity.name },
    ]);
  });

  it.skipIf(available.skip)(
    'refuses a schema newer than this tcbscope with STORE_NEWER and leaves it alone',
    async () => {
      const spec = await fresh();
      await (await connectStore(spec)).close();
      if (kind === 'sqlite') {
        const raw = new Database(spec);
        raw.pragma(`user_version = ${steps + 1}`);
        raw.close();
      } else await rawExec(spec, `UPDATE ${POSTGRES_VERSION_TABLE} SET version = ${steps + 1}`);
      const error = await userError(() => connectStore(spec));
      expect(error.code).toBe('STORE_NEWER');
      expect(error.message).toContain(`schema version ${steps + 1}, this tcbscope knows up to ${steps}`);
      expect(await readVersion(kind, spec)).toBe(steps + 1);
    },
  );

  it.skipIf(available.skip)(
    "refuses another program's tables with STORE_FOREIGN and creates nothing",
    async () => {
      const spec = await fresh();
      if (kind === 'sqlite') {
        const raw = new Database(spec);
        raw.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)');
        raw.close();
      } else await rawExec(spec, 'CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)');
      const error = await userError(() => connectStore(spec));
      expect(error.code).toBe('STORE_FOREIGN');
      expect(await readTables(kind, spec)).toEqual(['accounts']);
    },
  );
});

describe('connectStore on an unreachable PostgreSQL server', () => {
  it('is one STORE_UNREACHABLE error that names the URL without its password', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const error = await userError(() => connectStore('postgres://ci:s3cret@127.0.0.1:1/tcbscope'));
    expect(error.code).toBe('STORE_UNREACHABLE');
    expect(error.location.file).toBe('postgres://ci:***@127.0.0.1:1/tcbscope');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).not.toContain('s3cret');
  });
});
