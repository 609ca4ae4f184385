import { forgetJobsOverview } from './jobs-overview.js';
import { createHash } from 'node:crypto';
import type { Manifest } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import { summarizeImage } from '../analyzer/summarize-image.js';
import type { StoreDb } from './store-db.js';

/** One manifest to ingest, with where it came from (for error messages). */
export interface IngestManifest {
  manifest: Manifest;
  /** The path as the user gave it. */
  source: string;
}

/** One build: the per-target image manifests of one job. */
export interface IngestBuildInput {
  job: string;
  /** A free label (a commit, a CI run number); not part of the build's identity. */
  label?: string;
  images: IngestManifest[];
  /** ISO time of the ingest, passed in so that tests can fix it. */
  ingestedAt: string;
}

/** What an ingest did: the build's id, and whether it was new or already there. */
export interface IngestBuildResult {
  buildId: number;
  created: boolean;
  images: { id: number; target: string }[];
}

/** Package rows per INSERT: 6 parameters each, well under SQLite's and PostgreSQL's parameter limits. */
const PACKAGES_PER_INSERT = 500;

/** sha256 of the manifest as stored: its JSON text, so the hash can be checked from the database alone. */
export function hashManifestText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Writes one build in one transaction: the job if new, the build, one row per target with its
 * manifest, and the image's packages. A build is identified by its job and its manifests'
 * hashes (a unique key), so ingesting the same manifests again changes nothing and returns the
 * same id; two writers of the same build at once end with one build, the second finding the
 * first's (PostgreSQL: the unique key refuses the second insert, and the transaction's retry
 * finds the row).
 */
export async function ingestBuild(db: StoreDb, input: IngestBuildInput): Promise<IngestBuildResult> {
  const rows = input.images.map((image) => {
    const text = JSON.stringify(image.manifest);
    return { ...image, text, hash: hashManifestText(text) };
  });
  checkBuildImages(rows);
  rows.sort((a, b) => (a.manifest.identity.target < b.manifest.identity.target ? -1 : 1));
  const key = createHash('sha256')
    .update(JSON.stringify([input.job, rows.map((r) => r.hash)]))
    .digest('hex');

  const result = await db.transaction(async (tx): Promise<IngestBuildResult> => {
    const existing = await tx.get<{ id: number }>('SELECT id FROM builds WHERE key = ?', [key]);
    if (existing) {
      const images = await tx.all<{ id: number; target: string }>(
        'SELECT id, target FROM images WHERE build_id = ? ORDER BY target',
        [existing.id],
      );
      return { buildId: existing.id, created: false, images };
    }
    await tx.run('INSERT INTO jobs (name) VALUES (?) ON CONFLICT (name) DO NOTHING', [input.job]);
    const jobId = (await tx.get<{ id: number }>('SELECT id FROM jobs WHERE name = ?', [input.job]))?.id;
    const build = await tx.get<{ id: number }>(
      'INSERT INTO builds (job_id, key, label, ingested_at) VALUES (?, ?, ?, ?) RETURNING id',
      [jobId, key, input.label ?? null, input.ingestedAt],
    );
    const buildId = (build as { id: number }).id;
    const images: { id: number; target: string }[] = [];
    for (const row of rows) {
      const { identity, attribution } = row.manifest;
      const image = await tx.get<{ id: number }>(
        `INSERT INTO images
         (build_id, target, name, arch, format, file_size, memory_size, code_size, sha256, manifest_sha256, manifest, manifest_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [
          buildId,
          identity.target,
          identity.name,
          identity.arch,
          identity.format,
          identity.fileSize,
          identity.memorySize,
          summarizeImage(row.manifest).code.bytes,
          identity.sha256,
          row.hash,
          row.text,
          row.manifest.version,
        ],
      );
      const imageId = (image as { id: number }).id;
      // Many rows per statement: on PostgreSQL every statement is a round trip to the server.
      for (let from = 0; from < attribution.packages.length; from += PACKAGES_PER_INSERT) {
        const chunk = attribution.packages.slice(from, from + PACKAGES_PER_INSERT);
        await tx.run(
          `INSERT INTO image_packages (image_id, name, version, file_size, mem_size, code_size) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap((p) => [imageId, p.name, p.version ?? null, p.fileSize, p.memSize, p.codeSize]),
        );
      }
      images.push({ id: imageId, target: identity.target });
    }
    return { buildId, created: true, images };
  });
  // Drops the cached jobs overview at once; builds other processes write are caught by its stamp check.
  if (result.created) forgetJobsOverview(db);
  return result;
}

/** Refuses manifests that cannot be one build: a build holds image manifests, one per target. */
export function checkBuildImages(rows: readonly IngestManifest[]): void {
  const seen = new Map<string, string>();
  for (const row of rows) {
    if (row.manifest.kind !== 'image') {
      throw new UserError('STORE_CONFLICT', `a ${row.manifest.kind} manifest cannot be a target of a build`, {
        file: row.source,
        at: 'kind',
      });
    }
    const target = row.manifest.identity.target;
    const other = seen.get(target);
    if (other !== undefined) {
      throw new UserError(
        'STORE_CONFLICT',
        `target "${target}" is also given by ${other}; a build has one image per target`,
        { file: row.source, at: 'identity.target' },
      );
    }
    seen.set(target, row.source);
  }
  if (rows.length === 0) throw new UserError('STORE_CONFLICT', 'a build needs at least one image manifest');
}

/** Stores a conventional stack's manifest once (by content hash); returns its id. */
export async function ingestStack(
  db: StoreDb,
  manifest: Manifest,
  source: string,
  ingestedAt: string,
): Promise<{ stackId: number; created: boolean }> {
  if (manifest.kind !== 'stack')
    throw new UserError('STORE_CONFLICT', `expected a stack manifest, found kind "${manifest.kind}"`, {
      file: source,
      at: 'kind',
    });
  const text = JSON.stringify(manifest);
  const hash = hashManifestText(text);
  return db.transaction(async (tx) => {
    const existing = await tx.get<{ id: number }>('SELECT id FROM stacks WHERE manifest_sha256 = ?', [hash]);
    if (existing) return { stackId: existing.id, created: false };
    const row = await tx.get<{ id: number }>(
      'INSERT INTO stacks (name, target, manifest_sha256, manifest, manifest_version, ingested_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      [manifest.identity.name, manifest.identity.target, hash, text, manifest.version, ingestedAt],
    );
    return { stackId: (row as { id: number }).id, created: true };
  });
}
