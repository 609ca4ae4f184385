import { openStore } from './open-store.js';
import { openPostgresStore } from './postgres-store.js';
import { wrapSqlite } from './sqlite-store.js';
import { hidePassword, isPostgresUrl, type StoreDb } from './store-db.js';

/**
 * Opens the store `spec` names: a postgres:// (or postgresql://) URL connects to that PostgreSQL
 * database, anything else is a SQLite file path (`:memory:` included), the embedded default.
 * Either is checked and migrated to the current schema before it is returned. `shown` is the
 * spec as the user wrote it (a URL's password is never shown).
 */
export async function connectStore(spec: string, shown: string = spec): Promise<StoreDb> {
  if (isPostgresUrl(spec)) return openPostgresStore(spec, hidePassword(shown));
  return wrapSqlite(openStore(spec, shown), shown);
}
