import { Router } from 'express';
import {
  buildAttributionTree,
  buildUnitSymbols,
  type AttributionNode,
} from '../../analyzer/build-attribution-tree.js';
import { compareManifests } from '../../analyzer/compare.js';
import { describeUnit } from '../../analyzer/describe-unit.js';
import { addGraphVersions, describeImageAudit } from '../../analyzer/describe-image-audit.js';
import { summarizeTarget } from '../../analyzer/summarize-build.js';
import { summarizeImage } from '../../analyzer/summarize-image.js';
import { LruCache } from '../../store/manifest-cache.js';
import { readImageManifestText } from '../../store/read-manifest-text.js';
import { getBuild, getImage, getImageManifest, getStackManifest } from '../../store/query-store.js';
import type {
  GraphResponse,
  ImageResponse,
  StackComparisonResponse,
  TreeResponse,
  UnitDetailResponse,
} from './api-types.js';
import { notFound, parseId } from './http-error.js';
import { parseKernelExtras } from './parse-kernel-extras.js';
import { SYMBOLS_PER_PANEL, SYMBOLS_PER_UNIT } from '../../analyzer/unit-symbol-limits.js';
import type { StoreDb } from '../../store/store-db.js';
import type { Manifest } from '../../analyzer/model/manifest.js';

/** A unit index from the path, or undefined (the caller answers 404). */
function readUnitIndex(text: string): number | undefined {
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** `/api/images/:id`: one image's figures, its attribution tree, its manifest, and its comparison with a stack. */
export function createImagesRouter(db: StoreDb): Router {
  const router = Router();
  // An image's tree depends only on its manifest, which never changes: compute it once.
  const trees = new LruCache<number, AttributionNode>(32);
  // So are the figures the image page opens with: summarising the manifest again on every request
  // held the endpoint to ~580 requests/s under 50 clients (bench/web-bench.mjs), a quarter of the
  // tree's. The image's row and its siblings are read each time; they are cheap queries.
  const facts = new LruCache<number, ImageFacts>(32);
  router.get('/api/images/:id', async (req, res) => {
    const id = parseId(req.params.id, 'image');
    const image = await getImage(db, id);
    const known = await facts.getAsync(id, async () => {
      const manifest = await getImageManifest(db, id);
      return manifest && describeImageFacts(manifest);
    });
    if (!image || !known) throw notFound(`image ${id}`);
    const siblings = ((await getBuild(db, image.buildId))?.images ?? [])
      .filter((i) => i.id !== id)
      .map((i) => ({ imageId: i.id, target: i.target }));
    const body: ImageResponse = {
      image,
      figures: known.figures,
      summary: known.summary,
      siblings,
      audit: known.audit,
    };
    if (known.downloads) body.downloads = known.downloads;
    res.json(body);
  });
  router.get('/api/images/:id/tree', async (req, res) => {
    const id = parseId(req.params.id, 'image');
    const tree = await trees.getAsync(id, async () => {
      const manifest = await getImageManifest(db, id);
      return manifest && buildAttributionTree(manifest);
    });
    if (!tree) throw notFound(`image ${id}`);
    const body: TreeResponse = { tree };
    res.json(body);
  });
  router.get('/api/images/:id/units/:unit', async (req, res) => {
    const id = parseId(req.params.id, 'image');
    const manifest = await getImageManifest(db, id);
    if (!manifest) throw notFound(`image ${id}`);
    const index = readUnitIndex(req.params.unit);
    const unit = index === undefined ? undefined : buildUnitSymbols(manifest, index, SYMBOLS_PER_UNIT);
    if (!unit) throw notFound(`unit ${JSON.stringify(req.params.unit)} of image ${id}`);
    const body: TreeResponse = { tree: unit };
    res.json(body);
  });
  router.get('/api/images/:id/units/:unit/detail', async (req, res) => {
    const id = parseId(req.params.id, 'image');
    const manifest = await getImageManifest(db, id);
    if (!manifest) throw notFound(`image ${id}`);
    const index = readUnitIndex(req.params.unit);
    const detail = index === undefined ? undefined : describeUnit(manifest, index, SYMBOLS_PER_PANEL);
    if (!detail) throw notFound(`unit ${JSON.stringify(req.params.unit)} of image ${id}`);
    const body: UnitDetailResponse = { detail };
    res.json(body);
  });
  router.get('/api/images/:id/graph', async (req, res) => {
    const id = parseId(req.params.id, 'image');
    const manifest = await getImageManifest(db, id);
    if (!manifest) throw notFound(`image ${id}`);
    const body: GraphResponse = { dependencies: manifest.dependencies };
    res.json(body);
  });
  router.get('/api/images/:id/manifest', async (req, res) => {
    const id = parseId(req.params.id, 'image');
    // The stored text is what JSON.stringify wrote at ingest: sent as it is, not parsed and rewritten.
    const text = await readImageManifestText(db, id);
    if (text === undefined) throw notFound(`image ${id}`);
    res.type('json').send(text);
  });
  router.get('/api/images/:id/stack/:stackId', async (req, res) => {
    const id = parseId(req.params.id, 'image');
    const stackId = parseId(req.params.stackId, 'stack');
    const kernelExtras = parseKernelExtras(req.query.extras);
    const manifest = await getImageManifest(db, id);
    if (!manifest) throw notFound(`image ${id}`);
    const stack = await getStackManifest(db, stackId);
    if (!stack) throw notFound(`stack ${stackId}`);
    const body: StackComparisonResponse = {
      comparison: compareManifests(manifest, stack, { kernelExtras }),
    };
    res.json(body);
  });
  return router;
}

/** What `/api/images/:id` tells of an image from its manifest alone (the rest comes from its row). */
type ImageFacts = Pick<ImageResponse, 'figures' | 'summary' | 'audit' | 'downloads'>;

function describeImageFacts(manifest: Manifest): ImageFacts {
  const summary = summarizeImage(manifest);
  const known: ImageFacts = {
    figures: summarizeTarget(manifest, summary),
    summary: addGraphVersions(summary, manifest),
    audit: describeImageAudit(manifest),
  };
  if (manifest.downloads) known.downloads = manifest.downloads;
  return known;
}
