import type { Manifest } from '../analyzer/model/manifest.js';
import { validateManifest } from '../analyzer/validate-manifest.js';
import { readJsonFile } from './read-json-file.js';

/** Reads and checks one manifest file; every command that takes a manifest reads it here. */
export function readManifestFile(path: string, shown: string): Manifest {
  return validateManifest(readJsonFile(path, shown, 'MANIFEST_BAD'), shown);
}
