import { MANIFEST_SCHEMA, MANIFEST_VERSION, type Manifest, type ManifestKind } from './manifest.js';

/** The first three fields of every manifest: what it is, and which version of the contract it follows. */
export type ManifestHeader = Pick<Manifest, 'schema' | 'version' | 'kind'>;

/**
 * The header every writer puts first (`{ ...createManifestHeader('image'), identity, ... }`), so
 * that the format name and version are set in one place: a version bump cannot miss a writer.
 */
export function createManifestHeader(kind: ManifestKind): ManifestHeader {
  return { schema: MANIFEST_SCHEMA, version: MANIFEST_VERSION, kind };
}
