import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { validateManifest } from '../../analyzer/validate-manifest.js';
import { checkBuildImages, ingestBuild, type IngestManifest } from '../../store/ingest-build.js';
import type { StoreDb } from '../../store/store-db.js';
import { HttpError } from './http-error.js';
import { readUploadArchive } from './read-upload-archive.js';
import { requireToken } from './require-token.js';

/** Largest upload body by default: a few 100,000-symbol manifests, well under the server's memory. */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 64 * 1024 * 1024;

/** Options of {@link createUploadRouter}. */
export interface UploadRouterOptions {
  /** Largest request body in bytes (413 above it). */
  limitBytes: number;
  /** ISO time recorded as the build's ingest time; a function so that tests can fix it. */
  now: () => string;
}

/** What `POST /api/builds` answers: the build, and whether it was new (201) or already stored (200). */
export interface UploadResponse {
  job: string;
  buildId: number;
  created: boolean;
  images: { id: number; target: string }[];
}

const JSON_TYPES = ['application/json'];
const ARCHIVE_TYPES = ['application/gzip', 'application/x-gzip', 'application/x-tar+gzip'];

/**
 * `POST /api/builds`: one build from CI, as `{ job, label?, manifests: [...] }` JSON or as a
 * `.tar.gz` of a folder of per-target manifests (`?job=NAME&label=TEXT`, the job defaulting to the
 * archive's one top folder). The token is checked before the body is read, the content type before
 * it is buffered, every manifest is validated before anything is written, and the build goes into
 * the store in one transaction.
 */
export function createUploadRouter(db: StoreDb, options: UploadRouterOptions): Router {
  const router = Router();
  const readBody = express.raw({ type: () => true, limit: options.limitBytes });
  router.post(
    '/api/builds',
    requireToken(db, 'write'),
    (req, _res, next) => {
      if (!req.is([...JSON_TYPES, ...ARCHIVE_TYPES]))
        throw new HttpError(
          415,
          'UNSUPPORTED_TYPE',
          `send Content-Type application/json or application/gzip, not ${JSON.stringify(req.get('content-type') ?? '')}`,
        );
      next();
    },
    readBody,
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const build = req.is(JSON_TYPES) ? readJsonUpload(body) : await readArchiveUpload(body, req);
      const images = validateAll(build.files);
      const result = await ingestBuild(db, {
        job: build.job,
        images,
        ingestedAt: options.now(),
        ...(build.label !== undefined ? { label: build.label } : {}),
      });
      const answer: UploadResponse = { job: build.job, ...result };
      res.status(result.created ? 201 : 200).json(answer);
    },
  );
  // The body reader's own refusals (too large, a cut-off body) become answers with our codes.
  router.use('/api/builds', (error: unknown, _req: Request, _res: Response, next: NextFunction) => {
    const type = (error as { type?: unknown } | null)?.type;
    if (type === 'entity.too.large')
      next(new HttpError(413, 'UPLOAD_TOO_LARGE', `the upload is over the ${options.limitBytes}-byte limit`));
    else if (error instanceof UserError) next(new HttpError(400, error.code, error.message));
    else next(error);
  });
  return router;
}

/** A build as uploaded, before its manifests are checked. */
interface UploadedBuild {
  job: string;
  label?: string;
  files: { source: string; doc: unknown }[];
}

function readJsonUpload(body: Buffer): UploadedBuild {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, 'UPLOAD_BAD', `the body is not JSON (${(error as Error).message})`);
  }
  const upload = doc as { job?: unknown; label?: unknown; manifests?: unknown } | null;
  if (typeof upload !== 'object' || upload === null || !Array.isArray(upload.manifests))
    throw new HttpError(400, 'UPLOAD_BAD', 'expected { "job": NAME, "manifests": [...] }');
  const job = readJob(upload.job);
  if (upload.label !== undefined && typeof upload.label !== 'string')
    throw new HttpError(400, 'UPLOAD_BAD', '"label" must be a string');
  return {
    job,
    ...(upload.label !== undefined ? { label: upload.label } : {}),
    files: (upload.manifests as unknown[]).map((m, i) => ({ source: `manifests[${i}]`, doc: m })),
  };
}

async function readArchiveUpload(body: Buffer, req: Request): Promise<UploadedBuild> {
  const files = await readUploadArchive(body);
  const folders = [...new Set(files.map((f) => f.path.split('/').filter(Boolean)[0] ?? ''))];
  const query = req.query.job;
  const job = readJob(typeof query === 'string' ? query : folders.length === 1 ? folders[0] : undefined);
  const label = typeof req.query.label === 'string' ? req.query.label : undefined;
  return {
    job,
    ...(label !== undefined ? { label } : {}),
    files: files.map((f) => {
      try {
        return { source: f.path, doc: JSON.parse(f.text) as unknown };
      } catch (error) {
        throw new HttpError(400, 'MANIFEST_BAD', `${f.path}: not JSON (${(error as Error).message})`);
      }
    }),
  };
}

function readJob(job: unknown): string {
  if (typeof job !== 'string' || job === '' || job.length > 200)
    throw new HttpError(400, 'UPLOAD_BAD', 'the build needs a job name ("job", or ?job=NAME for an archive)');
  return job;
}

/** Every manifest checked (schema, version, consistency, one image per target) before any write. */
function validateAll(files: UploadedBuild['files']): IngestManifest[] {
  const images = files.map((f) => ({
    manifest: validateManifest(f.doc, f.source) as Manifest,
    source: f.source,
  }));
  checkBuildImages(images);
  return images;
}
