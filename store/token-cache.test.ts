/**
 * The verified-token cache on SQLite and PostgreSQL: a revocation in this process is refused at
 * once; one by another process (as `tcbscope token revoke` while `serve` runs) within
 * TOKEN_CACHE_MS; and a cached check skips scrypt (counted by spying on node:crypto's scryptSync).
 */
import * as crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestStore, rawExec, storeCases, type TestStore } from '../test/support/test-stores.js';
import { connectStore } from './connect-store.js';
import { TOKEN_CACHE_MS } from './token-cache.js';
import { createToken, revokeToken, verifyToken } from './tokens.js';

vi.mock('node:crypto', async (original) => {
  const real = await original<typeof import('node:crypto')>();
  return { ...real, scryptSync: vi.fn(real.scryptSync) };
});

const AT = '2024-05-01T12:00:00.000Z';
const made: TestStore[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const store of made.splice(0)) await store.drop();
});

describe.each(storeCases())('the token cache on $name', ({ kind, available }) => {
  it.skipIf(available.skip)('skips scrypt while cached and honours revocations', async () => {
    const store = await createTestStore(kind);
    made.push(store);
    const db = await connectStore(store.spec);
    try {
      const scrypt = vi.mocked(crypto.scryptSync);
      const ci = await createToken(db, 'ci', 'write', AT);
      const deploy = await createToken(db, 'deploy', 'read', AT);
      scrypt.mockClear();
      expect(await verifyToken(db, ci)).toEqual({ name: 'ci', scope: 'write' });
      expect(await verifyToken(db, ci)).toEqual({ name: 'ci', scope: 'write' });
      expect(scrypt).toHaveBeenCalledTimes(1);
      // A wrong secret under a real key id is never answered from the cache.
      const wrong = `${ci.slice(0, -1)}${ci.endsWith('A') ? 'B' : 'A'}`;
      expect(await verifyToken(db, wrong)).toBeUndefined();

      // Revoked in this process: refused on the next check.
      await revokeToken(db, 'ci');
      expect(await verifyToken(db, ci)).toBeUndefined();

      // Deleted by another process (a raw connection here): still cached within TOKEN_CACHE_MS, then refused.
      vi.useFakeTimers({ toFake: ['Date'] });
      expect(await verifyToken(db, deploy)).toEqual({ name: 'deploy', scope: 'read' });
      await rawExec(store.spec, "DELETE FROM tokens WHERE name = 'deploy'");
      vi.setSystemTime(Date.now() + TOKEN_CACHE_MS - 1);
      expect(await verifyToken(db, deploy)).toEqual({ name: 'deploy', scope: 'read' });
      vi.setSystemTime(Date.now() + TOKEN_CACHE_MS);
      expect(await verifyToken(db, deploy)).toBeUndefined();
    } finally {
      await db.close();
    }
  });
});
