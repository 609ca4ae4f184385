import { Router } from 'express';
import { getJobsOverview } from '../../store/jobs-overview.js';
import { getJob, type BuildRow } from '../../store/query-store.js';
import type { JobResponse, JobsResponse, TargetTrend } from './api-types.js';
import { notFound } from './http-error.js';
import type { StoreDb } from '../../store/store-db.js';

/** Builds the overview shows per job for its sparkline. */
const TREND_BUILDS = 30;
/** Builds the history page shows. */
const HISTORY_BUILDS = 500;

/** `/api/jobs`: the overview, and one job's history. */
export function createJobsRouter(db: StoreDb): Router {
  const router = Router();
  router.get('/api/jobs', async (_req, res) => {
    const body: JobsResponse = { jobs: await getJobsOverview(db, TREND_BUILDS) };
    res.json(body);
  });
  router.get('/api/jobs/:name', async (req, res) => {
    const job = await getJob(db, req.params.name, HISTORY_BUILDS);
    if (!job) throw notFound(`job ${JSON.stringify(req.params.name)}`);
    const body: JobResponse = { job, trend: computeTrend(job.builds) };
    res.json(body);
  });
  return router;
}

/** File size per target over builds given newest first; the series come out oldest first, by target. */
export function computeTrend(builds: readonly BuildRow[]): TargetTrend[] {
  const series = new Map<string, TargetTrend['points']>();
  for (const build of [...builds].reverse()) {
    for (const image of build.images) {
      const points = series.get(image.target) ?? [];
      points.push({ buildId: build.id, fileSize: image.fileSize });
      series.set(image.target, points);
    }
  }
  return [...series.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([target, points]) => ({ target, points }));
}
