/**
 * A small least-recently-used cache. Stored manifests never change once ingested (a build is
 * identified by its manifests' hashes), so what is computed from one — its parsed form, its
 * summary, its treemap, a compare of two — can be kept for as long as memory allows; the web
 * report would otherwise parse a 2 MB manifest again on every request.
 *
 * The limit is on the sum of the entries' weights: with the default weight of 1 it is a count,
 * with a weight in bytes it is a memory budget, so that a few huge manifests cannot hold
 * gigabytes the way a count of them could.
 */
export class LruCache<K, V> {
  readonly #limit: number;
  readonly #weigh: (value: V) => number;
  readonly #entries = new Map<K, { value: V; weight: number }>();
  #total = 0;

  /** `limit`: the largest sum of weights kept; `weigh`: one entry's weight (default 1, a count). */
  constructor(limit: number, weigh: (value: V) => number = () => 1) {
    this.#limit = limit;
    this.#weigh = weigh;
  }

  /**
   * The value for `key`, computing and keeping it on a miss. `undefined` is returned but not kept:
   * a row missing now (an id not yet ingested) may exist on the next call. A value heavier than
   * the whole limit is returned but not kept either: keeping it would evict everything else.
   */
  get(key: K, compute: () => V | undefined): V | undefined {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      // Re-insert to mark it as most recently used (a Map keeps insertion order).
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.value;
    }
    return this.#keep(key, compute());
  }

  /**
   * {@link get} for a value computed asynchronously (a row read from PostgreSQL). Two requests for
   * one missing key may both compute it; the second result replaces the first, which is harmless
   * for values that depend only on the key.
   */
  async getAsync(key: K, compute: () => Promise<V | undefined>): Promise<V | undefined> {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.value;
    }
    const value = await compute();
    const again = this.#entries.get(key);
    if (again !== undefined) {
      this.#entries.delete(key);
      this.#total -= again.weight;
    }
    return this.#keep(key, value);
  }

  #keep(key: K, value: V | undefined): V | undefined {
    if (value === undefined) return undefined;
    const weight = this.#weigh(value);
    if (weight > this.#limit) return value;
    this.#entries.set(key, { value, weight });
    this.#total += weight;
    while (this.#total > this.#limit) {
      const [oldest, entry] = this.#entries.entries().next().value as [K, { weight: number }];
      this.#entries.delete(oldest);
      this.#total -= entry.weight;
    }
    return value;
  }

  /** How many entries are kept. */
  get size(): number {
    return this.#entries.size;
  }

  /** The sum of the kept entries' weights (bytes, for a cache weighed in bytes). */
  get weight(): number {
    return this.#total;
  }
}
