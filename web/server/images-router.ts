import { Router } from 'express';
import { compareManifests } from '../../analyzer/compare.js';
import { summarizeTarget } from '../../analyzer/summarize-build.js';
import { summarizeImage } from '../../analyzer/summarize-image.js';
import { getBuild, getImage, getImageManifest, getStackManifest } from '../../store/query-store.js';
import type { ImageResponse, StackComparisonResponse } from './api-types.js';
import { notFound, parseId } from './http-error.js';
import type { StoreDb } from '../../store/open-store.js';

/** `/api/images/:id`: one image's figures, its manifest, and its comparison with a stack. */
export function createImagesRouter(db: StoreDb): Router {
  const router = Router();
  router.get('/api/images/:id', (req, res) => {
    const id = parseId(req.params.id, 'image');
    const image = getImage(db, id);
    const manifest = getImageManifest(db, id);
    if (!image || !manifest) throw notFound(`image ${id}`);
    const siblings = (getBuild(db, image.buildId)?.images ?? []).filter((i) => i.id !== id).map((i) => ({ imageId: i.id, target: i.target }));
    const body: ImageResponse = { image, figures: summarizeTarget(manifest), summary: summarizeImage(manifest), siblings };
    res.json(body);
  });
  router.get('/api/images/:id/manifest', (req, res) => {
    const id = parseId(req.params.id, 'image');
    const manifest = getImageManifest(db, id);
    if (!manifest) throw notFound(`image ${id}`);
    res.json(manifest);
  });
  router.get('/api/images/:id/stack/:stackId', (req, res) => {
    const id = parseId(req.params.id, 'image');
    const stackId = parseId(req.params.stackId, 'stack');
    const manifest = getImageManifest(db, id);
    if (!manifest) throw notFound(`image ${id}`);
    const stack = getStackManifest(db, stackId);
    if (!stack) throw notFound(`stack ${stackId}`);
    const body: StackComparisonResponse = { comparison: compareManifests(manifest, stack) };
    res.json(body);
  });
  return router;
}
