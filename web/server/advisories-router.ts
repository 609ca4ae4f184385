import { Router } from 'express';
import {
  describeImageAdvisories,
  type GivenAdvisories,
} from '../../analyzer/advisories/describe-image-advisories.js';
import { getImageManifest } from '../../store/query-store.js';
import type { AdvisoriesResponse } from './api-types.js';
import { notFound, parseId } from './http-error.js';
import type { StoreDb } from '../../store/store-db.js';

/** `/api/images/:id/advisories`: the advisories `serve --advisories DIR` read at start, matched against the image. */
export function createAdvisoriesRouter(db: StoreDb, given: GivenAdvisories | undefined): Router {
  const router = Router();
  router.get('/api/images/:id/advisories', async (req, res) => {
    const id = parseId(req.params.id, 'image');
    const manifest = await getImageManifest(db, id);
    if (!manifest) throw notFound(`image ${id}`);
    const body: AdvisoriesResponse = describeImageAdvisories(manifest, given);
    res.json(body);
  });
  return router;
}
