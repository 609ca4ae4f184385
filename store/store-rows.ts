import type { Manifest } from '../analyzer/model/manifest.js';

/**
 * The rows the store's queries return: plain data, free of the SQLite driver's types, so that the
 * browser client can share them through the API's types.
 */

/** A build as lists show it: when it was ingested, and each target's headline sizes. */
export interface BuildRow {
  id: number;
  job: string;
  label: string | null;
  ingestedAt: string;
  images: ImageRow[];
}

/** One target's image as lists show it. */
export interface ImageRow {
  id: number;
  buildId: number;
  target: string;
  name: string;
  arch: string;
  format: string;
  fileSize: number;
  memorySize: number;
  codeSize: number;
  sha256: string;
}

/** A job (one unikernel) with its builds, newest first (as many as the query asked for). */
export interface JobRow {
  name: string;
  /** Builds of the job in the database, however many `builds` lists. */
  buildCount: number;
  builds: BuildRow[];
}

/** A stored image or stack with its whole manifest. */
export interface StoredManifest {
  id: number;
  manifest: Manifest;
}

/** A stack as lists show it. */
export interface StackRow {
  id: number;
  name: string;
  target: string;
}
