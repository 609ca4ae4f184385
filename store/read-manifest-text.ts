import type Database from 'better-sqlite3';
import { MANIFEST_VERSION } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';

/**
 * An image's manifest as stored: the JSON text it was ingested as (the bytes its manifest_sha256
 * hashes), for downloads that need no parsing. A manifest of another version is refused, as when
 * it is parsed (see query-store's readManifest).
 * @throws UserError MANIFEST_VERSION naming the image id.
 */
export function readImageManifestText(db: Database.Database, id: number): string | undefined {
  const row = db.prepare('SELECT manifest, manifest_version AS version FROM images WHERE id = ?').get(id) as
    { manifest: string; version: number } | undefined;
  if (!row) return undefined;
  if (row.version !== MANIFEST_VERSION)
    throw new UserError(
      'MANIFEST_VERSION',
      `image ${id} is stored with manifest version ${row.version}, this tcbscope reads version ${MANIFEST_VERSION}`,
      { at: 'images.manifest_version' },
    );
  return row.manifest;
}
