/**
 * `tcbscope token` through main(io): a token is printed once, the database keeps only a salt and
 * an scrypt hash (checked by recomputing node:crypto's scrypt over the printed secret), tokens are
 * listed by name without secrets, and revoked by name.
 */
import { scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { withRawDb } from '../support/solo5-build.js';

const dir = mkdtempSync(join(tmpdir(), 'tcbscope-token-'));
const db = join(dir, 'tcbscope.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tcbscope token', () => {
  it('create prints a token once and stores only its salted scrypt hash', async () => {
    const r = await runCli(['token', 'create', 'ci-runner', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const token = r.stdout.trim();
    const [, keyId, secret] = /^tcbs_([0-9a-f]{16})_(.+)$/.exec(token) ?? [];
    expect(secret).toBeDefined();
    const row = withRawDb(db, (raw) => raw.prepare('SELECT * FROM tokens').get()) as Record<string, string>;
    expect(row.key_id).toBe(keyId);
    expect(Object.values(row).join('\n')).not.toContain(secret);
    expect(scryptSync(secret as string, Buffer.from(row.salt as string, 'hex'), 32).toString('hex')).toBe(
      row.hash,
    );
    const again = await runCli(['token', 'create', 'ci-runner', '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('[TOKEN_EXISTS]');
  });

  it('list names tokens and scopes without secrets; revoke removes one by name', async () => {
    expect((await runCli(['token', 'create', 'viewer', '--read-only', '--db', db])).code).toBe(0);
    const list = await runCli(['token', 'list', '--db', db, '--json']);
    const doc = JSON.parse(list.stdout) as { tokens: { name: string; scope: string }[] };
    expect(doc.tokens.map((t) => [t.name, t.scope])).toEqual([
      ['ci-runner', 'write'],
      ['viewer', 'read'],
    ]);
    expect(list.stdout).not.toContain('tcbs_');
    expect((await runCli(['token', 'revoke', 'viewer', '--db', db])).code).toBe(0);
    const names = withRawDb(db, (raw) => raw.prepare('SELECT name FROM tokens').all());
    expect(names).toEqual([{ name: 'ci-runner' }]);
    const missing = await runCli(['token', 'revoke', 'viewer', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[TOKEN_NOT_FOUND]');
  });

  it.each([[['token']], [['token', 'create']], [['token', 'create', 'a b']], [['token', 'list', 'x']]])(
    'refuses %j with one usage line',
    async (args) => {
      const r = await runCli([...args, '--db', db]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    },
  );
});
