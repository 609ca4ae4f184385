import express, { type NextFunction, type Request, type Response } from 'express';
import { UserError } from '../../analyzer/model/user-error.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getBuild, getImage, getJob, listStacks } from '../../store/query-store.js';
import type { ErrorResponse } from './api-types.js';
import type { GivenAdvisories } from '../../analyzer/advisories/describe-image-advisories.js';
import { createAdvisoriesRouter } from './advisories-router.js';
import { createBuildsRouter } from './builds-router.js';
import { createCompareRouter } from './compare-router.js';
import { HttpError, readId } from './http-error.js';
import { createImagesRouter } from './images-router.js';
import { createJobsRouter } from './jobs-router.js';
import { createSearchRouter } from './search-router.js';
import { createStacksRouter } from './stacks-router.js';
import { checkHostHeader } from './host-check.js';
import { requireToken } from './require-token.js';
import { createUploadRouter, DEFAULT_UPLOAD_LIMIT_BYTES } from './upload-router.js';
import type { StoreDb } from '../../store/store-db.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** An open tcbscope store, SQLite or PostgreSQL (see `store/connect-store.ts`). */
  db: StoreDb;
  /** The built browser client (`dist/web/client`); without it only the JSON API is served. */
  clientDir?: string;
  /** OSV advisories to match against every image (`serve --advisories DIR`); without them the image page says none were loaded. */
  advisories?: GivenAdvisories;
  /** Where an internal error's stack goes (the server's stderr); the client gets only a code. */
  onInternalError?: (error: unknown) => void;
  /**
   * Host header names to answer (see `allowedHostNames` in `host-check.ts`); any other request gets
   * 421. Without it every Host is answered (tests that call the app directly).
   */
  allowedHosts?: ReadonlySet<string>;
  /** Who may read: everybody (`public`, the default) or only requests with a token (`token`). */
  reads?: 'public' | 'token';
  /** Largest `POST /api/builds` body in bytes (default {@link DEFAULT_UPLOAD_LIMIT_BYTES}). */
  uploadLimitBytes?: number;
  /** The time an upload records (default: the clock); tests fix it. */
  now?: () => string;
}

/**
 * The web report as an express app that does not listen: `serve` binds it, tests call it on
 * port 0. Pages are one client; the server answers a page's URL with the client's HTML, with
 * status 404 when the job, build or image it names does not exist.
 */
export function createApp(options: AppOptions): express.Express {
  const { db } = options;
  const app = express();
  app.disable('x-powered-by');
  // First, before any route: a DNS-rebinding page must not reach the API or the pages.
  if (options.allowedHosts) app.use(checkHostHeader(options.allowedHosts));
  app.use((_req, res, next) => {
    // The client is self-contained: nothing from elsewhere may load, and nothing may frame it.
    res.set(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    );
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  // Uploads check their own (write) token before reads are checked, so a read-only server still
  // answers an upload without a token with 401, not with the read check's message.
  app.use(
    createUploadRouter(db, {
      limitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
      now: options.now ?? (() => new Date().toISOString()),
    }),
  );
  if (options.reads === 'token') app.use(requireToken(db, 'read'));
  for (const router of [
    createJobsRouter,
    createBuildsRouter,
    createImagesRouter,
    createCompareRouter,
    createStacksRouter,
    createSearchRouter,
  ]) {
    app.use(router(db));
  }
  app.use(createAdvisoriesRouter(db, options.advisories));
  app.use('/api', () => {
    throw new HttpError(404, 'NOT_FOUND', 'no such API endpoint');
  });

  const indexFile = options.clientDir && join(options.clientDir, 'index.html');
  if (options.clientDir && indexFile && existsSync(indexFile)) {
    const html = readFileSync(indexFile, 'utf8');
    app.use(express.static(options.clientDir, { index: false }));
    const page =
      (exists: (req: Request) => boolean | Promise<boolean>) => async (req: Request, res: Response) => {
        res
          .status((await exists(req)) ? 200 : 404)
          .type('html')
          .send(html);
      };
    app.get(
      '/',
      page(() => true),
    );
    app.get(
      '/search',
      page(() => true),
    );
    app.get(
      '/compare',
      page(() => true),
    );
    app.get(
      '/jobs/:name',
      page(async (req) => (await getJob(db, String(req.params.name), 1)) !== undefined),
    );
    app.get(
      '/builds/:id',
      page(async (req) => (await getBuild(db, readId(req.params.id) ?? 0)) !== undefined),
    );
    app.get(
      '/images/:id',
      page(async (req) => (await getImage(db, readId(req.params.id) ?? 0)) !== undefined),
    );
    // The comparison page with a conventional stack: one image, or every target of a build.
    const hasStack = async (id: unknown): Promise<boolean> =>
      (await listStacks(db)).some((s) => s.id === readId(String(id)));
    app.get(
      '/builds/:id/stack/:stackId',
      page(
        async (req) =>
          (await getBuild(db, readId(req.params.id) ?? 0)) !== undefined &&
          (await hasStack(req.params.stackId)),
      ),
    );
    app.get(
      '/images/:id/stack/:stackId',
      page(
        async (req) =>
          (await getImage(db, readId(req.params.id) ?? 0)) !== undefined &&
          (await hasStack(req.params.stackId)),
      ),
    );
    app.use(page(() => false));
  }

  // Express 5 passes thrown errors and rejected promises here; the four arguments mark it as the error handler.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const known = error instanceof HttpError ? error : (readStoreError(error) ?? readClientError(error));
    if (!known) options.onInternalError?.(error);
    const status = known?.status ?? 500;
    const body: ErrorResponse = {
      error: {
        code: known?.code ?? 'INTERNAL',
        message: known?.message ?? 'internal error; the server log has the details',
      },
    };
    res.status(status).json(body);
  });
  return app;
}

/**
 * A UserError from the store (a stored manifest of another version) is not a bug: the database
 * holds something this tcbscope cannot read, and the message says which row and what to do.
 */
function readStoreError(error: unknown): HttpError | undefined {
  return error instanceof UserError ? new HttpError(500, error.code, error.message) : undefined;
}

/** Express marks a malformed request (a path whose %-encoding does not decode) with a 4xx `status`: the client's mistake, not a bug. */
function readClientError(error: unknown): HttpError | undefined {
  const status = (error as { status?: unknown } | null | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500
    ? new HttpError(status, 'BAD_REQUEST', 'malformed request')
    : undefined;
}
