/**
 * openStore: what a new database looks like from outside (read back with our own better-sqlite3
 * connection, not through the store), that reopening changes nothing, and that files which are not
 * a tcbscope database of a known version are refused untouched.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../analyzer/model/user-error.js';
import { withRawDb } from '../test/support/solo5-build.js';
import { MIGRATIONS, migrateStore, STORE_VERSION } from './migrate-store.js';
import { openStore, STORE_APPLICATION_ID } from './open-store.js';

/** "tcbs" in ASCII, written out here rather than taken from the module under test. */
const TCBS = 0x74636273;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcbscope-open-store-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let serial = 0;
function freshPath(name: string): string {
  return join(dir, `${++serial}-${name}`);
}

/** The schema as SQLite itself records it, to compare before and after. */
function schemaOf(file: string): { type: string; name: string; sql: string | null }[] {
  return withRawDb(
    file,
    (db) =>
      db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY type, name').all() as {
        type: string;
        name: string;
        sql: string | null;
      }[],
  );
}

function pragmas(file: string): { userVersion: number; applicationId: number; journalMode: string } {
  return withRawDb(file, (db) => ({
    userVersion: db.pragma('user_version', { simple: true }) as number,
    applicationId: db.pragma('application_id', { simple: true }) as number,
    journalMode: db.pragma('journal_mode', { simple: true }) as string,
  }));
}

function openError(file: string, shown?: string): UserError {
  try {
    openStore(file, shown).close();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`openStore accepted ${file}`);
}

describe('a new database', () => {
  it("gets the latest schema version, tcbscope's application_id and WAL, in a folder it creates", () => {
    const file = join(freshPath('nested'), 'deeper', 'tcbscope.db');
    openStore(file).close();
    expect(existsSync(file)).toBe(true);
    expect(STORE_VERSION).toBe(MIGRATIONS.length);
    expect(STORE_APPLICATION_ID).toBe(TCBS);
    expect(pragmas(file)).toEqual({
      userVersion: MIGRATIONS.length,
      applicationId: TCBS,
      journalMode: 'wal',
    });
    const tables = schemaOf(file)
      .filter((r) => r.type === 'table')
      .map((r) => r.name);
    expect(tables.sort()).toEqual(['builds', 'image_packages', 'images', 'jobs', 'stacks', 'tokens']);
  });

  it('accepts an empty file (e.g. made by `touch`) as a new database', () => {
    const file = freshPath('touched.db');
    writeFileSync(file, '');
    openStore(file).close();
    expect(pragmas(file)).toEqual({
      userVersion: MIGRATIONS.length,
      applicationId: TCBS,
      journalMode: 'wal',
    });
  });

  it('turns on foreign keys on the connection it returns', () => {
    const db = openStore(freshPath('fk.db'));
    try {
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      // A build of a job that does not exist must be refused, not stored dangling.
      expect(() =>
        db.prepare("INSERT INTO builds (job_id, key, ingested_at) VALUES (42, 'k', 't')").run(),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
    }
  });
});

describe('reopening', () => {
  it('is a no-op: same schema, same version, rows kept, no migration run', () => {
    const file = freshPath('reopen.db');
    const first = openStore(file);
    first.prepare('INSERT INTO jobs (name) VALUES (?)').run('kept');
    first.close();
    const before = { schema: schemaOf(file), pragmas: pragmas(file) };

    const again = openStore(file);
    try {
      // migrateStore reports the version it found: already the latest, so nothing to run.
      expect(migrateStore(again)).toBe(MIGRATIONS.length);
      expect(again.prepare('SELECT name FROM jobs').all()).toEqual([{ name: 'kept' }]);
    } finally {
      again.close();
    }
    expect({ schema: schemaOf(file), pragmas: pragmas(file) }).toEqual(before);
  });
});

/** Ways a path can hold something that is not ours to migrate; each must be refused and left as it was. */
const refusals: { what: string; make: (file: string) => void; code: string; detail: RegExp }[] = [
  {
    what: 'a text file',
    make: (file) =>
      writeFileSync(
        file,
        'hvt 19064\nxen 19184\nthis is not a database, just notes kept next to it\n'.repeat(20),
      ),
    code: 'STORE_FOREIGN',
    detail: /SQLite cannot read it/,
  },
  {
    what: "another program's SQLite database (its own application_id)",
    make: (file) => {
      const db = new Database(file);
      db.pragma('application_id = 0x47504b47'); // GeoPackage's "GPKG"
      db.exec('CREATE TABLE points (x REAL, y REAL); INSERT INTO points VALUES (1, 2);');
      db.close();
    },
    code: 'STORE_FOREIGN',
    detail: /application_id is 0x47504b47 with 1 table\(s\)/,
  },
  {
    what: 'a plain SQLite database without an application_id but with tables',
    make: (file) => {
      const db = new Database(file);
      db.exec('CREATE TABLE notes (body TEXT);');
      db.close();
    },
    code: 'STORE_FOREIGN',
    detail: /application_id is 0x0 with 1 table\(s\)/,
  },
  {
    what: 'a tcbscope database of a newer schema',
    make: (file) => {
      const db = new Database(file);
      db.pragma(`application_id = ${TCBS}`);
      db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
      db.exec('CREATE TABLE from_the_future (x);');
      db.close();
    },
    code: 'STORE_NEWER',
    detail: new RegExp(
      `schema version ${MIGRATIONS.length + 1}, this tcbscope knows up to ${MIGRATIONS.length}`,
    ),
  },
];

describe.each(refusals)('refuses $what', ({ make, code, detail }) => {
  it(`with ${code}, naming the file as the user wrote it, and leaves the file as it was`, () => {
    const file = freshPath('refused.db');
    make(file);
    const bytes = readFileSync(file);
    const error = openError(file, 'reports/refused.db');
    expect(error.code).toBe(code);
    expect(error.location.file).toBe('reports/refused.db');
    expect(error.message.startsWith('reports/refused.db: ')).toBe(true);
    expect(error.message).toMatch(detail);
    expect(error.message).toContain(`[${code}]`);
    // Not migrated, not switched to WAL: same bytes, no -wal/-shm files beside it.
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
  });
});

it('names the path itself when no shown name is given (a text file shorter than a SQLite header)', () => {
  const file = freshPath('notes.txt');
  writeFileSync(file, 'hello\n');
  const error = openError(file);
  expect(error.code).toBe('STORE_FOREIGN');
  expect(error.message).toContain(file);
  expect(readFileSync(file, 'utf8')).toBe('hello\n');
});
