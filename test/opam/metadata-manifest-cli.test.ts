/**
 * A metadata-only manifest (what `tcbscope deps` writes: no image, no regions, identity.sha256 the
 * lock file's) is accepted everywhere a manifest is: diff, compare, why, ingest, and the web API
 * on the database ingest wrote. The commands are the issue's, run through main(io) from the
 * repository with the data paths as written there (../shared/data/...).
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { connectStore } from '../../store/connect-store.js';
import type { StoreDb } from '../../store/store-db.js';
import type { JobsResponse, StacksResponse } from '../../web/server/api-types.js';
import { createApp } from '../../web/server/create-app.js';
import { runCli } from '../cli/run-cli.js';
import { HAVE_DATA, lockDependsByRegex } from './shared-data.js';

const repo = path.resolve(import.meta.dirname, '../..');
const LOCK = '../shared/data/lockfiles/hannesm__dune-variant/hello-hvt.opam.locked';
const REPO = '../shared/data/opam-repository';
const STACK = 'stacks/debian-12-amd64/https-nginx.json';

const work = mkdtempSync(path.join(tmpdir(), 'tcbscope-metadata-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const out = path.join(work, 'd.json');
const dbFile = path.join(work, 't.db');

describe.skipIf(!HAVE_DATA)(
  HAVE_DATA
    ? 'a metadata-only manifest from deps, everywhere a manifest is accepted'
    : 'a metadata-only manifest from deps: SKIPPED, ../shared/data not found',
  () => {
    let manifest: Manifest;
    beforeAll(async () => {
      const r = await runCli(['deps', '--lock', LOCK, '--opam-repo', REPO, '--out', out], repo);
      expect(r.code, r.stderr).toBe(0);
      manifest = JSON.parse(readFileSync(out, 'utf8')) as Manifest;
    });

    it('deps writes a metadata manifest named by the lock file’s sha256', () => {
      const lock = readFileSync(path.resolve(repo, LOCK));
      expect(manifest.identity.format).toBe('metadata');
      expect(manifest.regions).toEqual([]);
      expect(manifest.identity.sha256).toBe(createHash('sha256').update(lock).digest('hex'));
      // Every locked package is a node of the graph (names read from the lock by regex).
      const names = new Set(manifest.dependencies.packages.map((p) => p.name));
      for (const dep of lockDependsByRegex(lock.toString('utf8'))) expect(names).toContain(dep.name);
    });

    it.each([
      ['diff d.json d.json', () => ['diff', out, out]],
      ['diff --json d.json d.json', () => ['diff', out, out, '--json']],
      ['why lwt d.json', () => ['why', 'lwt', out]],
      ['compare d.json --against a stack', () => ['compare', out, '--against', STACK]],
      ['ingest d.json --db t.db', () => ['ingest', out, '--db', dbFile]],
    ])('tcbscope %s exits 0', async (_what, args) => {
      const r = await runCli(args(), repo);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/INTERNAL|TypeError/);
    });

    it('compare says that a metadata-only manifest has no bytes to compare', async () => {
      const r = await runCli(['compare', out, '--against', STACK], repo);
      expect(r.stdout).toContain('Caveat: hello-hvt is a metadata-only manifest');
    });

    describe('the web API on the database ingest wrote', () => {
      let db: StoreDb;
      let server: Server;
      let base: string;
      const internalErrors: unknown[] = [];
      beforeAll(async () => {
        // Ingest also runs above, but the order of it.each cases is not this block's business.
        expect((await runCli(['ingest', out, '--db', dbFile], repo)).code).toBe(0);
        expect((await runCli(['ingest', STACK, '--db', dbFile], repo)).code).toBe(0);
        db = await connectStore(dbFile);
        server = createApp({ db, onInternalError: (e) => internalErrors.push(e) }).listen(0, '127.0.0.1');
        await once(server, 'listening');
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      afterAll(async () => {
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
        await db.close();
      });

      it('answers every endpoint of the image with 200, and none reaches onInternalError', async () => {
        const jobs = (await (await fetch(`${base}/api/jobs`)).json()) as JobsResponse;
        const build = jobs.jobs[0]?.latest;
        const image = build?.images[0];
        expect(image?.fileSize).toBe(0);
        const stacks = (await (await fetch(`${base}/api/stacks`)).json()) as StacksResponse;
        const stackId = stacks.stacks[0]?.id;
        for (const p of [
          `/api/builds/${build?.id}`,
          `/api/images/${image?.id}`,
          `/api/images/${image?.id}/tree`,
          `/api/images/${image?.id}/graph`,
          `/api/images/${image?.id}/manifest`,
          `/api/images/${image?.id}/stack/${stackId}`,
          `/api/compare?base=${image?.id}&head=${image?.id}`,
        ]) {
          const res = await fetch(`${base}${p}`);
          expect(res.status, `${p}: ${await res.clone().text()}`).toBe(200);
          await res.json();
        }
        const graph = (await (await fetch(`${base}/api/images/${image?.id}/graph`)).json()) as {
          dependencies: Manifest['dependencies'];
        };
        expect(graph.dependencies.packages.length).toBe(manifest.dependencies.packages.length);
        expect(internalErrors).toEqual([]);
      });
    });
  },
);
