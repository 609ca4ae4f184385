/**
 * A small least-recently-used cache. Stored manifests never change once ingested (a build is
 * identified by its manifests' hashes), so what is computed from one — its parsed form, its
 * summary, its treemap — can be kept for as long as memory allows; the web report would
 * otherwise parse a 2 MB manifest again on every request.
 */
export class LruCache<K, V> {
  readonly #limit: number;
  readonly #entries = new Map<K, V>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  /**
   * The value for `key`, computing and keeping it on a miss. `undefined` is returned but not kept:
   * a row missing now (an id not yet ingested) may exist on the next call.
   */
  get(key: K, compute: () => V | undefined): V | undefined {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      // Re-insert to mark it as most recently used (a Map keeps insertion order).
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const value = compute();
    if (value === undefined) return undefined;
    this.#entries.set(key, value);
    if (this.#entries.size > this.#limit) this.#entries.delete(this.#entries.keys().next().value as K);
    return value;
  }

  get size(): number {
    return this.#entries.size;
  }
}
