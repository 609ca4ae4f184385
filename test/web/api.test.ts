/**
 * The JSON API over HTTP, on each store (SQLite and PostgreSQL): createApp on a store holding the
 * Solo5 fixtures as one build (hvt, spt, xen) and the committed Debian stacks, bound to port 0 and
 * asked with fetch. Figures are
 * checked against stat, node:crypto, the recorded readelf output and the fixture's C source.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBuild, ingestStack } from '../../store/ingest-build.js';
import { connectStore } from '../../store/connect-store.js';
import type { StoreDb } from '../../store/store-db.js';
import type {
  BuildResponse,
  CompareResponse,
  ErrorResponse,
  GraphResponse,
  ImageResponse,
  JobResponse,
  JobsResponse,
  SearchResponse,
  StackComparisonResponse,
  StacksResponse,
  TreeResponse,
} from '../../web/server/api-types.js';
import { createApp } from '../../web/server/create-app.js';
import {
  inspectSolo5,
  readDeclaredDevices,
  readSolo5Truth,
  readStackFiles,
  SOLO5_DIR,
  SOLO5_IMAGES,
  type ImageTruth,
} from '../support/solo5-build.js';
import { createTestStore, storeCases, type StoreKind, type TestStore } from '../support/test-stores.js';

const AT = '2024-05-01T12:00:00.000Z';
/** A name a page might print: it must come back as a plain JSON string. */
const HOSTILE = '<script>alert("tcb")</script>';

let truth: ImageTruth[];
let stacks: ReturnType<typeof readStackFiles>;
let buildId: number;
/** Image id per target of the Solo5 build. */
const imageId: Record<string, number> = {};
let hostileImageId: number;
const stackId: Record<string, number> = {};

const made: TestStore[] = [];

/** A new store of `kind` and a server on it; `internalErrors` collects what reaches onInternalError. */
async function startServer(
  kind: StoreKind,
): Promise<{ db: StoreDb; server: Server; base: string; internalErrors: unknown[] }> {
  const store = await createTestStore(kind);
  made.push(store);
  const db = await connectStore(store.spec);
  const internalErrors: unknown[] = [];
  const server = createApp({ db, onInternalError: (e) => internalErrors.push(e) }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { db, server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, internalErrors };
}

async function stopServer(s: { db: StoreDb; server: Server }): Promise<void> {
  s.server.closeAllConnections();
  await new Promise((done) => s.server.close(done));
  await s.db.close();
}

/** What each driver says when a query reaches a closed connection. */
const CLOSED: Record<StoreKind, RegExp> = {
  sqlite: /database connection is not open/,
  postgres: /Cannot use a pool after calling end on the pool/,
};

describe.each(storeCases())('the API on $name', ({ kind, available }) => {
  if (available.skip) {
    it.skip(available.reason, () => undefined);
    return;
  }
  let main: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    truth = readSolo5Truth();
    stacks = readStackFiles();
    main = await startServer(kind);
    const images = SOLO5_IMAGES.map((i) => ({ manifest: inspectSolo5(i.name), source: `${i.target}.json` }));
    const build = await ingestBuild(main.db, { job: 'solo5-fixtures', images, ingestedAt: AT });
    buildId = build.buildId;
    for (const i of build.images) imageId[i.target] = i.id;
    // The same real image under a name and job that would run as script if a page inserted them as HTML.
    const hostile = await ingestBuild(main.db, {
      job: HOSTILE,
      images: [{ manifest: inspectSolo5('solo5-hvt', { name: HOSTILE }), source: 'x.json' }],
      ingestedAt: AT,
    });
    hostileImageId = hostile.images[0]?.id as number;
    for (const s of stacks)
      stackId[s.manifest.identity.name] = (await ingestStack(main.db, s.manifest, s.file, AT)).stackId;
  });
  afterAll(async () => {
    // Unset only when beforeAll failed, which vitest already reports as a failure.
    if (main) await stopServer(main);
    for (const store of made.splice(0)) await store.drop();
  });

  /** GETs a path; the body must be JSON whatever the status. */
  async function get<T>(
    path: string,
    base = main.base,
  ): Promise<{ status: number; body: T; text: string; headers: Headers }> {
    const res = await fetch(`${base}${path}`);
    const text = await res.text();
    expect(res.headers.get('content-type'), path).toMatch(/^application\/json; charset=utf-8$/);
    return { status: res.status, body: JSON.parse(text) as T, text, headers: res.headers };
  }

  const truthOf = (target: string) => truth.find((t) => t.target === target) as ImageTruth;

  describe('jobs', () => {
    it('/api/jobs lists each job with its latest build and a size trend per target', async () => {
      const { status, body } = await get<JobsResponse>('/api/jobs');
      expect(status).toBe(200);
      expect(body.jobs.map((j) => j.name)).toEqual([HOSTILE, 'solo5-fixtures']); // by name: '<' sorts before 's'
      const job = body.jobs[1] as JobsResponse['jobs'][number];
      expect(job.buildCount).toBe(1);
      expect(job.latest).toMatchObject({ id: buildId, job: 'solo5-fixtures', ingestedAt: AT, label: null });
      expect(job.latest.images.map((i) => [i.target, i.name, i.fileSize, i.sha256])).toEqual(
        truth.map((t) => [t.target, t.name, t.size, t.sha256]),
      );
      expect(job.trend).toEqual(truth.map((t) => ({ target: t.target, fileSizes: [t.size] })));
    });

    it('/api/jobs/:name gives the history of one job', async () => {
      const { status, body } = await get<JobResponse>('/api/jobs/solo5-fixtures');
      expect(status).toBe(200);
      expect(body.job.name).toBe('solo5-fixtures');
      expect(body.job.builds.map((b) => b.id)).toEqual([buildId]);
    });
  });

  describe('builds and images', () => {
    it('/api/builds/:id: each target as stat, sha256, readelf and the fixture source describe it', async () => {
      const { status, body } = await get<BuildResponse>(`/api/builds/${buildId}`);
      expect(status).toBe(200);
      expect(body.build).toMatchObject({ id: buildId, job: 'solo5-fixtures' });
      const devices = readDeclaredDevices();
      expect(devices).toHaveLength(3);
      expect(body.targets.map((t) => t.target)).toEqual(['hvt', 'spt', 'xen']);
      for (const t of body.targets) {
        const want = truthOf(t.target);
        expect(t, t.target).toMatchObject({
          imageId: imageId[t.target],
          name: want.name,
          fileSize: want.size,
          sha256: want.sha256,
          codeSize: want.codeSize,
          memorySize: want.memorySize,
        });
        expect(t.devices.map((d) => ({ name: d.name, kind: d.kind }))).toEqual(devices);
        expect(t.needed).toEqual([]); // static Solo5 images load nothing from a host
      }
    });

    it('/api/images/:id: one target, its job and the other targets of its build', async () => {
      const { status, body } = await get<ImageResponse>(`/api/images/${imageId.xen}`);
      expect(status).toBe(200);
      const xen = truthOf('xen');
      expect(body.image).toMatchObject({
        id: imageId.xen,
        buildId,
        job: 'solo5-fixtures',
        target: 'xen',
        name: xen.name,
        fileSize: xen.size,
        sha256: xen.sha256,
      });
      expect(body.figures).toMatchObject({ fileSize: xen.size, sha256: xen.sha256, codeSize: xen.codeSize });
      expect(body.siblings).toEqual([
        { imageId: imageId.hvt, target: 'hvt' },
        { imageId: imageId.spt, target: 'spt' },
      ]);
      // Every byte of the file is some package's.
      expect(body.summary.packages.reduce((n, p) => n + p.fileSize, 0)).toBe(xen.size);
    });

    it('/api/images/:id/manifest: the stored manifest of that file', async () => {
      const { status, body } = await get<{ identity: { sha256: string; fileSize: number; target: string } }>(
        `/api/images/${imageId.spt}/manifest`,
      );
      expect(status).toBe(200);
      expect(body.identity).toMatchObject({
        target: 'spt',
        sha256: truthOf('spt').sha256,
        fileSize: truthOf('spt').size,
      });
    });
  });

  describe('treemap data', () => {
    it('/api/images/:id/tree: packages and units that add up to the file size stat gives', async () => {
      const { status, body } = await get<TreeResponse>(`/api/images/${imageId.hvt}/tree`);
      expect(status).toBe(200);
      expect(body.tree.bytes).toBe(truthOf('hvt').size);
      const packages = body.tree.children ?? [];
      expect(packages.reduce((n, p) => n + p.bytes, 0)).toBe(truthOf('hvt').size);
      for (const p of packages) expect((p.children ?? []).reduce((n, u) => n + u.bytes, 0)).toBe(p.bytes);
    });

    it('/api/images/:id/units/:unit: the unit with its symbols, named as nm names them', async () => {
      const { body: whole } = await get<TreeResponse>(`/api/images/${imageId.hvt}/tree`);
      const unit = (whole.tree.children ?? [])
        .flatMap((p) => p.children ?? [])
        .find((u) => (u.symbols ?? 0) > 1);
      const { status, body } = await get<TreeResponse>(`/api/images/${imageId.hvt}/units/${unit?.unit}`);
      expect(status).toBe(200);
      expect(body.tree.bytes).toBe(unit?.bytes);
      expect((body.tree.children ?? []).reduce((n, s) => n + s.bytes, 0)).toBe(unit?.bytes);
      const nm = readFileSync(join(SOLO5_DIR, 'solo5-hvt.nm-S.txt'), 'utf8');
      for (const s of body.tree.children ?? [])
        if (!s.name.startsWith('['))
          expect(nm).toMatch(new RegExp(`\\s${s.name.replace(/[.$]/g, '\\$&')}$`, 'm'));
    });
  });

  describe('dependency graph data', () => {
    it('/api/images/:id/graph: the graph of the manifest inspect wrote for that file', async () => {
      const { status, body } = await get<GraphResponse>(`/api/images/${imageId.xen}/graph`);
      expect(status).toBe(200);
      expect(body.dependencies).toEqual(inspectSolo5('solo5-xen').dependencies);
      // The packages with bytes add up to what the image's attribution gives the real packages.
      expect(body.dependencies.roots).toEqual(['solo5-xen']);
    });
  });

  describe('compare, search, stacks', () => {
    it("/api/compare: the file size delta is the difference of the two files' sizes", async () => {
      const { status, body } = await get<CompareResponse>(
        `/api/compare?base=${imageId.hvt}&head=${imageId.xen}`,
      );
      expect(status).toBe(200);
      const [hvt, xen] = [truthOf('hvt'), truthOf('xen')];
      expect([body.base.target, body.head.target, body.diff.sameTarget]).toEqual(['hvt', 'xen', false]);
      expect(body.diff.totals.fileSize).toMatchObject({
        base: hvt.size,
        head: xen.size,
        delta: xen.size - hvt.size,
      });
    });

    it.each([
      ['the first 12 hex digits', (sha: string) => sha.slice(0, 12)],
      ['the same in upper case', (sha: string) => sha.slice(0, 12).toUpperCase()],
      ['the whole hash', (sha: string) => sha],
    ])('/api/search?sha256= %s of a fixture finds exactly that image', async (_what, prefix) => {
      const xen = truthOf('xen');
      const { status, body } = await get<SearchResponse>(`/api/search?sha256=${prefix(xen.sha256)}`);
      expect(status).toBe(200);
      expect(body.images.map((i) => [i.id, i.target, i.job, i.sha256])).toEqual([
        [imageId.xen, 'xen', 'solo5-fixtures', xen.sha256],
      ]);
    });

    it('/api/search finds nothing for a prefix no fixture has', async () => {
      const taken = new Set(truth.map((t) => t.sha256.slice(0, 4)));
      const free = ['0000', '1111', 'ffff', 'abcd'].find((p) => !taken.has(p)) as string;
      expect((await get<SearchResponse>(`/api/search?sha256=${free}`)).body).toEqual({ images: [] });
    });

    it('/api/stacks lists the committed stacks', async () => {
      const { body } = await get<StacksResponse>('/api/stacks');
      expect(body.stacks.map((s) => [s.name, s.target])).toEqual(
        stacks.map((s) => [s.manifest.identity.name, s.manifest.identity.target]).sort(),
      );
    });

    it('/api/images/:id/stack/:stackId compares the image with the stack it names', async () => {
      const nginx = stacks.find((s) => s.file.endsWith('https-nginx.json'))?.manifest;
      const { status, body } = await get<StackComparisonResponse>(
        `/api/images/${imageId.hvt}/stack/${stackId['https-nginx']}`,
      );
      expect(status).toBe(200);
      expect(body.comparison.stack).toMatchObject({
        name: 'https-nginx',
        target: 'debian-12-amd64',
        sha256: nginx?.identity.sha256,
      });
      expect(body.comparison.image).toMatchObject({
        name: 'solo5-hvt',
        kind: 'image',
        target: 'hvt',
        sha256: truthOf('hvt').sha256,
      });
      expect(body.comparison.kernelExtras).toBe('exclude');
    });

    it('?extras=include counts the kernel extras: the stack grows by the bytes it lists apart', async () => {
      const path = `/api/images/${imageId.hvt}/stack/${stackId['https-nginx']}`;
      const loaded = (c: StackComparisonResponse) =>
        c.comparison.metrics.find((m) => m.id === 'loaded-bytes')!.stack;
      const excluded = (await get<StackComparisonResponse>(path)).body;
      const { status, body } = await get<StackComparisonResponse>(`${path}?extras=include`);
      expect(status).toBe(200);
      expect(body.comparison.kernelExtras).toBe('include');
      const { kernelBootOnly, kernelTypeInfo } = body.comparison.apart.stack;
      expect(kernelBootOnly + kernelTypeInfo).toBeGreaterThan(0);
      expect(loaded(body) - loaded(excluded)).toBe(kernelBootOnly + kernelTypeInfo);
    });
  });

  describe("errors: JSON {error: {code, message}} and nothing of the server's insides", () => {
    const cases: [string, () => string, number, string][] = [
      ['an unknown build id', () => '/api/builds/999999', 404, 'NOT_FOUND'],
      ['a non-numeric build id', () => '/api/builds/latest', 404, 'NOT_FOUND'],
      ['build id 0', () => '/api/builds/0', 404, 'NOT_FOUND'],
      ['an unknown image id', () => '/api/images/999999', 404, 'NOT_FOUND'],
      ['an unknown job name', () => '/api/jobs/no-such-job', 404, 'NOT_FOUND'],
      ['an unknown stack', () => `/api/images/${imageId.hvt}/stack/999999`, 404, 'NOT_FOUND'],
      [
        'a kernel-extras mode that is not one',
        () => `/api/images/${imageId.hvt}/stack/${stackId['https-nginx']}?extras=sometimes`,
        400,
        'BAD_QUERY',
      ],
      [
        'an unknown image in a comparison',
        () => `/api/compare?base=${imageId.hvt}&head=999999`,
        404,
        'NOT_FOUND',
      ],
      ['an unknown endpoint', () => '/api/nothing-here', 404, 'NOT_FOUND'],
      ['a unit the image does not have', () => `/api/images/${imageId.hvt}/units/99999`, 404, 'NOT_FOUND'],
      ['a unit that is not a number', () => `/api/images/${imageId.hvt}/units/main`, 404, 'NOT_FOUND'],
      ['a comparison without head', () => `/api/compare?base=${imageId.hvt}`, 400, 'BAD_QUERY'],
      ['a sha256 that is not hex', () => '/api/search?sha256=not-a-hash', 400, 'BAD_QUERY'],
      ['a sha256 prefix too short', () => '/api/search?sha256=ab', 400, 'BAD_QUERY'],
      ['a search without sha256', () => '/api/search', 400, 'BAD_QUERY'],
      // A client's mistake, not a server bug: express flags it 400, and it must not reach onInternalError.
      ['a path whose %-encoding does not decode', () => '/api/jobs/%E0%A4%A', 400, 'BAD_REQUEST'],
    ];
    it.each(cases)('%s', async (_what, path, status, code) => {
      const r = await get<ErrorResponse>(path());
      expect(r.status).toBe(status);
      expect(Object.keys(r.body)).toEqual(['error']);
      expect(Object.keys(r.body.error).sort()).toEqual(['code', 'message']);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message.length).toBeGreaterThan(0);
      expect(r.text).not.toMatch(/\bat .*\(|\.ts:\d|node_modules|\/work\//);
      expect(main.internalErrors).toEqual([]);
    });

    it('an internal error (the database closed under the server): 500 INTERNAL, the details only to onInternalError', async () => {
      const broken = await startServer(kind);
      try {
        await broken.db.close();
        const r = await get<ErrorResponse>('/api/jobs', broken.base);
        expect(r.status).toBe(500);
        expect(r.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) as string } });
        expect(r.text).not.toMatch(/\bat .*\(|\.ts:\d|node_modules|database connection/);
        expect(broken.internalErrors).toHaveLength(1);
        expect(String(broken.internalErrors[0])).toMatch(CLOSED[kind]);
      } finally {
        await stopServer(broken);
      }
    });

    it('a stored manifest of another version: 500 MANIFEST_VERSION naming the image, not an internal error', async () => {
      const other = await startServer(kind);
      try {
        const images = [{ manifest: inspectSolo5('solo5-hvt'), source: 'hvt.json' }];
        const id = (
          (await ingestBuild(other.db, { job: 'v', images, ingestedAt: AT })).images[0] as { id: number }
        ).id;
        // As a newer tcbscope would have stored it: the version column is the store's only hint.
        await other.db.run('UPDATE images SET manifest_version = 2 WHERE id = ?', [id]);
        for (const path of [
          `/api/images/${id}`,
          `/api/images/${id}/tree`,
          `/api/compare?base=${id}&head=${id}`,
        ]) {
          const r = await get<ErrorResponse>(path, other.base);
          expect(r.status, path).toBe(500);
          expect(r.body.error.code).toBe('MANIFEST_VERSION');
          expect(r.body.error.message).toContain(`image ${id} is stored with manifest version 2`);
        }
        expect(other.internalErrors).toEqual([]);
      } finally {
        await stopServer(other);
      }
    });
  });

  describe('hostile names', () => {
    it('come back as plain JSON strings, never as HTML', async () => {
      const image = await get<ImageResponse>(`/api/images/${hostileImageId}`);
      expect(image.status).toBe(200);
      expect(image.headers.get('x-content-type-options')).toBe('nosniff');
      expect([image.body.image.name, image.body.image.job, image.body.figures.name]).toEqual([
        HOSTILE,
        HOSTILE,
        HOSTILE,
      ]);
      expect(image.body.image.sha256).toBe(truthOf('hvt').sha256);
      const job = await get<JobResponse>(`/api/jobs/${encodeURIComponent(HOSTILE)}`);
      expect(job.status).toBe(200);
      expect(job.body.job.name).toBe(HOSTILE);
    });
  });
});
