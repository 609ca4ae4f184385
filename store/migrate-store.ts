import type Database from 'better-sqlite3';
import { writeTransaction } from './write-retry.js';

/**
 * The schema, one numbered step per entry: entry i takes a database from `user_version` i to
 * i + 1. Steps are only ever appended, never edited, so that a database written by an older
 * tcbscope is brought forward instead of being rebuilt.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
  );
  -- One run of a unikernel's build: every target it produced. key = sha256 over the job name and
  -- the sorted manifest hashes, so ingesting the same manifests twice finds the same build.
  CREATE TABLE builds (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs(id),
    key TEXT NOT NULL UNIQUE,
    label TEXT,
    ingested_at TEXT NOT NULL
  );
  CREATE INDEX builds_job ON builds(job_id, id);
  -- One target's manifest. The manifest is kept whole (the web report reads only manifests); the
  -- columns beside it are the figures the overview pages list without parsing it.
  CREATE TABLE images (
    id INTEGER PRIMARY KEY,
    build_id INTEGER NOT NULL REFERENCES builds(id),
    target TEXT NOT NULL,
    name TEXT NOT NULL,
    arch TEXT NOT NULL,
    format TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    memory_size INTEGER NOT NULL,
    code_size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    manifest TEXT NOT NULL,
    UNIQUE (build_id, target)
  );
  CREATE INDEX images_sha256 ON images(sha256);
  CREATE INDEX images_manifest_sha256 ON images(manifest_sha256);
  -- The attribution's packages of each image, for "which images contain package X" queries.
  CREATE TABLE image_packages (
    image_id INTEGER NOT NULL REFERENCES images(id),
    name TEXT NOT NULL,
    version TEXT,
    file_size INTEGER NOT NULL,
    mem_size INTEGER NOT NULL,
    code_size INTEGER NOT NULL,
    PRIMARY KEY (image_id, name)
  );
  CREATE TABLE stacks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    target TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL UNIQUE,
    manifest TEXT NOT NULL,
    ingested_at TEXT NOT NULL
  );
  `,
  // 2: the manifest version each stored manifest follows (its `version` field), so that a reader
  // refuses or migrates a manifest of another version by its row, before parsing it. Every row
  // written before this step is version 1: the only manifest version there was.
  `
  ALTER TABLE images ADD COLUMN manifest_version INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE stacks ADD COLUMN manifest_version INTEGER NOT NULL DEFAULT 1;
  `,
  // 3: upload tokens. Only a salted scrypt hash of each secret is kept; key_id is a public part of
  // the token that finds its row without hashing against every stored token.
  `
  CREATE TABLE tokens (
    name TEXT PRIMARY KEY,
    key_id TEXT NOT NULL UNIQUE,
    salt TEXT NOT NULL,
    hash TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('write', 'read')),
    created_at TEXT NOT NULL
  );
  `,
];

/** What `PRAGMA user_version` holds once every migration has run. */
export const STORE_VERSION = MIGRATIONS.length;

/**
 * Runs the migrations a database still lacks, each in its own write transaction with the version
 * bump, so a crash leaves the database at a whole step. The version is read again inside each
 * transaction, which holds the write lock from its start: when several processes open a new
 * database at once, one runs a step and the others find it done. Returns the version it found.
 */
export function migrateStore(db: Database.Database, shown: string = db.name): number {
  const found = db.pragma('user_version', { simple: true }) as number;
  for (;;) {
    const done = writeTransaction(
      db,
      () => {
        const version = db.pragma('user_version', { simple: true }) as number;
        if (version >= MIGRATIONS.length) return true;
        db.exec(MIGRATIONS[version] as string);
        db.pragma(`user_version = ${version + 1}`);
        return false;
      },
      shown,
    );
    if (done) return found;
  }
}
