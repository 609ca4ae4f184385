import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import {
  countRevocations,
  forgetVerifiedToken,
  hashPresentedToken,
  readVerifiedToken,
  rememberVerifiedToken,
} from './token-cache.js';
import { UserError } from '../analyzer/model/user-error.js';
import type { StoreDb } from './store-db.js';

/** What a token may do: `write` uploads builds (and reads), `read` only reads when reads need a token. */
export type TokenScope = 'write' | 'read';

/** A stored token as `token list` shows it: never its secret or hash. */
export interface TokenRow {
  name: string;
  scope: TokenScope;
  createdAt: string;
}

/** scrypt's output length in bytes; its cost parameters are node's defaults (N = 16384, r = 8, p = 1). */
const HASH_BYTES = 32;

/** Tokens read `tcbs_<key id>_<secret>`: the key id finds the row, the secret is checked against its hash. */
const TOKEN_PATTERN = /^tcbs_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

function hashSecret(secret: string, salt: Buffer): Buffer {
  return scryptSync(secret, salt, HASH_BYTES);
}

/**
 * Creates a token named `name` and returns it: the only time the secret exists outside the
 * caller's hands. The database keeps a random salt and the scrypt hash of the secret.
 * @throws UserError TOKEN_EXISTS when the name is taken.
 */
export async function createToken(
  db: StoreDb,
  name: string,
  scope: TokenScope,
  createdAt: string,
): Promise<string> {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  const hash = hashSecret(secret, salt);
  await db.transaction(async (tx) => {
    if (await tx.get('SELECT 1 AS one FROM tokens WHERE name = ?', [name]))
      throw new UserError('TOKEN_EXISTS', `"${name}" is already a token`, { at: 'NAME' });
    await tx.run(
      'INSERT INTO tokens (name, key_id, salt, hash, scope, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [name, keyId, salt.toString('hex'), hash.toString('hex'), scope, createdAt],
    );
  });
  return `tcbs_${keyId}_${secret}`;
}

/** Every token by name, without secrets. */
export function listTokens(db: StoreDb): Promise<TokenRow[]> {
  return db.all<TokenRow>('SELECT name, scope, created_at AS "createdAt" FROM tokens ORDER BY name');
}

/**
 * Deletes the token named `name`: from then on it is refused like any unknown token.
 * @throws UserError TOKEN_NOT_FOUND when there is none.
 */
export async function revokeToken(db: StoreDb, name: string): Promise<void> {
  const changes = await db.transaction((tx) => tx.run('DELETE FROM tokens WHERE name = ?', [name]));
  forgetVerifiedToken(name);
  if (changes === 0) throw new UserError('TOKEN_NOT_FOUND', `"${name}" is not a token`, { at: 'NAME' });
}

/**
 * The scope of a presented token, or undefined when it is malformed, unknown or revoked. The hash
 * comparison takes the same time wherever the bytes differ (timingSafeEqual). A token that passed
 * is remembered for a few seconds (store/token-cache.ts): a revocation by another process takes
 * effect within that time, one in this process at once.
 */
export async function verifyToken(
  db: StoreDb,
  token: string,
): Promise<{ name: string; scope: TokenScope } | undefined> {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return undefined;
  const key = hashPresentedToken(token);
  const cached = readVerifiedToken(db, key, Date.now());
  if (cached) return cached;
  const seen = countRevocations();
  const row = await db.get<{ name: string; salt: string; hash: string; scope: TokenScope }>(
    'SELECT name, salt, hash, scope FROM tokens WHERE key_id = ?',
    [match[1]],
  );
  if (!row) return undefined;
  const presented = hashSecret(match[2] as string, Buffer.from(row.salt, 'hex'));
  const stored = Buffer.from(row.hash, 'hex');
  if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return undefined;
  const verified = { name: row.name, scope: row.scope };
  rememberVerifiedToken(db, key, verified, Date.now(), seen);
  return verified;
}
