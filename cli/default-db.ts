import { resolve } from 'node:path';

/** The default database: a file in the working folder, so no server has to be installed. */
export const DEFAULT_DB = '.tcbscope/tcbscope.db';

/** The database path from `--db`, else `TCBSCOPE_DB`, else {@link DEFAULT_DB}: absolute, and as shown to the user. */
export function resolveDbPath(
  cwd: string,
  env: Record<string, string | undefined>,
  flag: string | undefined,
): { path: string; shown: string } {
  const shown = flag ?? env.TCBSCOPE_DB ?? DEFAULT_DB;
  return { path: shown === ':memory:' ? shown : resolve(cwd, shown), shown };
}
