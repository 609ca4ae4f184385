import { describe, expect, it } from 'vitest';
import { LruCache } from './manifest-cache.js';

describe('LruCache', () => {
  it('computes once per key while the key stays among the most recently used', () => {
    const cache = new LruCache<string, number>(2);
    let calls = 0;
    const compute = () => ++calls;
    expect(cache.get('a', compute)).toBe(1);
    expect(cache.get('a', compute)).toBe(1);
    expect(calls).toBe(1);
  });

  it('evicts the least recently used key, where "used" includes reads', () => {
    const cache = new LruCache<string, string>(2);
    cache.get('a', () => 'A');
    cache.get('b', () => 'B');
    cache.get('a', () => 'not called'); // a is now the most recent
    cache.get('c', () => 'C'); // evicts b
    expect(cache.size).toBe(2);
    expect(cache.get('a', () => 'recomputed')).toBe('A');
    expect(cache.get('b', () => 'B again')).toBe('B again');
  });

  it('does not keep a miss: a row absent now may be ingested later', () => {
    const cache = new LruCache<number, string>(4);
    expect(cache.get(7, () => undefined)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.get(7, () => 'ingested since')).toBe('ingested since');
  });

  it('bounded in bytes: keeps entries while their weights sum to the limit, evicting the oldest', () => {
    const cache = new LruCache<string, string>(10, (text) => text.length);
    cache.get('a', () => 'aaaa');
    cache.get('b', () => 'bbbb');
    expect(cache.weight).toBe(8);
    cache.get('c', () => 'ccc'); // 11 > 10: a goes
    expect(cache.size).toBe(2);
    expect(cache.weight).toBe(7);
    expect(cache.get('a', () => 'recomputed')).toBe('recomputed');
  });

  it('returns but does not keep a value heavier than the whole limit', () => {
    const cache = new LruCache<string, string>(10, (text) => text.length);
    cache.get('small', () => 'ss');
    expect(cache.get('huge', () => 'x'.repeat(11))).toBe('x'.repeat(11));
    expect(cache.size).toBe(1);
    expect(cache.get('small', () => 'not called')).toBe('ss');
  });

  it('getAsync: computes once, keeps no miss, and two computations of one key weigh once', async () => {
    const cache = new LruCache<string, string>(10, (text) => text.length);
    let calls = 0;
    const slow = async () => {
      calls++;
      await new Promise((done) => setTimeout(done, 5));
      return 'abc';
    };
    // Two requests for the same missing key at once: both compute, the kept entry counts once.
    expect(await Promise.all([cache.getAsync('a', slow), cache.getAsync('a', slow)])).toEqual(['abc', 'abc']);
    expect([calls, cache.size, cache.weight]).toEqual([2, 1, 3]);
    expect(await cache.getAsync('a', slow)).toBe('abc');
    expect(calls).toBe(2);
    expect(await cache.getAsync('missing', () => Promise.resolve(undefined))).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
