import type { StoreDb } from './store-db.js';
import type { BuildRow, ImageRow } from './store-rows.js';

/**
 * What the jobs overview draws, and nothing more: each job's newest build with its images, and per
 * target the file sizes of its recent builds as bare numbers. The older form sent every image row
 * of the 30 newest builds of every job (hundreds of KB for 100 jobs); the page only ever read the
 * newest build's rows and the sizes behind each sparkline.
 */
export interface JobOverview {
  name: string;
  /** Builds of the job in the database. */
  buildCount: number;
  /** The newest build with every target's image. */
  latest: BuildRow;
  /** Per target (by name): file sizes over the job's newest builds, oldest first. */
  trend: TrendLine[];
}

/** One target's file sizes over a job's recent builds, oldest first, one number per build that has the target. */
export interface TrendLine {
  target: string;
  fileSizes: number[];
}

const IMAGE_COLUMNS = `i.id, i.build_id AS "buildId", i.target, i.name, i.arch, i.format, i.file_size AS "fileSize",
  i.memory_size AS "memorySize", i.code_size AS "codeSize", i.sha256`;

/** Builds numbered newest first within their job (n = 1 is the newest): "the newest N of every job" in one query. */
const RANKED_BUILDS = `WITH ranked AS (
  SELECT b.id, b.job_id, b.label, b.ingested_at, ROW_NUMBER() OVER (PARTITION BY b.job_id ORDER BY b.id DESC) AS n
  FROM builds b)`;

/**
 * The overview of every job that has a build, jobs by name, in three queries whatever the number
 * of jobs: the jobs with their newest build, that build's images, and the trend's sizes.
 */
export async function computeJobsOverview(db: StoreDb, trendBuilds: number): Promise<JobOverview[]> {
  const jobs = await db.all<{
    jobId: number;
    name: string;
    buildCount: number;
    id: number;
    label: string | null;
    ingestedAt: string;
  }>(
    `${RANKED_BUILDS}, counted AS (SELECT job_id, count(*) AS n FROM builds GROUP BY job_id)
     SELECT j.id AS "jobId", j.name, c.n AS "buildCount", r.id, r.label, r.ingested_at AS "ingestedAt"
     FROM jobs j JOIN ranked r ON r.job_id = j.id AND r.n = 1 JOIN counted c ON c.job_id = j.id
     ORDER BY j.name`,
  );
  const images = await db.all<ImageRow>(
    `${RANKED_BUILDS} SELECT ${IMAGE_COLUMNS} FROM images i JOIN ranked r ON r.id = i.build_id
     WHERE r.n = 1 ORDER BY i.build_id, i.target`,
  );
  const sizes = await db.all<{ jobId: number; target: string; fileSize: number }>(
    `${RANKED_BUILDS} SELECT r.job_id AS "jobId", i.target, i.file_size AS "fileSize"
     FROM images i JOIN ranked r ON r.id = i.build_id
     WHERE r.n <= ? ORDER BY r.job_id, i.target, r.id`,
    [trendBuilds],
  );
  const imagesByBuild = groupBy(images, (image) => image.buildId);
  const linesByJob = new Map<number, TrendLine[]>();
  for (const { jobId, target, fileSize } of sizes) {
    const lines = linesByJob.get(jobId) ?? [];
    let line = lines[lines.length - 1];
    if (line?.target !== target) lines.push((line = { target, fileSizes: [] }));
    line.fileSizes.push(Number(fileSize));
    linesByJob.set(jobId, lines);
  }
  return jobs.map((job) => ({
    name: job.name,
    buildCount: Number(job.buildCount),
    latest: {
      id: job.id,
      label: job.label,
      ingestedAt: job.ingestedAt,
      job: job.name,
      images: imagesByBuild.get(job.id) ?? [],
    },
    trend: linesByJob.get(job.jobId) ?? [],
  }));
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const list = groups.get(key(item)) ?? [];
    list.push(item);
    groups.set(key(item), list);
  }
  return groups;
}

/** A computed overview and the state of `builds` it was computed from. */
interface CachedOverview {
  stamp: string;
  overview: Promise<JobOverview[]>;
}

/** The overview per open database; dropped with the database handle. */
const cached = new WeakMap<StoreDb, CachedOverview>();

/**
 * The jobs overview, computed once per change of the stored builds. Builds are only ever added
 * (never edited or deleted one by one), so the newest build id and the number of builds tell
 * whether anything changed — also when another process (`tcbscope ingest`, a second server)
 * wrote: that check is one indexed query instead of three scans. Concurrent requests share one
 * computation; a failed one is not kept.
 */
export async function getJobsOverview(db: StoreDb, trendBuilds: number): Promise<JobOverview[]> {
  const row = await db.get<{ last: number | null; n: number }>(
    'SELECT max(id) AS last, count(*) AS n FROM builds',
  );
  const stamp = `${row?.last ?? 0}/${row?.n ?? 0}/${trendBuilds}`;
  const hit = cached.get(db);
  if (hit?.stamp === stamp) return hit.overview;
  const overview = computeJobsOverview(db, trendBuilds);
  const entry = { stamp, overview };
  cached.set(db, entry);
  overview.catch(() => {
    if (cached.get(db) === entry) cached.delete(db);
  });
  return overview;
}

/** Drops the cached overview: called after this process ingests a build, so the next request recomputes. */
export function forgetJobsOverview(db: StoreDb): void {
  cached.delete(db);
}
