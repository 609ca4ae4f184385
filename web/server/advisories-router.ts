import { Router } from 'express';
import { auditManifest } from '../../analyzer/advisories/audit-result.js';
import type { LoadedAdvisory } from '../../analyzer/advisories/osv-advisory.js';
import { getImageManifest } from '../../store/query-store.js';
import type { AdvisoriesResponse } from './api-types.js';
import { notFound, parseId } from './http-error.js';
import type { StoreDb } from '../../store/open-store.js';

/** Advisories the server was started with (`serve --advisories DIR`), read once at start. */
export interface ServedAdvisories {
  /** The folder as the user named it. */
  folder: string;
  advisories: LoadedAdvisory[];
}

/**
 * `/api/images/:id/advisories`: the loaded advisories matched against the image's packages with
 * the same pure function as `tcbscope audit`, so the page and the CLI agree on every match.
 */
export function createAdvisoriesRouter(db: StoreDb, served: ServedAdvisories | undefined): Router {
  const router = Router();
  router.get('/api/images/:id/advisories', (req, res) => {
    const id = parseId(req.params.id, 'image');
    const manifest = getImageManifest(db, id);
    if (!manifest) throw notFound(`image ${id}`);
    if (!served) {
      const none: AdvisoriesResponse = { advisories: 0, checked: 0, unchecked: 0, matches: [] };
      res.json(none);
      return;
    }
    const result = auditManifest(manifest, served.advisories, {
      manifest: manifest.identity.name,
      advisoryFolder: served.folder,
    });
    const body: AdvisoriesResponse = {
      folder: served.folder,
      advisories: result.advisories,
      checked: result.checked,
      unchecked: result.unchecked.length,
      matches: result.matches,
    };
    res.json(body);
  });
  return router;
}
