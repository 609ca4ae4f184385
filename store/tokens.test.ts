/**
 * Tokens on SQLite and on PostgreSQL: only a salt and a scrypt hash are stored (recomputed here with
 * node:crypto from the printed token), the token verifies until it is revoked, names are unique.
 */
import { scryptSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../analyzer/model/user-error.js';
import { createTestStore, rawAll, storeCases, type TestStore } from '../test/support/test-stores.js';
import { connectStore } from './connect-store.js';
import { createToken, listTokens, revokeToken, verifyToken } from './tokens.js';

const AT = '2024-05-01T12:00:00.000Z';
const made: TestStore[] = [];
afterEach(async () => {
  for (const store of made.splice(0)) await store.drop();
});

describe.each(storeCases())('tokens on $name', ({ kind, available }) => {
  it.skipIf(available.skip)(
    'stores a salted scrypt hash, verifies until revoked, refuses a taken name',
    async () => {
      const store = await createTestStore(kind);
      made.push(store);
      const db = await connectStore(store.spec);
      try {
        const token = await createToken(db, 'ci', 'write', AT);
        const [, keyId, secret] = /^tcbs_([0-9a-f]{16})_(.+)$/.exec(token) ?? [];
        const rows = await rawAll<Record<string, string>>(store.spec, 'SELECT * FROM tokens');
        expect(rows).toHaveLength(1);
        const row = rows[0] as Record<string, string>;
        expect(row).toMatchObject({ name: 'ci', key_id: keyId, scope: 'write', created_at: AT });
        expect(row.hash).toBe(
          scryptSync(secret as string, Buffer.from(row.salt as string, 'hex'), 32).toString('hex'),
        );
        expect(JSON.stringify(rows)).not.toContain(secret);

        expect(await verifyToken(db, token)).toEqual({ name: 'ci', scope: 'write' });
        expect(await verifyToken(db, `${token.slice(0, -1)}x`)).toBeUndefined();
        await expect(createToken(db, 'ci', 'read', AT)).rejects.toThrow(UserError);
        expect(await listTokens(db)).toEqual([{ name: 'ci', scope: 'write', createdAt: AT }]);
        await revokeToken(db, 'ci');
        expect(await verifyToken(db, token)).toBeUndefined();
        await expect(revokeToken(db, 'ci')).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
      } finally {
        await db.close();
      }
    },
  );
});
