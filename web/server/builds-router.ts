import { Router } from 'express';
import { summarizeTarget } from '../../analyzer/summarize-build.js';
import { getBuild, getBuildManifests } from '../../store/query-store.js';
import type { BuildResponse } from './api-types.js';
import { notFound, parseId } from './http-error.js';
import type { StoreDb } from '../../store/store-db.js';

/** `/api/builds/:id`: a build's targets side by side, each summarised from its own manifest. */
export function createBuildsRouter(db: StoreDb): Router {
  const router = Router();
  router.get('/api/builds/:id', async (req, res) => {
    const id = parseId(req.params.id, 'build');
    const build = await getBuild(db, id);
    if (!build) throw notFound(`build ${id}`);
    const body: BuildResponse = {
      build,
      // The store returns the images ordered by target, the order the page shows.
      targets: (await getBuildManifests(db, id)).map((m) => ({
        imageId: m.id,
        ...summarizeTarget(m.manifest),
        diagnostics: m.manifest.diagnostics,
      })),
    };
    res.json(body);
  });
  return router;
}
