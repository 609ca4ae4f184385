/**
 * The cached jobs overview (`GET /api/jobs`) on each store: a build ingested through the server's
 * own handle, and one written through a second connection as another process would, both show
 * up on the next request. Sizes are checked against stat of the Solo5 fixture images.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { connectStore } from '../../store/connect-store.js';
import { ingestBuild } from '../../store/ingest-build.js';
import type { StoreDb } from '../../store/store-db.js';
import type { JobsResponse } from '../../web/server/api-types.js';
import { createApp } from '../../web/server/create-app.js';
import { inspectSolo5, readSolo5Truth, SOLO5_IMAGES } from '../support/solo5-build.js';
import { createTestStore, storeCases, type TestStore } from '../support/test-stores.js';

const AT = '2024-05-01T12:00:00.000Z';

describe.each(storeCases())('the jobs overview cache on $name', ({ kind, available }) => {
  if (available.skip) {
    it.skip(available.reason, () => undefined);
    return;
  }
  const open: { store?: TestStore; dbs: StoreDb[]; server?: Server } = { dbs: [] };
  afterAll(async () => {
    open.server?.closeAllConnections();
    if (open.server) await new Promise((done) => open.server?.close(done));
    for (const db of open.dbs) await db.close();
    await open.store?.drop();
  });

  it('shows builds from this process and from another connection on the next request', async () => {
    const truth = readSolo5Truth();
    open.store = await createTestStore(kind);
    const db = await connectStore(open.store.spec);
    const other = await connectStore(open.store.spec);
    open.dbs.push(db, other);
    open.server = createApp({ db }).listen(0, '127.0.0.1');
    await once(open.server, 'listening');
    const base = `http://127.0.0.1:${(open.server.address() as AddressInfo).port}`;
    const jobs = async () => ((await (await fetch(`${base}/api/jobs`)).json()) as JobsResponse).jobs;
    /** Build `n` of the fixtures: the same images under another name, so each is a new build. */
    const build = (n: number) =>
      SOLO5_IMAGES.map((i) => ({
        manifest: inspectSolo5(i.name, { name: `${i.name}-${n}` }),
        source: `${i.target}.json`,
      }));

    expect(await jobs()).toEqual([]);
    const first = await ingestBuild(db, { job: 'solo5', images: build(1), ingestedAt: AT });
    const firstAnswer = await jobs();
    expect(firstAnswer.map((j) => [j.name, j.buildCount, j.latest.id])).toEqual([
      ['solo5', 1, first.buildId],
    ]);
    expect(await jobs()).toEqual(firstAnswer); // answered from the cache: the same body

    // Written through another handle: nothing in this process drops the cache, its stamp check must.
    const second = await ingestBuild(other, { job: 'solo5', images: build(2), ingestedAt: AT });
    const [job] = await jobs();
    expect(job?.buildCount).toBe(2);
    expect(job?.latest.id).toBe(second.buildId);
    expect(job?.latest.images.map((i) => [i.target, i.fileSize])).toEqual(
      truth.map((t) => [t.target, t.size]),
    );
    expect(job?.trend).toEqual(truth.map((t) => ({ target: t.target, fileSizes: [t.size, t.size] })));
  });
});
