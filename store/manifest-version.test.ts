/**
 * The store keeps each manifest's schema version beside it (migration 2) and refuses, on read, a
 * manifest of a version this tcbscope does not read. Rows are read and changed with our own SQLite
 * connection, independently of the store's code; expected versions come from the manifests' JSON.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../analyzer/model/user-error.js';
import { inspectSolo5, readStackFiles, withRawDb } from '../test/support/solo5-build.js';
import { ingestBuild, ingestStack } from './ingest-build.js';
import { MIGRATIONS } from './migrate-store.js';
import { openStore } from './open-store.js';
import { getBuildManifests, getImageManifest, getStackManifest } from './query-store.js';

const AT = '2024-05-01T12:00:00.000Z';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcbscope-manifest-version-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let serial = 0;
const freshPath = (): string => join(dir, `${++serial}.db`);

/** A database holding one build (the hvt fixture) and one committed stack; returns the ids. */
function fill(file: string): { buildId: number; imageId: number; stackId: number; stackVersion: unknown } {
  const db = openStore(file);
  try {
    const manifest = inspectSolo5('solo5-hvt');
    const build = ingestBuild(db, { job: 'j', images: [{ manifest, source: 'hvt.json' }], ingestedAt: AT });
    const stack = readStackFiles()[0] as ReturnType<typeof readStackFiles>[number];
    const { stackId } = ingestStack(db, stack.manifest, stack.file, AT);
    return {
      buildId: build.buildId,
      imageId: (build.images[0] as { id: number }).id,
      stackId,
      stackVersion: stack.manifest.version,
    };
  } finally {
    db.close();
  }
}

/** Runs `sql` on a writable connection of our own, as an older or newer tcbscope might have. */
function execRaw(file: string, sql: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('manifest_version', () => {
  it('is filled on ingest from each manifest’s own version field', () => {
    const file = freshPath();
    const { stackVersion } = fill(file);
    const rows = withRawDb(file, (db) => [
      ...(db.prepare('SELECT manifest, manifest_version AS v FROM images').all() as {
        manifest: string;
        v: number;
      }[]),
      ...(db.prepare('SELECT manifest, manifest_version AS v FROM stacks').all() as {
        manifest: string;
        v: number;
      }[]),
    ]);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.v).toBe((JSON.parse(row.manifest) as { version: unknown }).version);
    expect(stackVersion).toBe(1);
  });

  it.each([
    [
      'an image',
      'images',
      (db: Database.Database, ids: ReturnType<typeof fill>) => getImageManifest(db, ids.imageId),
      'image',
    ],
    [
      'a build’s image',
      'images',
      (db: Database.Database, ids: ReturnType<typeof fill>) => getBuildManifests(db, ids.buildId),
      'image',
    ],
    [
      'a stack',
      'stacks',
      (db: Database.Database, ids: ReturnType<typeof fill>) => getStackManifest(db, ids.stackId),
      'stack',
    ],
  ] as const)('refuses %s stored with another version, naming its id', (_what, table, read, noun) => {
    const file = freshPath();
    const ids = fill(file);
    const id = table === 'images' ? ids.imageId : ids.stackId;
    execRaw(file, `UPDATE ${table} SET manifest_version = 2 WHERE id = ${id}`);
    const db = openStore(file);
    try {
      const error = userError(() => read(db, ids));
      expect(error.code).toBe('MANIFEST_VERSION');
      expect(error.message).toContain(`${noun} ${id} is stored with manifest version 2`);
      expect(error.message).toContain(`(${table}.manifest_version)`);
    } finally {
      db.close();
    }
  });

  it('is added by migration 2 to a version-1 database, its rows marked version 1', () => {
    const file = freshPath();
    // A database as the first tcbscope left it: step 1 of the schema only, one stack row.
    const db = new Database(file);
    db.exec(MIGRATIONS[0] as string);
    db.pragma('user_version = 1');
    db.pragma(`application_id = ${0x74636273}`);
    db.prepare(
      "INSERT INTO stacks (name, target, manifest_sha256, manifest, ingested_at) VALUES ('s', 't', 'h', '{}', ?)",
    ).run(AT);
    db.close();
    openStore(file).close();
    const after = withRawDb(file, (raw) => ({
      version: raw.pragma('user_version', { simple: true }),
      rows: raw.prepare('SELECT name, manifest_version AS v FROM stacks').all(),
      imageColumns: (raw.prepare('PRAGMA table_info(images)').all() as { name: string }[]).map((c) => c.name),
    }));
    // Brought up to the latest step, through step 2.
    expect(after.version).toBe(MIGRATIONS.length);
    expect(after.rows).toEqual([{ name: 's', v: 1 }]);
    expect(after.imageColumns).toContain('manifest_version');
  });
});
