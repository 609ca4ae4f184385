import { resolve } from 'node:path';
import { isPostgresUrl } from '../store/store-db.js';

/** The default database: a file in the working folder, so no server has to be installed. */
export const DEFAULT_DB = '.tcbscope/tcbscope.db';

/**
 * The database from `--db`, else `TCBSCOPE_DB`, else {@link DEFAULT_DB}: a SQLite path made
 * absolute, or a postgres:// URL as it is; and as shown to the user.
 */
export function resolveDbPath(
  cwd: string,
  env: Record<string, string | undefined>,
  flag: string | undefined,
): { path: string; shown: string } {
  const shown = flag ?? env.TCBSCOPE_DB ?? DEFAULT_DB;
  return { path: shown === ':memory:' || isPostgresUrl(shown) ? shown : resolve(cwd, shown), shown };
}
