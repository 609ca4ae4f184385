import type Database from 'better-sqlite3';
import { UserError } from '../analyzer/model/user-error.js';

/**
 * How long one statement waits for another process's lock (SQLite's busy handler), in ms. A write
 * transaction that takes the lock up front (BEGIN IMMEDIATE) waits here instead of failing.
 */
export const BUSY_TIMEOUT_MS = 5000;

/** Attempts after the busy handler gave up: each waits a little longer, so writers spread out. */
export const WRITE_ATTEMPTS = 8;

/** Backoff before attempt n (1-based retry): 50 ms doubling, at most 2 s, with jitter so retries do not collide again. */
export function backoffMs(retry: number): number {
  const base = Math.min(2000, 50 * 2 ** (retry - 1));
  return base / 2 + Math.random() * (base / 2);
}

/** A synchronous sleep: better-sqlite3 is synchronous, and a write must not interleave with others on this connection. */
function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Whether SQLite refused because another connection holds a lock (SQLITE_BUSY and its extended
 * codes, or SQLITE_LOCKED): the work can simply be tried again.
 */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Runs `work` until it does not fail with a busy error, at most {@link WRITE_ATTEMPTS} times, with
 * backoff in between; `work` must be safe to repeat (a transaction that rolled back, or a pragma).
 * @throws UserError STORE_BUSY naming the database when every attempt found it locked.
 */
export function retryWhileBusy<T>(work: () => T, shown: string, attempts = WRITE_ATTEMPTS): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return work();
    } catch (error) {
      if (!isBusyError(error)) throw error;
      if (attempt >= attempts)
        throw new UserError(
          'STORE_BUSY',
          `still locked by another writer after ${attempts} attempts (${(error as Error).message})`,
          { file: shown },
        );
      sleepMs(backoffMs(attempt));
    }
  }
}

/**
 * Runs `fn` as one write transaction that takes SQLite's write lock when it begins (BEGIN
 * IMMEDIATE), so two writers never both read and then fail to upgrade — the deadlock WAL answers
 * with an immediate SQLITE_BUSY that no busy timeout waits out. Retried while busy.
 */
export function writeTransaction<T>(db: Database.Database, fn: () => T, shown: string = db.name): T {
  const transaction = db.transaction(fn);
  // Nested in an outer transaction, better-sqlite3 makes it a savepoint: the lock is already held.
  if (db.inTransaction) return transaction();
  return retryWhileBusy(() => transaction.immediate(), shown);
}
