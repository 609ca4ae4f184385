/**
 * Store tests run once per store: the embedded SQLite file and a real PostgreSQL server. The
 * PostgreSQL cases need TCBSCOPE_TEST_POSTGRES, a postgres:// URL of a server where they may create
 * and drop databases (`npm test` starts one through scripts/with-test-postgres.sh). Without it they
 * skip with that message — except under CI=true, where they fail (test-needs.ts): CI installs
 * Debian's postgresql and starts the server, so a skip there would hide a broken step.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { check, type Availability, type Need } from './test-needs.js';

/** The stores every store test runs against, for describe.each. */
export const STORE_KINDS = ['sqlite', 'postgres'] as const;

/** One of {@link STORE_KINDS}. */
export type StoreKind = (typeof STORE_KINDS)[number];

/** The PostgreSQL server the tests use, provided by the test command (so CI=true fails without it). */
export function postgresServer(): Need {
  return {
    ok: Boolean(process.env.TCBSCOPE_TEST_POSTGRES),
    missing:
      'TCBSCOPE_TEST_POSTGRES is not set (a postgres:// URL where tests may create databases; `npm test` starts one with scripts/with-test-postgres.sh, which needs apt-get install postgresql or npm run test:setup)',
    provided: true,
  };
}

/** Whether tests on `kind` can run here. */
export function storeAvailability(kind: StoreKind): Availability {
  return kind === 'sqlite' ? check() : check(postgresServer());
}

/** A new, empty store for one test: its spec for `--db` / connectStore, and how to remove it. */
export interface TestStore {
  kind: StoreKind;
  spec: string;
  drop(): Promise<void>;
}

const INT8_OID = 20;

function adminClient(): pg.Client {
  return new pg.Client({ connectionString: process.env.TCBSCOPE_TEST_POSTGRES as string });
}

/** A SQLite file in a new temporary folder, or a new database on the test server. */
export async function createTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tcbscope-store-'));
    return {
      kind,
      spec: join(dir, 'tcbscope.db'),
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const name = `tcbscope_test_${randomBytes(6).toString('hex')}`;
  const admin = adminClient();
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(process.env.TCBSCOPE_TEST_POSTGRES as string);
  url.pathname = `/${name}`;
  return {
    kind,
    spec: url.toString(),
    async drop() {
      const client = adminClient();
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Rows of a query on a connection of our own (better-sqlite3 read-only, or a plain pg client),
 * not through tcbscope's store: `?` placeholders, integers as numbers in both.
 */
export async function rawAll<T = Record<string, unknown>>(
  spec: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (!/^postgres(ql)?:/.test(spec)) {
    const db = new Database(spec, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  let n = 0;
  const client = new pg.Client({
    connectionString: spec,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID
          ? Number
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  await client.connect();
  try {
    return (
      await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows as T[];
  } finally {
    await client.end();
  }
}

/** The tables a store holds builds and stacks in. */
export const STORE_TABLES = ['jobs', 'builds', 'images', 'image_packages', 'stacks'] as const;

/** Rows per table, read on our own connection. */
export async function countStoreRows(spec: string): Promise<Record<(typeof STORE_TABLES)[number], number>> {
  const counts: Record<string, number> = {};
  for (const t of STORE_TABLES)
    counts[t] = ((await rawAll<{ n: number }>(spec, `SELECT count(*) AS n FROM ${t}`))[0] as { n: number }).n;
  return counts as Record<(typeof STORE_TABLES)[number], number>;
}

/** One describe.each case per store: its kind, whether it runs here, and a name that says why not. */
export interface StoreCase {
  kind: StoreKind;
  available: Availability;
  /** The kind, with ` (SKIPPED: reason)` when the tests on it skip. */
  name: string;
}

/** The cases of {@link STORE_KINDS}, for `describe.each(storeCases())('... on $name', ...)`. */
export function storeCases(): StoreCase[] {
  return STORE_KINDS.map((kind) => {
    const available = storeAvailability(kind);
    return { kind, available, name: available.title(kind) };
  });
}

/** Runs statements on a writable connection of our own, as an older or newer tcbscope might have. */
export async function rawExec(spec: string, sql: string): Promise<void> {
  if (!/^postgres(ql)?:/.test(spec)) {
    const db = new Database(spec, { fileMustExist: true });
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: spec });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
