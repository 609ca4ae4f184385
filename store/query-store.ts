import type Database from 'better-sqlite3';
import { MANIFEST_VERSION, type Manifest } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import { LruCache } from './manifest-cache.js';
import type { BuildRow, ImageRow, JobRow, StackRow, StoredManifest } from './store-rows.js';

export type { BuildRow, ImageRow, JobRow, StackRow, StoredManifest };

/** A parsed manifest and the length of the JSON text it came from (what its cache entry weighs). */
interface ParsedManifest {
  manifest: Manifest;
  bytes: number;
}

/** Parsed manifests per open database, by table and id. Callers must not modify what they get. */
const parsed = new WeakMap<Database.Database, LruCache<string, ParsedManifest>>();

/**
 * The JSON text behind the parsed manifests a database keeps, in bytes. Parsed objects take a few
 * times their text, so this holds the server's cache to a few hundred MB whatever the manifests'
 * sizes; a manifest larger than this is parsed per request instead of evicting all others.
 */
export const PARSED_MANIFEST_BYTES = 128 * 1024 * 1024;

/**
 * A stored manifest, parsed once. Only manifests of the version this code reads are returned:
 * there is one version so far, so another is refused (a migration would go here), naming the row.
 * @throws UserError MANIFEST_VERSION naming the image or stack id.
 */
function readManifest(db: Database.Database, table: 'images' | 'stacks', id: number): Manifest | undefined {
  let cache = parsed.get(db);
  if (!cache) parsed.set(db, (cache = new LruCache(PARSED_MANIFEST_BYTES, (p) => p.bytes)));
  return cache.get(`${table}/${id}`, (): ParsedManifest | undefined => {
    const row = db
      .prepare(`SELECT manifest, manifest_version AS version FROM ${table} WHERE id = ?`)
      .get(id) as { manifest: string; version: number } | undefined;
    if (!row) return undefined;
    if (row.version !== MANIFEST_VERSION) {
      const what = table === 'images' ? 'image' : 'stack';
      throw new UserError(
        'MANIFEST_VERSION',
        `${what} ${id} is stored with manifest version ${row.version}, this tcbscope reads version ${MANIFEST_VERSION}`,
        { at: `${table}.manifest_version` },
      );
    }
    // Stored manifests are JSON.stringify output: ASCII apart from names, so length ≈ bytes.
    return { manifest: JSON.parse(row.manifest) as Manifest, bytes: row.manifest.length };
  })?.manifest;
}

const IMAGE_COLUMNS = `id, build_id AS buildId, target, name, arch, format, file_size AS fileSize,
  memory_size AS memorySize, code_size AS codeSize, sha256`;

/** Every job with its newest `limit` builds (newest first), jobs by name. */
export function listJobs(db: Database.Database, limit: number): JobRow[] {
  const jobs = db
    .prepare(
      'SELECT j.id, j.name, (SELECT count(*) FROM builds b WHERE b.job_id = j.id) AS buildCount FROM jobs j ORDER BY j.name',
    )
    .all() as { id: number; name: string; buildCount: number }[];
  return jobs.map((job) => ({
    name: job.name,
    buildCount: job.buildCount,
    builds: listBuilds(db, job.id, job.name, limit),
  }));
}

/** One job with its newest `limit` builds, or undefined when no job has that name. */
export function getJob(db: Database.Database, name: string, limit: number): JobRow | undefined {
  const job = db
    .prepare(
      'SELECT j.id, j.name, (SELECT count(*) FROM builds b WHERE b.job_id = j.id) AS buildCount FROM jobs j WHERE j.name = ?',
    )
    .get(name) as { id: number; name: string; buildCount: number } | undefined;
  return (
    job && { name: job.name, buildCount: job.buildCount, builds: listBuilds(db, job.id, job.name, limit) }
  );
}

function listBuilds(db: Database.Database, jobId: number, job: string, limit: number): BuildRow[] {
  const builds = db
    .prepare(
      'SELECT id, label, ingested_at AS ingestedAt FROM builds WHERE job_id = ? ORDER BY id DESC LIMIT ?',
    )
    .all(jobId, limit) as { id: number; label: string | null; ingestedAt: string }[];
  const images = db.prepare(`SELECT ${IMAGE_COLUMNS} FROM images WHERE build_id = ? ORDER BY target`);
  return builds.map((b) => ({ ...b, job, images: images.all(b.id) as ImageRow[] }));
}

/** One build with its images, or undefined. */
export function getBuild(db: Database.Database, id: number): BuildRow | undefined {
  const build = db
    .prepare(
      'SELECT b.id, j.name AS job, b.label, b.ingested_at AS ingestedAt FROM builds b JOIN jobs j ON j.id = b.job_id WHERE b.id = ?',
    )
    .get(id) as Omit<BuildRow, 'images'> | undefined;
  if (!build) return undefined;
  const images = db
    .prepare(`SELECT ${IMAGE_COLUMNS} FROM images WHERE build_id = ? ORDER BY target`)
    .all(id) as ImageRow[];
  return { ...build, images };
}

/** The manifests of a build's images, by target. */
export function getBuildManifests(db: Database.Database, id: number): StoredManifest[] {
  const rows = db.prepare('SELECT id FROM images WHERE build_id = ? ORDER BY target').all(id) as {
    id: number;
  }[];
  return rows.map((r) => ({ id: r.id, manifest: readManifest(db, 'images', r.id) as Manifest }));
}

/** One image's row with its job, or undefined. */
export function getImage(db: Database.Database, id: number): (ImageRow & { job: string }) | undefined {
  return db
    .prepare(
      `SELECT i.id, i.build_id AS buildId, i.target, i.name, i.arch, i.format, i.file_size AS fileSize,
         i.memory_size AS memorySize, i.code_size AS codeSize, i.sha256, j.name AS job
       FROM images i JOIN builds b ON b.id = i.build_id JOIN jobs j ON j.id = b.job_id WHERE i.id = ?`,
    )
    .get(id) as (ImageRow & { job: string }) | undefined;
}

/** One image's manifest, or undefined; parsed once and kept (see {@link LruCache}), so do not modify it. */
export function getImageManifest(db: Database.Database, id: number): Manifest | undefined {
  return readManifest(db, 'images', id);
}

/** Images whose file sha256 starts with `prefix` (lower-case hex), newest first. */
export function findImagesBySha256(db: Database.Database, prefix: string): (ImageRow & { job: string })[] {
  return db
    .prepare(
      `SELECT i.id, i.build_id AS buildId, i.target, i.name, i.arch, i.format, i.file_size AS fileSize,
         i.memory_size AS memorySize, i.code_size AS codeSize, i.sha256, j.name AS job
       FROM images i JOIN builds b ON b.id = i.build_id JOIN jobs j ON j.id = b.job_id
       WHERE substr(i.sha256, 1, ?) = ? ORDER BY i.id DESC LIMIT 100`,
    )
    .all(prefix.length, prefix) as (ImageRow & { job: string })[];
}

/** Every stored stack, by name. */
export function listStacks(db: Database.Database): StackRow[] {
  return db.prepare('SELECT id, name, target FROM stacks ORDER BY name, id').all() as StackRow[];
}

/** One stack's manifest, or undefined. */
export function getStackManifest(db: Database.Database, id: number): Manifest | undefined {
  return readManifest(db, 'stacks', id);
}
