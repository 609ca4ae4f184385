import { MANIFEST_VERSION, type Manifest } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import { LruCache } from './manifest-cache.js';
import type { StoreDb } from './store-db.js';
import type { BuildRow, ImageRow, JobRow, StackRow, StoredManifest } from './store-rows.js';

export type { BuildRow, ImageRow, JobRow, StackRow, StoredManifest };

/** A parsed manifest and the length of the JSON text it came from (what its cache entry weighs). */
interface ParsedManifest {
  manifest: Manifest;
  bytes: number;
}

/** Parsed manifests per open database, by table and id. Callers must not modify what they get. */
const parsed = new WeakMap<StoreDb, LruCache<string, ParsedManifest>>();

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
async function readManifest(
  db: StoreDb,
  table: 'images' | 'stacks',
  id: number,
): Promise<Manifest | undefined> {
  let cache = parsed.get(db);
  if (!cache) parsed.set(db, (cache = new LruCache(PARSED_MANIFEST_BYTES, (p) => p.bytes)));
  const entry = await cache.getAsync(`${table}/${id}`, async (): Promise<ParsedManifest | undefined> => {
    const row = await db.get<{ manifest: string; version: number }>(
      `SELECT manifest, manifest_version AS version FROM ${table} WHERE id = ?`,
      [id],
    );
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
  });
  return entry?.manifest;
}

// Aliases in double quotes: PostgreSQL folds unquoted names to lower case, SQLite keeps them either way.
const IMAGE_COLUMNS = `i.id, i.build_id AS "buildId", i.target, i.name, i.arch, i.format, i.file_size AS "fileSize",
  i.memory_size AS "memorySize", i.code_size AS "codeSize", i.sha256`;

const JOB_QUERY =
  'SELECT j.id, j.name, (SELECT count(*) FROM builds b WHERE b.job_id = j.id) AS "buildCount" FROM jobs j';

/**
 * Builds numbered newest first within their job (n = 1 is the newest), so that "the newest N of
 * every job" is one query instead of one per job: on PostgreSQL each query is a round trip.
 */
const RANKED_BUILDS = `WITH ranked AS (
  SELECT b.id, b.job_id, b.label, b.ingested_at, ROW_NUMBER() OVER (PARTITION BY b.job_id ORDER BY b.id DESC) AS n
  FROM builds b WHERE b.job_id IN (SELECT id FROM jobs WHERE CAST(? AS BIGINT) IS NULL OR id = ?))`;

/** One job with its newest `limit` builds, or undefined when no job has that name. */
export async function getJob(db: StoreDb, name: string, limit: number): Promise<JobRow | undefined> {
  const job = await db.get<{ id: number; name: string; buildCount: number }>(
    `${JOB_QUERY} WHERE j.name = ?`,
    [name],
  );
  if (!job) return undefined;
  const builds = (await listNewestBuilds(db, job.id, limit)).get(job.id) ?? [];
  return { name: job.name, buildCount: job.buildCount, builds: withJob(builds, job.name) };
}

/** Build rows with their job's name, keys in the order the API has always sent them. */
function withJob(builds: Omit<BuildRow, 'job'>[], job: string): BuildRow[] {
  return builds.map((b) => ({ id: b.id, label: b.label, ingestedAt: b.ingestedAt, job, images: b.images }));
}

/** The newest `limit` builds of one job (or of every job) with their images, in two queries, by job id. */
async function listNewestBuilds(
  db: StoreDb,
  jobId: number | undefined,
  limit: number,
): Promise<Map<number, Omit<BuildRow, 'job'>[]>> {
  const only = [jobId ?? null, jobId ?? null];
  const builds = await db.all<{ id: number; jobId: number; label: string | null; ingestedAt: string }>(
    `${RANKED_BUILDS} SELECT id, job_id AS "jobId", label, ingested_at AS "ingestedAt" FROM ranked
     WHERE n <= ? ORDER BY job_id, id DESC`,
    [...only, limit],
  );
  const images = await db.all<ImageRow>(
    `${RANKED_BUILDS} SELECT ${IMAGE_COLUMNS} FROM images i JOIN ranked r ON r.id = i.build_id
     WHERE r.n <= ? ORDER BY i.build_id, i.target`,
    [...only, limit],
  );
  const imagesByBuild = new Map<number, ImageRow[]>();
  for (const image of images) {
    const list = imagesByBuild.get(image.buildId) ?? [];
    list.push(image);
    imagesByBuild.set(image.buildId, list);
  }
  const byJob = new Map<number, Omit<BuildRow, 'job'>[]>();
  for (const { jobId: job, ...build } of builds) {
    const list = byJob.get(job) ?? [];
    list.push({ ...build, images: imagesByBuild.get(build.id) ?? [] });
    byJob.set(job, list);
  }
  return byJob;
}

/** One build with its images, or undefined. */
export async function getBuild(db: StoreDb, id: number): Promise<BuildRow | undefined> {
  const build = await db.get<Omit<BuildRow, 'images'>>(
    'SELECT b.id, j.name AS job, b.label, b.ingested_at AS "ingestedAt" FROM builds b JOIN jobs j ON j.id = b.job_id WHERE b.id = ?',
    [id],
  );
  if (!build) return undefined;
  const images = await db.all<ImageRow>(
    `SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.build_id = ? ORDER BY i.target`,
    [id],
  );
  return { ...build, images };
}

/** The manifests of a build's images, by target. */
export async function getBuildManifests(db: StoreDb, id: number): Promise<StoredManifest[]> {
  const rows = await db.all<{ id: number }>('SELECT id FROM images WHERE build_id = ? ORDER BY target', [id]);
  return Promise.all(
    rows.map(async (r) => ({ id: r.id, manifest: (await readManifest(db, 'images', r.id)) as Manifest })),
  );
}

const IMAGE_WITH_JOB = `SELECT ${IMAGE_COLUMNS}, j.name AS job
  FROM images i JOIN builds b ON b.id = i.build_id JOIN jobs j ON j.id = b.job_id`;

/** One image's row with its job, or undefined. */
export function getImage(db: StoreDb, id: number): Promise<(ImageRow & { job: string }) | undefined> {
  return db.get<ImageRow & { job: string }>(`${IMAGE_WITH_JOB} WHERE i.id = ?`, [id]);
}

/** One image's manifest, or undefined; parsed once and kept (see {@link LruCache}), so do not modify it. */
export function getImageManifest(db: StoreDb, id: number): Promise<Manifest | undefined> {
  return readManifest(db, 'images', id);
}

/** Images whose file sha256 starts with `prefix` (lower-case hex), newest first. */
export function findImagesBySha256(db: StoreDb, prefix: string): Promise<(ImageRow & { job: string })[]> {
  return db.all<ImageRow & { job: string }>(
    `${IMAGE_WITH_JOB} WHERE substr(i.sha256, 1, ?) = ? ORDER BY i.id DESC LIMIT 100`,
    [prefix.length, prefix],
  );
}

/** Every stored stack, by name. */
export function listStacks(db: StoreDb): Promise<StackRow[]> {
  return db.all<StackRow>('SELECT id, name, target FROM stacks ORDER BY name, id');
}

/** One stack's manifest, or undefined. */
export function getStackManifest(db: StoreDb, id: number): Promise<Manifest | undefined> {
  return readManifest(db, 'stacks', id);
}
