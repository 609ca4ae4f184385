/**
 * The one interface every caller of the store goes through, whichever database is behind it: the
 * embedded SQLite file (store/sqlite-store.ts) or a PostgreSQL server (store/postgres-store.ts).
 * Queries are written once with `?` placeholders and column aliases in double quotes (PostgreSQL
 * folds unquoted names to lower case); each adapter turns them into its driver's form. Every call
 * returns a promise: PostgreSQL's driver is asynchronous, and SQLite's adapter wraps its
 * synchronous calls in resolved promises.
 */

/** Which database a {@link StoreDb} talks to. */
export type StoreDialect = 'sqlite' | 'postgres';

/** An open tcbscope store. Only `store/` imports a database driver; others name it by this type. */
export interface StoreDb {
  readonly dialect: StoreDialect;
  /** The database as the user wrote it (a path, or a URL without its password), for messages. */
  readonly shown: string;
  /** Every row of a query. Integer columns come back as JS numbers in both dialects. */
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** The first row of a query, or undefined. Also for `INSERT ... RETURNING`. */
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** A statement without rows; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Runs `fn` as one write transaction: everything it wrote commits together or not at all. On
   * SQLite it takes the write lock up front and retries while other writers hold it; on PostgreSQL
   * it retries when a concurrent writer committed the same unique row first (the retry then finds
   * that row). `fn` may therefore run more than once and must only write through `tx`. Called on a
   * `tx`, it runs `fn` inside the transaction already open.
   */
  transaction<T>(fn: (tx: StoreDb) => Promise<T>): Promise<T>;
  /** Closes the connection (or pool); a `tx` ignores it. */
  close(): Promise<void>;
}

/** Whether `--db`/`TCBSCOPE_DB` names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

/** A connection URL with its password (`user:PASSWORD@`, or `?password=`) replaced by `***`, for messages and logs. */
export function hidePassword(url: string): string {
  return url
    .replace(/^(postgres(?:ql)?:\/\/[^:@/]*:)[^@/]*@/i, '$1***@')
    .replace(/([?&]password=)[^&]*/i, '$1***');
}
