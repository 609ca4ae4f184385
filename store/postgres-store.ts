import pg from 'pg';
import { UserError } from '../analyzer/model/user-error.js';
import { migratePostgres } from './migrate-postgres.js';
import type { StoreDb } from './store-db.js';
import { backoffMs, WRITE_ATTEMPTS } from './write-retry.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** PostgreSQL's type oid of bigint (int8): ids, sizes and count(*) come back as JS numbers, as from SQLite. */
const INT8_OID = 20;

const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary'
      ? (text: string) => Number(text)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** SQLSTATEs after which a write transaction is simply run again: a serialization failure, a deadlock. */
const RETRY_CODES = new Set(['40001', '40P01']);

/**
 * The unique constraints that identify what a writer stores (a build by its key, a stack by its
 * hash, a token by its name): when one refuses an insert, another writer committed the same thing
 * first, and running the transaction again finds it. Any other unique violation is a real error.
 */
const IDENTITY_CONSTRAINTS = new Set([
  'builds_key_key',
  'jobs_name_key',
  'stacks_manifest_sha256_key',
  'tokens_pkey',
]);

function isRetryable(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string') return false;
  return RETRY_CODES.has(code) || (code === '23505' && IDENTITY_CONSTRAINTS.has(String(constraint)));
}

/** SQLSTATE classes and socket errors that mean the server is not there for us at all. */
function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return /^E[A-Z]+$/.test(code) || code.startsWith('08') || code.startsWith('28') || code === '3D000';
}

function mapError(error: unknown, shown: string): unknown {
  return isUnreachable(error)
    ? new UserError('STORE_UNREACHABLE', (error as Error).message, { file: shown })
    : error;
}

/** `?` placeholders as PostgreSQL's `$1, $2, ...` (our SQL has no `?` inside string literals). */
function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

type Queryable = pg.Pool | pg.PoolClient;

function calls(on: Queryable, shown: string) {
  const query = async (sql: string, params: readonly unknown[]) => {
    try {
      return await on.query(numberPlaceholders(sql), params as unknown[]);
    } catch (error) {
      throw mapError(error, shown);
    }
  };
  return {
    dialect: 'postgres' as const,
    shown,
    all: async <T>(sql: string, params: readonly unknown[] = []) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params: readonly unknown[] = []) =>
      (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params: readonly unknown[] = []) => (await query(sql, params)).rowCount ?? 0,
  };
}

/** The {@link StoreDb} of a pool of connections to one PostgreSQL database. */
function wrapPool(pool: pg.Pool, shown: string): StoreDb {
  return {
    ...calls(pool, shown),
    async transaction<T>(fn: (tx: StoreDb) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        let client: pg.PoolClient;
        try {
          client = await pool.connect();
        } catch (error) {
          throw mapError(error, shown);
        }
        const tx: StoreDb = {
          ...calls(client, shown),
          transaction: (inner) => inner(tx),
          close: () => Promise.resolve(),
        };
        try {
          await client.query('BEGIN');
          const result = await fn(tx);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (!isRetryable(error) || attempt >= WRITE_ATTEMPTS) throw error;
          await sleep(backoffMs(attempt));
        } finally {
          client.release();
        }
      }
    },
    // pg's pool refuses a second end(); callers close in finally blocks, so the second is a no-op.
    close: () => (pool.ended ? Promise.resolve() : pool.end()),
  };
}

/**
 * Connects to the PostgreSQL database at `url` (a postgres:// URL), checks that it is empty or a
 * tcbscope store of a version this code knows, and brings it up to date (store/migrate-postgres.ts).
 * `shown` is the URL without its password.
 * @throws UserError STORE_UNREACHABLE, STORE_FOREIGN or STORE_NEWER.
 */
export async function openPostgresStore(url: string, shown: string): Promise<StoreDb> {
  const pool = new pg.Pool({ connectionString: url, types, max: 10 });
  // An idle connection the server drops must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const store = wrapPool(pool, shown);
  try {
    await migratePostgres(store);
    return store;
  } catch (error) {
    await pool.end();
    throw mapError(error, shown);
  }
}
