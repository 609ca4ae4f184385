import { Router } from 'express';
import { diffManifests } from '../../analyzer/diff-manifests.js';
import { getImage, getImageManifest } from '../../store/query-store.js';
import type { CompareResponse } from './api-types.js';
import { HttpError, notFound, parseId } from './http-error.js';
import type { StoreDb } from '../../store/open-store.js';

/** `/api/compare?base=ID&head=ID`: the diff of two images (two targets of a build, or two builds). */
export function createCompareRouter(db: StoreDb): Router {
  const router = Router();
  router.get('/api/compare', (req, res) => {
    for (const side of ['base', 'head'] as const) {
      if (typeof req.query[side] !== 'string')
        throw new HttpError(400, 'BAD_QUERY', `compare needs ?base=IMAGE&head=IMAGE; ${side} is missing`);
    }
    const baseId = parseId(req.query.base, 'image');
    const headId = parseId(req.query.head, 'image');
    const base = getImage(db, baseId);
    const head = getImage(db, headId);
    const baseManifest = getImageManifest(db, baseId);
    const headManifest = getImageManifest(db, headId);
    if (!base || !baseManifest) throw notFound(`image ${baseId}`);
    if (!head || !headManifest) throw notFound(`image ${headId}`);
    const body: CompareResponse = { base, head, diff: diffManifests(baseManifest, headManifest) };
    res.json(body);
  });
  return router;
}
