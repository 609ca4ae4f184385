/**
 * The audit's API and its start-up checks: a unit's detail endpoint on the hvt fixture (checked
 * against nm -S and the manifest inspect writes), the advisories endpoint with and without a
 * folder, diagnostics in the build response, and `serve --advisories` / `report --advisories`
 * refusing bad input in one line with exit 2.
 */
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { ingestBuild } from '../../store/ingest-build.js';
import { connectStore } from '../../store/connect-store.js';
import type { StoreDb } from '../../store/store-db.js';
import type {
  AdvisoriesResponse,
  BuildResponse,
  ImageResponse,
  TreeResponse,
  UnitDetailResponse,
} from '../../web/server/api-types.js';
import { createApp } from '../../web/server/create-app.js';
import { runCli } from '../cli/run-cli.js';
import { inspectSolo5, SOLO5_DIR } from '../support/solo5-build.js';

const dir = mkdtempSync(join(tmpdir(), 'tcbscope-audit-api-'));
let db: StoreDb;
const servers: Server[] = [];
let hvt: Manifest;
let imageId: number;
let buildId: number;

async function serve(advisories?: { folder: string; advisories: [] }): Promise<string> {
  const server = createApp({ db, ...(advisories ? { advisories } : {}) }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function get<T>(base: string, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(base + path);
  return { status: response.status, body: (await response.json()) as T };
}

beforeAll(async () => {
  db = await connectStore(join(dir, 'tcbscope.db'));
  hvt = inspectSolo5('solo5-hvt');
  const build = await ingestBuild(db, {
    job: 'audit',
    images: [{ manifest: hvt, source: 'hvt.json' }],
    ingestedAt: '2024-05-01T12:00:00.000Z',
  });
  buildId = build.buildId;
  imageId = build.images[0]?.id as number;
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((done) => s.close(done));
  }
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit endpoints', () => {
  it('/api/images/:id/units/:unit/detail: the unit’s record, bytes on each basis and symbols as nm sizes them', async () => {
    const base = await serve();
    const { body: whole } = await get<TreeResponse>(base, `/api/images/${imageId}/tree`);
    const unit = (whole.tree.children ?? []).flatMap((p) => p.children ?? []).find((u) => u.code > 0);
    const { status, body } = await get<UnitDetailResponse>(
      base,
      `/api/images/${imageId}/units/${unit?.unit}/detail`,
    );
    expect(status).toBe(200);
    const record = hvt.attribution.units[unit?.unit as number];
    expect(body.detail).toMatchObject({
      name: record?.name,
      package: record?.package,
      language: record?.language,
      evidence: record?.evidence,
      bytes: { file: unit?.bytes, loaded: unit?.loaded, code: unit?.code },
    });
    // nm's size is the symbol's memory size: its file bytes, or for .bss what it reserves.
    const nm = readFileSync(join(SOLO5_DIR, 'solo5-hvt.nm-S.txt'), 'utf8');
    for (const s of body.detail.symbols.filter((s) => !s.name.startsWith('[')))
      expect(nm).toMatch(
        new RegExp(
          `^0*${s.address.toString(16)} 0*${Math.max(s.fileSize, s.memSize).toString(16)} \\w ${s.name}$`,
          'm',
        ),
      );
    expect((await get(base, `/api/images/${imageId}/units/99999/detail`)).status).toBe(404);
  });

  it('/api/images/:id: the manifest’s diagnostics, provenance and build-id; /api/builds/:id: each target’s diagnostics', async () => {
    const base = await serve();
    const { body } = await get<ImageResponse>(base, `/api/images/${imageId}`);
    expect(body.audit.provenance).toEqual(hvt.provenance);
    expect(body.audit.diagnostics).toEqual(hvt.diagnostics);
    const buildIdNote = /Build ID: ([0-9a-f]+)/.exec(
      readFileSync(join(SOLO5_DIR, 'solo5-hvt.readelf-n.txt'), 'utf8'),
    )?.[1];
    expect(body.audit.buildId).toBe(buildIdNote);
    const { body: build } = await get<BuildResponse>(base, `/api/builds/${buildId}`);
    expect(build.targets.map((t) => t.diagnostics)).toEqual([hvt.diagnostics]);
  });

  it('/api/images/:id/advisories: none loaded, or the folder compared with nothing affected', async () => {
    const none = await get<AdvisoriesResponse>(await serve(), `/api/images/${imageId}/advisories`);
    expect(none.body).toEqual({ advisories: 0, checked: 0, unchecked: 0, matches: [] });
    const empty = await get<AdvisoriesResponse>(
      await serve({ folder: 'osv', advisories: [] }),
      `/api/images/${imageId}/advisories`,
    );
    expect(empty.body).toMatchObject({ folder: 'osv', advisories: 0, matches: [] });
    expect(empty.body.checked + empty.body.unchecked).toBe(hvt.dependencies.packages.length);
  });
});

describe('--advisories refuses bad input', () => {
  const bad = join(dir, 'bad-osv');
  beforeAll(() => {
    mkdirSync(bad);
    writeFileSync(join(bad, 'X-1.json'), JSON.stringify({ id: 'X-1' }));
  });

  it('serve: names the file, one line, exit 2, before anything listens', async () => {
    const r = await runCli(['serve', '--db', join(dir, 'never.db'), '--port', '0', '--advisories', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('X-1.json');
    expect(r.stdout).toBe('');
  });

  it('report: a bad advisory file refuses the Markdown report too, naming the file, writing nothing', async () => {
    const manifest = join(dir, 'hvt.json');
    writeFileSync(manifest, JSON.stringify(hvt));
    const r = await runCli([
      'report',
      manifest,
      '--format',
      'md',
      '-o',
      join(dir, 'r.md'),
      '--advisories',
      bad,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('X-1.json');
    expect(existsSync(join(dir, 'r.md'))).toBe(false);
  });
});
