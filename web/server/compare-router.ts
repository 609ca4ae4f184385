import { Router } from 'express';
import { diffManifests } from '../../analyzer/diff-manifests.js';
import { getImage, getImageManifest } from '../../store/query-store.js';
import type { CompareResponse } from './api-types.js';
import { HttpError, notFound, parseId } from './http-error.js';
import type { StoreDb } from '../../store/store-db.js';
import { LruCache } from '../../store/manifest-cache.js';

/** JSON text of compare answers the server keeps, in bytes. */
export const COMPARE_CACHE_BYTES = 32 * 1024 * 1024;

/** `/api/compare?base=ID&head=ID`: the diff of two images (two targets of a build, or two builds). */
export function createCompareRouter(db: StoreDb): Router {
  const router = Router();
  // Stored images never change, so a compare of two ids is the same answer until the server stops:
  // keep the JSON text of recent answers, bounded in bytes (a diff of two large images is MBs).
  const answers = new LruCache<string, string>(COMPARE_CACHE_BYTES, (text) => text.length);
  router.get('/api/compare', async (req, res) => {
    for (const side of ['base', 'head'] as const) {
      if (typeof req.query[side] !== 'string')
        throw new HttpError(400, 'BAD_QUERY', `compare needs ?base=IMAGE&head=IMAGE; ${side} is missing`);
    }
    const baseId = parseId(req.query.base, 'image');
    const headId = parseId(req.query.head, 'image');
    const text = (await answers.getAsync(`${baseId}/${headId}`, async () => {
      const base = await getImage(db, baseId);
      const head = await getImage(db, headId);
      const baseManifest = await getImageManifest(db, baseId);
      const headManifest = await getImageManifest(db, headId);
      if (!base || !baseManifest) throw notFound(`image ${baseId}`);
      if (!head || !headManifest) throw notFound(`image ${headId}`);
      const body: CompareResponse = { base, head, diff: diffManifests(baseManifest, headManifest) };
      return JSON.stringify(body);
    })) as string;
    res.type('json').send(text);
  });
  return router;
}
