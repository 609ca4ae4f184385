import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../analyzer/model/user-error.js';
import { isBusyError, retryWhileBusy } from './write-retry.js';

const dir = mkdtempSync(join(tmpdir(), 'tcbscope-retry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('retryWhileBusy', () => {
  it('tries again after busy errors and returns what the work returns', () => {
    let calls = 0;
    const result = retryWhileBusy(() => {
      if (++calls < 3) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      return 'done';
    }, 'x.db');
    expect([result, calls]).toEqual(['done', 3]);
  });

  it('passes any other error through at once', () => {
    let calls = 0;
    expect(() =>
      retryWhileBusy(() => {
        calls++;
        throw Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
      }, 'x.db'),
    ).toThrow('constraint');
    expect(calls).toBe(1);
  });

  it('ends in one STORE_BUSY UserError naming the database when another connection keeps the write lock', () => {
    const file = join(dir, 'locked.db');
    const holder = new Database(file);
    holder.pragma('journal_mode = WAL');
    holder.exec('CREATE TABLE t (x)');
    holder.exec('BEGIN IMMEDIATE');
    // A second connection with a short busy timeout, as another process would have.
    const writer = new Database(file, { timeout: 20 });
    const insert = writer.transaction(() => writer.prepare('INSERT INTO t VALUES (1)').run());
    let caught: unknown;
    try {
      retryWhileBusy(() => insert.immediate(), 'shared.db', 3);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).code).toBe('STORE_BUSY');
    expect((caught as UserError).message).toMatch(/^shared\.db: .*after 3 attempts/);
    holder.exec('ROLLBACK');
    expect(retryWhileBusy(() => insert.immediate(), 'shared.db', 3).changes).toBe(1);
    writer.close();
    holder.close();
  });

  it('knows SQLite busy and locked codes, extended ones included', () => {
    expect(
      ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED'].map((code) => isBusyError({ code })),
    ).toEqual([true, true, true]);
    expect(isBusyError({ code: 'SQLITE_IOERR' })).toBe(false);
    expect(isBusyError(undefined)).toBe(false);
  });
});
