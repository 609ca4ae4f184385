import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { Manifest } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import { summarizeImage } from '../analyzer/summarize-image.js';
import { writeTransaction } from './write-retry.js';

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

/** sha256 of the manifest as stored: its JSON text, so the hash can be checked from the database alone. */
export function hashManifestText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Writes one build in one transaction: the job if new, the build, one row per target with its
 * manifest, and the image's packages. A build is identified by its job and its manifests'
 * hashes, so ingesting the same manifests again changes nothing and returns the same id.
 */
export function ingestBuild(db: Database.Database, input: IngestBuildInput): IngestBuildResult {
  const rows = input.images.map((image) => {
    const text = JSON.stringify(image.manifest);
    return { ...image, text, hash: hashManifestText(text) };
  });
  checkBuildImages(rows);
  rows.sort((a, b) => (a.manifest.identity.target < b.manifest.identity.target ? -1 : 1));
  const key = createHash('sha256')
    .update(JSON.stringify([input.job, rows.map((r) => r.hash)]))
    .digest('hex');

  return writeTransaction(db, (): IngestBuildResult => {
    const existing = db.prepare('SELECT id FROM builds WHERE key = ?').get(key) as { id: number } | undefined;
    if (existing) {
      const images = db
        .prepare('SELECT id, target FROM images WHERE build_id = ? ORDER BY target')
        .all(existing.id) as { id: number; target: string }[];
      return { buildId: existing.id, created: false, images };
    }
    db.prepare('INSERT OR IGNORE INTO jobs (name) VALUES (?)').run(input.job);
    const jobId = (db.prepare('SELECT id FROM jobs WHERE name = ?').get(input.job) as { id: number }).id;
    const buildId = Number(
      db
        .prepare('INSERT INTO builds (job_id, key, label, ingested_at) VALUES (?, ?, ?, ?)')
        .run(jobId, key, input.label ?? null, input.ingestedAt).lastInsertRowid,
    );
    const insertImage = db.prepare(`INSERT INTO images
      (build_id, target, name, arch, format, file_size, memory_size, code_size, sha256, manifest_sha256, manifest, manifest_version)
      VALUES (@buildId, @target, @name, @arch, @format, @fileSize, @memorySize, @codeSize, @sha256, @manifestSha256, @manifest, @manifestVersion)`);
    const insertPackage = db.prepare(
      'INSERT INTO image_packages (image_id, name, version, file_size, mem_size, code_size) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const images: { id: number; target: string }[] = [];
    for (const row of rows) {
      const { identity, attribution } = row.manifest;
      const imageId = Number(
        insertImage.run({
          buildId,
          target: identity.target,
          name: identity.name,
          arch: identity.arch,
          format: identity.format,
          fileSize: identity.fileSize,
          memorySize: identity.memorySize,
          codeSize: summarizeImage(row.manifest).code.bytes,
          sha256: identity.sha256,
          manifestSha256: row.hash,
          manifest: row.text,
          manifestVersion: row.manifest.version,
        }).lastInsertRowid,
      );
      for (const p of attribution.packages)
        insertPackage.run(imageId, p.name, p.version ?? null, p.fileSize, p.memSize, p.codeSize);
      images.push({ id: imageId, target: identity.target });
    }
    return { buildId, created: true, images };
  });
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
export function ingestStack(
  db: Database.Database,
  manifest: Manifest,
  source: string,
  ingestedAt: string,
): { stackId: number; created: boolean } {
  if (manifest.kind !== 'stack')
    throw new UserError('STORE_CONFLICT', `expected a stack manifest, found kind "${manifest.kind}"`, {
      file: source,
      at: 'kind',
    });
  const text = JSON.stringify(manifest);
  const hash = hashManifestText(text);
  const existing = db.prepare('SELECT id FROM stacks WHERE manifest_sha256 = ?').get(hash) as
    { id: number } | undefined;
  if (existing) return { stackId: existing.id, created: false };
  const info = db
    .prepare(
      'INSERT INTO stacks (name, target, manifest_sha256, manifest, manifest_version, ingested_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(manifest.identity.name, manifest.identity.target, hash, text, manifest.version, ingestedAt);
  return { stackId: Number(info.lastInsertRowid), created: true };
}
