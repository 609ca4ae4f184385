import { resolve } from 'node:path';
import { hidePassword, isPostgresUrl } from '../store/store-db.js';

/** The default database: a file in the working folder, so no server has to be installed. */
export const DEFAULT_DB = '.tcbscope/tcbscope.db';

/**
 * The database from `--db`, else `TCBSCOPE_DB`, else {@link DEFAULT_DB}: a SQLite path made
 * absolute, or a postgres:// URL as it is; and as shown to the user (a URL's password as `***`,
 * since commands print the database they wrote to).
 */
export function resolveDbPath(
  cwd: string,
  env: Record<string, string | undefined>,
  flag: string | undefined,
): { path: string; shown: string } {
  const given = flag ?? env.TCBSCOPE_DB ?? DEFAULT_DB;
  if (isPostgresUrl(given)) return { path: given, shown: hidePassword(given) };
  return { path: given === ':memory:' ? given : resolve(cwd, given), shown: given };
}
