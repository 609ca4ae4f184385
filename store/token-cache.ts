import { createHash } from 'node:crypto';
import type { StoreDb } from './store-db.js';
import type { TokenScope } from './tokens.js';

/**
 * Tokens that passed the scrypt check recently, so that a CI job uploading build after build does
 * not pay tens of milliseconds of CPU on the server's only thread per request. Entries are keyed
 * by the SHA-256 of the whole presented token (never the token itself), and only successes are
 * kept: a new token works at once, a wrong one is checked every time.
 *
 * Revocation: `revokeToken` in this process drops the name's entries at once; a revocation by
 * another process (`tcbscope token revoke` while `serve` runs) takes effect within
 * {@link TOKEN_CACHE_MS}, after which the entry has expired and the row is read again.
 */
export const TOKEN_CACHE_MS = 5_000;

/** Entries at most: enough for every CI job of a deployment, small enough to never matter. */
const MAX_ENTRIES = 1_000;

interface Entry {
  db: StoreDb;
  name: string;
  scope: TokenScope;
  expiresAt: number;
}

const verified = new Map<string, Entry>();

/**
 * Bumped by every revocation in this process. A check whose row was read before a revocation
 * finished must not remember the token afterwards: it passes the count it saw before reading.
 */
let revocations = 0;

/** The current revocation count, to pass to {@link rememberVerifiedToken}. */
export function countRevocations(): number {
  return revocations;
}

/** The key a presented token is cached under. */
export function hashPresentedToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The cached result for a token hash on `db`, or undefined when absent or older than {@link TOKEN_CACHE_MS}. */
export function readVerifiedToken(
  db: StoreDb,
  key: string,
  now: number,
): { name: string; scope: TokenScope } | undefined {
  const entry = verified.get(key);
  if (!entry) return undefined;
  if (entry.db !== db || entry.expiresAt <= now) {
    verified.delete(key);
    return undefined;
  }
  return { name: entry.name, scope: entry.scope };
}

/** Remembers a token that passed the check at `now`, unless a revocation happened since `seen` (see {@link countRevocations}). */
export function rememberVerifiedToken(
  db: StoreDb,
  key: string,
  token: { name: string; scope: TokenScope },
  now: number,
  seen: number,
): void {
  if (seen !== revocations) return;
  if (verified.size >= MAX_ENTRIES) {
    for (const [k, e] of verified) if (e.expiresAt <= now) verified.delete(k);
    // Still full of live entries: start over rather than grow; the next requests re-check.
    if (verified.size >= MAX_ENTRIES) verified.clear();
  }
  verified.set(key, { db, name: token.name, scope: token.scope, expiresAt: now + TOKEN_CACHE_MS });
}

/** Drops every cached entry of the token named `name` (on any database: names are few, and a spare re-check is harmless). */
export function forgetVerifiedToken(name: string): void {
  revocations += 1;
  for (const [k, e] of verified) if (e.name === name) verified.delete(k);
}
