import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../analyzer/model/user-error.js';
import { migrateStore, STORE_VERSION } from './migrate-store.js';
import { BUSY_TIMEOUT_MS, isBusyError, retryWhileBusy, writeTransaction } from './write-retry.js';

/**
 * `PRAGMA application_id` of a tcbscope database ("tcbs"): tells our file from any other SQLite
 * file, so that `--db` pointed at somebody else's database is refused instead of migrated.
 */
export const STORE_APPLICATION_ID = 0x74636273;

/**
 * Opens (creating when needed) the SQLite file at `file`, checks that it is a tcbscope database of
 * a version this code knows, and brings it up to date. `shown` is the path as the user wrote it.
 */
export function openStore(file: string, shown: string = file): Database.Database {
  if (file !== ':memory:') createPrivateFile(file);
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new UserError('FILE_NOT_FOUND', (error as Error).message, { file: shown });
  }
  try {
    // Another process may be creating the same database this moment: every step that writes
    // waits for its lock and retries, and each finds what the other did.
    retryWhileBusy(() => checkStore(db, shown), shown);
    retryWhileBusy(() => db.pragma('journal_mode = WAL'), shown);
    db.pragma('foreign_keys = ON');
    writeTransaction(
      db,
      () => {
        if (db.pragma('application_id', { simple: true }) === 0)
          db.pragma(`application_id = ${STORE_APPLICATION_ID}`);
      },
      shown,
    );
    migrateStore(db, shown);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Creates the database file owner-only (0600) in an owner-only folder (0700) when it is not there:
 * the reports list every package of every image. SQLite gives its -wal and -shm files the mode of
 * the database file, so they follow. An existing file keeps the mode its owner chose.
 */
function createPrivateFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    // An empty file is an empty SQLite database; 'wx' creates it only if nothing is there.
    fd = openSync(file, 'wx', 0o600);
  } catch {
    return; // there already (or not creatable: better-sqlite3 reports that with its own message)
  }
  closeSync(fd);
}

/** Refuses a file that is not SQLite, a SQLite database of another program, or a newer schema. */
function checkStore(db: Database.Database, shown: string): void {
  let read: { applicationId: number; version: number; tables: number };
  try {
    // One read transaction, so the three reads see one state of the file: read one by one, a
    // process creating the same database could be seen half-way (no application_id yet, its
    // tables already there) and the file taken for another program's.
    read = db.transaction(() => ({
      applicationId: db.pragma('application_id', { simple: true }) as number,
      version: db.pragma('user_version', { simple: true }) as number,
      tables: (
        db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }
      ).n,
    }))();
  } catch (error) {
    if (isBusyError(error)) throw error; // another process holds the lock: the caller retries
    // SQLITE_NOTADB and friends: the file exists but is not a database at all.
    throw new UserError('STORE_FOREIGN', `SQLite cannot read it (${(error as Error).message})`, {
      file: shown,
    });
  }
  const { applicationId, version, tables } = read;
  const empty = applicationId === 0 && version === 0 && tables === 0;
  if (!empty && applicationId !== STORE_APPLICATION_ID) {
    throw new UserError(
      'STORE_FOREIGN',
      `application_id is 0x${applicationId.toString(16)} with ${tables} table(s), not tcbscope's 0x${STORE_APPLICATION_ID.toString(16)}`,
      { file: shown, at: 'PRAGMA application_id' },
    );
  }
  if (version > STORE_VERSION) {
    throw new UserError(
      'STORE_NEWER',
      `schema version ${version}, this tcbscope knows up to ${STORE_VERSION}`,
      { file: shown, at: 'PRAGMA user_version' },
    );
  }
}
