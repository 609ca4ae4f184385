import { Router } from 'express';
import { findImagesBySha256 } from '../../store/query-store.js';
import type { SearchResponse } from './api-types.js';
import { HttpError } from './http-error.js';
import type { StoreDb } from '../../store/store-db.js';

/** `/api/search?sha256=PREFIX`: which stored images have this file hash (a reviewer holding an image). */
export function createSearchRouter(db: StoreDb): Router {
  const router = Router();
  router.get('/api/search', async (req, res) => {
    const text = typeof req.query.sha256 === 'string' ? req.query.sha256.trim().toLowerCase() : '';
    if (!/^[0-9a-f]{4,64}$/.test(text)) {
      throw new HttpError(400, 'BAD_QUERY', 'sha256 must be 4 to 64 hexadecimal digits');
    }
    const body: SearchResponse = { images: await findImagesBySha256(db, text) };
    res.json(body);
  });
  return router;
}
