/**
 * The time an ingest records: `SOURCE_DATE_EPOCH` when set (reproducible databases, and tests),
 * else the clock. The clock is read here, at the edge, and passed into the store.
 */
export function readIngestTime(env: Record<string, string | undefined>): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}
