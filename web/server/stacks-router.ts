import { Router } from 'express';
import { listStacks } from '../../store/query-store.js';
import type { StacksResponse } from './api-types.js';
import type { StoreDb } from '../../store/store-db.js';

/** `/api/stacks`: the conventional stacks an image can be compared with. */
export function createStacksRouter(db: StoreDb): Router {
  const router = Router();
  router.get('/api/stacks', async (_req, res) => {
    const body: StacksResponse = { stacks: await listStacks(db) };
    res.json(body);
  });
  return router;
}
