import type Database from 'better-sqlite3';
import { UserError } from '../analyzer/model/user-error.js';
import type { StoreDb } from './store-db.js';
import { backoffMs, isBusyError, WRITE_ATTEMPTS } from './write-retry.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The {@link StoreDb} of an open better-sqlite3 connection (see `openStore`). Its calls run
 * synchronously and return settled promises. Transactions of one connection run one after the
 * other (a queue in this process): an async transaction would otherwise let another request's
 * BEGIN run inside it.
 */
export function wrapSqlite(db: Database.Database, shown: string): StoreDb {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const calls = {
    dialect: 'sqlite' as const,
    shown,
    all: <T>(sql: string, params: readonly unknown[] = []) =>
      Promise.resolve(prepare(sql).all(...params) as T[]),
    get: <T>(sql: string, params: readonly unknown[] = []) =>
      Promise.resolve(prepare(sql).get(...params) as T | undefined),
    run: (sql: string, params: readonly unknown[] = []) =>
      Promise.resolve(prepare(sql).run(...params).changes),
  };
  const tx: StoreDb = { ...calls, transaction: (fn) => fn(tx), close: () => Promise.resolve() };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    ...calls,
    transaction<T>(fn: (tx: StoreDb) => Promise<T>): Promise<T> {
      const run = queue.then(() => transact(db, shown, () => fn(tx)));
      queue = run.catch(() => undefined);
      return run;
    },
    // Closing twice is harmless, as pg's pool.end() is not: callers close in finally blocks.
    close: () => {
      if (db.open) db.close();
      return Promise.resolve();
    },
  };
}

/**
 * BEGIN IMMEDIATE (the write lock up front, waiting the busy timeout for it), `fn`, COMMIT;
 * rolled back on any error, and tried again with backoff while other processes hold the lock.
 */
async function transact<T>(db: Database.Database, shown: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      db.exec('BEGIN IMMEDIATE');
      const result = await fn();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (!isBusyError(error)) throw error;
      if (attempt >= WRITE_ATTEMPTS)
        throw new UserError(
          'STORE_BUSY',
          `still locked by another writer after ${WRITE_ATTEMPTS} attempts (${(error as Error).message})`,
          { file: shown },
        );
      await sleep(backoffMs(attempt));
    }
  }
}
