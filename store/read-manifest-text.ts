import { MANIFEST_VERSION } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import type { StoreDb } from './store-db.js';

/**
 * An image's manifest as stored: the JSON text it was ingested as (the bytes its manifest_sha256
 * hashes), for downloads that need no parsing. A manifest of another version is refused, as when
 * it is parsed (see query-store's readManifest).
 * @throws UserError MANIFEST_VERSION naming the image id.
 */
export async function readImageManifestText(db: StoreDb, id: number): Promise<string | undefined> {
  const row = await db.get<{ manifest: string; version: number }>(
    'SELECT manifest, manifest_version AS version FROM images WHERE id = ?',
    [id],
  );
  if (!row) return undefined;
  if (row.version !== MANIFEST_VERSION)
    throw new UserError(
      'MANIFEST_VERSION',
      `image ${id} is stored with manifest version ${row.version}, this tcbscope reads version ${MANIFEST_VERSION}`,
      { at: 'images.manifest_version' },
    );
  return row.manifest;
}
