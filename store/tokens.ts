import type Database from 'better-sqlite3';
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { UserError } from '../analyzer/model/user-error.js';
import { writeTransaction } from './write-retry.js';

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
export function createToken(
  db: Database.Database,
  name: string,
  scope: TokenScope,
  createdAt: string,
): string {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  const hash = hashSecret(secret, salt);
  writeTransaction(db, () => {
    if (db.prepare('SELECT 1 FROM tokens WHERE name = ?').get(name))
      throw new UserError('TOKEN_EXISTS', `"${name}" is already a token`, { at: 'NAME' });
    db.prepare(
      'INSERT INTO tokens (name, key_id, salt, hash, scope, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(name, keyId, salt.toString('hex'), hash.toString('hex'), scope, createdAt);
  });
  return `tcbs_${keyId}_${secret}`;
}

/** Every token by name, without secrets. */
export function listTokens(db: Database.Database): TokenRow[] {
  return db
    .prepare('SELECT name, scope, created_at AS createdAt FROM tokens ORDER BY name')
    .all() as TokenRow[];
}

/**
 * Deletes the token named `name`: from then on it is refused like any unknown token.
 * @throws UserError TOKEN_NOT_FOUND when there is none.
 */
export function revokeToken(db: Database.Database, name: string): void {
  const changes = writeTransaction(
    db,
    () => db.prepare('DELETE FROM tokens WHERE name = ?').run(name).changes,
  );
  if (changes === 0) throw new UserError('TOKEN_NOT_FOUND', `"${name}" is not a token`, { at: 'NAME' });
}

/**
 * The scope of a presented token, or undefined when it is malformed, unknown or revoked. The hash
 * comparison takes the same time wherever the bytes differ (timingSafeEqual).
 */
export function verifyToken(
  db: Database.Database,
  token: string,
): { name: string; scope: TokenScope } | undefined {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return undefined;
  const row = db.prepare('SELECT name, salt, hash, scope FROM tokens WHERE key_id = ?').get(match[1]) as
    { name: string; salt: string; hash: string; scope: TokenScope } | undefined;
  if (!row) return undefined;
  const presented = hashSecret(match[2] as string, Buffer.from(row.salt, 'hex'));
  const stored = Buffer.from(row.hash, 'hex');
  return stored.length === presented.length && timingSafeEqual(stored, presented)
    ? { name: row.name, scope: row.scope }
    : undefined;
}
